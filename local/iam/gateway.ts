// An endpoint in front of each local AWS service that does what AWS does before a service sees a
// call: find whose credentials signed it, evaluate the call against that role's policy, and refuse
// it the way the service refuses (AccessDenied, in the service's own protocol). It also answers as
// S3 does for a missing object: 404 only to a caller that may list the prefix, otherwise 403.
import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../template.js';
import type { AwsCall, PolicyEvaluator, Principal } from './policies.js';

export type Service = 'dynamodb' | 's3' | 'sesv2' | 'sfn' | 'cognito-idp' | 'events';

interface Described {
  /** Allowed when any of these is allowed (SES: the address's or its domain's identity). */
  anyOf: AwsCall[];
  /** S3 GetObject/HeadObject: the prefix whose ListBucket decides 404 or 403. */
  missingObjectListCall?: AwsCall;
}

/**
 * A fault to inject (local testing of failure paths): after `skip` matching calls pass, the next `count` fail this way.
 */
export interface Fault {
  action: string;
  error: 'AccessDenied' | 'Throttling' | 'InternalError';
  count: number;
  skip: number;
  principal?: string;
}

export interface GatewayOptions {
  /** The local clock (default: real time). */
  now?: () => Date;
  /** Shared by all gateways; matching calls fail as told, before anything else happens. */
  faults?: Fault[];
  service: Service;
  upstream: string;
  evaluator: PolicyEvaluator;
  /** The state machine the task-token actions are evaluated against. */
  stateMachineArn: string;
  /** Refuse calls from unknown credentials (every function signs with its role's key). */
  requireKnownPrincipal?: boolean;
}

export type DynamoDbItem = Record<string, unknown>;
/** A single-item write to DynamoDB with the item as it was before and after it (bench/write-units.ts). */
export interface ObservedWrite {
  principal: string;
  action: string;
  before?: DynamoDbItem;
  after?: DynamoDbItem;
}

export interface Gateway {
  endpoint: string;
  /** Calls seen, by "principal action". */
  counts: Map<string, number>;
  /** DynamoDB: reports each PutItem, UpdateItem and DeleteItem with its item before and after (undefined: stop). */
  observeWrites(observer: ((write: ObservedWrite) => void) | undefined): void;
  stop(): Promise<void>;
}

const SINGLE_ITEM_WRITE = /^dynamodb:(PutItem|UpdateItem|DeleteItem)$/;

/** The item under a write's key, read from the service itself (consistently) with the caller's own headers. */
function itemUnder(upstream: URL, request: IncomingMessage, body: Buffer): Promise<DynamoDbItem | undefined> {
  const input = JSON.parse(body.toString()) as { TableName: string; Key?: DynamoDbItem; Item?: DynamoDbItem };
  const key = input.Key ?? { pk: input.Item?.pk, sk: input.Item?.sk };
  const payload = JSON.stringify({ TableName: input.TableName, Key: key, ConsistentRead: true });
  return new Promise((resolve, reject) => {
    const get = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.GetItem',
          authorization: request.headers.authorization,
          'x-amz-date': request.headers['x-amz-date'],
        },
      },
      async (answer) => {
        const chunks: Buffer[] = [];
        for await (const chunk of answer) chunks.push(chunk);
        resolve((JSON.parse(Buffer.concat(chunks).toString()) as { Item?: DynamoDbItem }).Item);
      },
    );
    get.on('error', reject);
    get.end(payload);
  });
}

const tableArn = (name: string) => `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
const userPoolArn = (id: string) => `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${id}`;
const sesIdentity = (identity: string) => `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/${identity}`;

function describe(service: Service, request: IncomingMessage, body: Buffer, stateMachineArn: string): Described {
  const url = new URL(request.url ?? '/', 'http://local');
  if (service === 'dynamodb') {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
    const input = JSON.parse(body.toString() || '{}') as {
      TableName?: string;
      IndexName?: string;
      RequestItems?: object;
    };
    const tables = input.TableName ? [input.TableName] : Object.keys(input.RequestItems ?? {});
    const action = `dynamodb:${operation}`;
    return {
      anyOf: tables.map((t) => ({
        action,
        resource: input.IndexName ? `${tableArn(t)}/index/${input.IndexName}` : tableArn(t),
      })),
    };
  }
  if (service === 'sfn') {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
    const input = JSON.parse(body.toString() || '{}') as { stateMachineArn?: string; executionArn?: string };
    const resource = input.stateMachineArn ?? input.executionArn ?? stateMachineArn;
    return { anyOf: [{ action: `states:${operation}`, resource }] };
  }
  if (service === 'cognito-idp') {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
    const input = JSON.parse(body.toString() || '{}') as { UserPoolId?: string };
    return { anyOf: [{ action: `cognito-idp:${operation}`, resource: userPoolArn(String(input.UserPoolId)) }] };
  }
  if (service === 'events') {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
    const input = JSON.parse(body.toString() || '{}') as { Entries?: { EventBusName?: string }[] };
    const bus = input.Entries?.[0]?.EventBusName ?? 'default';
    const resource = bus.startsWith('arn:') ? bus : `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${bus}`;
    return { anyOf: [{ action: `events:${operation}`, resource }] };
  }
  if (service === 'sesv2') {
    const input = JSON.parse(body.toString() || '{}') as {
      FromEmailAddress?: string;
      Content?: { Raw?: { Data?: string } };
    };
    const raw = input.Content?.Raw?.Data ? Buffer.from(input.Content.Raw.Data, 'base64').toString('utf8') : '';
    const fromHeader = raw.match(/^From:.*?([^\s<>"]+@[^\s<>"]+)/im)?.[1];
    const from = (input.FromEmailAddress ?? fromHeader ?? '').replace(/^.*</, '').replace(/>.*$/, '');
    const domain = from.split('@')[1] ?? from;
    return { anyOf: [from, domain].map((identity) => ({ action: 'ses:SendEmail', resource: sesIdentity(identity) })) };
  }
  // S3, path style: /bucket[/key]
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const method = request.method ?? 'GET';
  if (!key) {
    if (method === 'PUT') return { anyOf: [{ action: 's3:CreateBucket', resource: `arn:aws:s3:::${bucket}` }] };
    const prefix = url.searchParams.get('prefix') ?? '';
    return {
      anyOf: [{ action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, context: { 's3:prefix': prefix } }],
    };
  }
  const object = `arn:aws:s3:::${bucket}/${key}`;
  if (method === 'GET' || method === 'HEAD') {
    return {
      anyOf: [{ action: 's3:GetObject', resource: object }],
      missingObjectListCall: {
        action: 's3:ListBucket',
        resource: `arn:aws:s3:::${bucket}`,
        context: { 's3:prefix': key },
      },
    };
  }
  if (method === 'PUT') return { anyOf: [{ action: 's3:PutObject', resource: object }] };
  if (method === 'DELETE') return { anyOf: [{ action: 's3:DeleteObject', resource: object }] };
  return { anyOf: [{ action: `s3:${method}`, resource: object }] };
}

function injectFault(service: Service, response: ServerResponse, fault: Fault) {
  if (fault.error === 'AccessDenied')
    return refuse(service, response, `Access Denied (injected fault on ${fault.action})`);
  const status = fault.error === 'Throttling' ? (service === 's3' ? 503 : 400) : 500;
  const code =
    fault.error === 'Throttling' ? (service === 's3' ? 'SlowDown' : 'ThrottlingException') : 'InternalFailure';
  if (service === 's3') {
    response.writeHead(status, { 'content-type': 'application/xml' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected fault</Message></Error>`,
    );
  } else {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': code });
    response.end(JSON.stringify({ __type: code, message: 'injected fault' }));
  }
}

function refuse(service: Service, response: ServerResponse, message: string) {
  if (service === 's3') {
    response.writeHead(403, { 'content-type': 'application/xml' });
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`,
    );
  } else if (service === 'sesv2') {
    response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
    response.end(JSON.stringify({ message }));
  } else {
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message }));
  }
}

const denialMessage = (principal: Principal, call: AwsCall) =>
  `User: ${principal.roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${principal.label} ` +
  `is not authorized to perform: ${call.action} on resource: ${call.resource} ` +
  `because no identity-based policy allows the ${call.action} action`;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const counts = new Map<string, number>();
  const upstream = new URL(options.upstream);
  let writeObserver: ((write: ObservedWrite) => void) | undefined;

  const server = createServer(async (request, response) => {
    // the services answer in the local clock's time, as the functions see it: an SDK that saw a real-time Date
    // header would take the local clock for skew, correct it and retry, and a failure would pass unnoticed
    const date = (options.now?.() ?? new Date()).toUTCString();
    response.setHeader('date', date);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    try {
      const accessKeyId = String(request.headers.authorization ?? '').match(/Credential=([^/]+)\//)?.[1];
      const principal = options.evaluator.principalOf(accessKeyId);
      let listCall: AwsCall | undefined;
      // a write reported to the observer: who made it and the item before it
      let observed: { principal: string; action: string; before?: DynamoDbItem } | undefined;
      if (principal) {
        const described = describe(options.service, request, body, options.stateMachineArn);
        const decisions = await Promise.all(described.anyOf.map((call) => options.evaluator.allows(principal, call)));
        const first = described.anyOf[0];
        const fault = options.faults?.find(
          (f) => f.count > 0 && f.action === first?.action && (!f.principal || f.principal === principal.label),
        );
        if (fault && fault.skip > 0) fault.skip--;
        else if (fault) {
          fault.count--;
          injectFault(options.service, response, fault);
          return;
        }
        const countKey = `${principal.label} ${first?.action}`;
        counts.set(countKey, (counts.get(countKey) ?? 0) + 1);
        if (first && !decisions.some(Boolean)) {
          await options.evaluator.check(principal, first); // records the refusal
          refuse(options.service, response, denialMessage(principal, first));
          return;
        }
        listCall = described.missingObjectListCall;
        if (writeObserver && first && SINGLE_ITEM_WRITE.test(first.action))
          observed = {
            principal: principal.label,
            action: first.action,
            before: await itemUnder(upstream, request, body),
          };
      } else if (options.requireKnownPrincipal) {
        refuse(
          options.service,
          response,
          `The security token included in the request is not one of a Liaison function (${accessKeyId})`,
        );
        return;
      }
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: upstream.host },
        },
        async (answer) => {
          if (
            answer.statusCode === 404 &&
            listCall &&
            principal &&
            !(await options.evaluator.allows(principal, listCall))
          ) {
            answer.resume();
            refuse(options.service, response, 'Access Denied');
            return;
          }
          // the write is done once its answer comes: the item after it, before the caller hears back
          if (observed) writeObserver?.({ ...observed, after: await itemUnder(upstream, request, body) });
          response.writeHead(answer.statusCode ?? 502, { ...answer.headers, date });
          answer.pipe(response);
        },
      );
      forwarded.on('error', (error) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`local ${options.service} is unavailable: ${error.message}`);
      });
      forwarded.end(body);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`local gateway error: ${(error as Error).message}`);
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    observeWrites: (observer) => {
      writeObserver = observer;
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
