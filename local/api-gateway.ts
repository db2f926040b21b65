// API Gateway (HTTP API, payload format 2.0), locally, from the template's routes: each request is matched to a
// route as API Gateway matches it (the most specific path first, greedy variables last), let through by the route's
// authorizer (JWT: the user pool's tokens for the listed audiences; AWS_IAM: a Signature Version 4 request by a
// principal whose policy allows execute-api:Invoke on the route), and becomes the event API Gateway would build for
// the route's function; its result becomes the HTTP response. Refusals and a function's error answer with API
// Gateway's own bodies, as on AWS.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PolicyEvaluator, Principal } from './iam/policies.js';
import { verifySignature } from './iam/sigv4.js';
import type { InvokeResult } from './lambda/service.js';
import { LOCAL_ACCOUNT, LOCAL_API_ID, LOCAL_REGION, type RouteAuthorizer, type RouteSpec } from './template.js';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** A caller that signs requests with IAM credentials (locally: the data-exchange role of aws.json). */
export interface IamCaller {
  secretAccessKey: string;
  principal: Principal;
  /** As the IAM authorizer names it: the assumed role's session ARN. */
  userArn: string;
}

export interface ApiGatewayOptions {
  routes: RouteSpec[];
  now: () => Date;
  evaluator: PolicyEvaluator;
  iamCallers: Map<string, IamCaller>;
  invoke: (functionArn: string, event: APIGatewayProxyEventV2) => Promise<InvokeResult>;
}

interface CompiledRoute extends RouteSpec {
  method: string;
  regex: RegExp;
  names: string[];
  greedy: boolean;
  literal: number;
}

export function compileRoute(route: RouteSpec): CompiledRoute {
  const [method, path] = route.routeKey.split(' ');
  const names: string[] = [];
  const pattern = path
    .split('/')
    .map((segment) => {
      const variable = segment.match(/^\{(\w+)(\+?)\}$/);
      if (!variable) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      names.push(variable[1]);
      return variable[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return {
    ...route,
    method,
    regex: new RegExp(`^${pattern}$`),
    names,
    greedy: path.includes('+}'),
    literal: path.split('{')[0].length,
  };
}

/** API Gateway's order: no greedy variable before greedy; the longer literal start first; a method before ANY. */
export function selectRoute(routes: CompiledRoute[], method: string, path: string) {
  const matching = routes
    .filter((r) => (r.method === 'ANY' || r.method === method) && r.regex.test(path))
    .sort(
      (a, b) =>
        Number(a.greedy) - Number(b.greedy) ||
        b.literal - a.literal ||
        Number(a.method === 'ANY') - Number(b.method === 'ANY'),
    );
  const route = matching[0];
  if (!route) return undefined;
  const values = route.regex.exec(path)!.slice(1);
  return { route, pathParameters: Object.fromEntries(route.names.map((n, i) => [n, values[i]])) };
}

type Authorized = { authorizer?: Record<string, unknown> } | { status: number; message: string; headers?: object };

const JWT_REFUSED = (description: string) => ({
  status: 401,
  message: 'Unauthorized',
  headers: { 'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${description}"` },
});

export function localApiGateway(options: ApiGatewayOptions) {
  const routes = options.routes.map(compileRoute);
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  async function jwt(authorizer: Extract<RouteAuthorizer, { type: 'JWT' }>, token: string | undefined) {
    if (!token) return JWT_REFUSED('the token is missing');
    let keys = keySets.get(authorizer.issuer);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(`${authorizer.issuer}/.well-known/jwks.json`));
      keySets.set(authorizer.issuer, keys);
    }
    try {
      const { payload } = await jwtVerify(token.replace(/^Bearer /i, ''), keys, {
        issuer: authorizer.issuer,
        algorithms: ['RS256'],
        currentDate: options.now(),
      });
      const audiences = [payload.aud, payload.client_id].flat().filter((a): a is string => typeof a === 'string');
      if (!audiences.some((a) => authorizer.audience.includes(a)))
        return JWT_REFUSED('the token has an invalid audience');
      // API Gateway hands the claims on as strings (a list becomes "[a b]")
      const claims = Object.fromEntries(
        Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
      );
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : null;
      return { authorizer: { jwt: { claims, scopes } } };
    } catch (error) {
      return JWT_REFUSED(`the token is not valid: ${(error as Error).message}`);
    }
  }

  async function iam(request: IncomingMessage, body: Buffer, route: CompiledRoute, path: string): Promise<Authorized> {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
    );
    const url = new URL(request.url ?? '/', `http://${headers.host ?? 'localhost'}`);
    const verified = await verifySignature(
      { method: request.method ?? 'GET', url, headers, body },
      (key) => options.iamCallers.get(key)?.secretAccessKey,
      options.now(),
    );
    if ('refused' in verified) return { status: 403, message: verified.refused };
    const caller = options.iamCallers.get(verified.accessKeyId)!;
    const method = route.method === 'ANY' ? request.method : route.method;
    const resource = `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${LOCAL_API_ID}/$default/${method}${path}`;
    if (!(await options.evaluator.check(caller.principal, { action: 'execute-api:Invoke', resource })))
      return {
        status: 403,
        message: `User: ${caller.userArn} is not authorized to perform: execute-api:Invoke on resource: ${resource}`,
      };
    return {
      authorizer: {
        iam: {
          accessKey: verified.accessKeyId,
          accountId: LOCAL_ACCOUNT,
          callerId: caller.userArn.split('/').slice(1).join(':'),
          cognitoIdentity: null,
          principalOrgId: null,
          userArn: caller.userArn,
          userId: caller.userArn.split('/').slice(1).join(':'),
        },
      },
    };
  }

  return async (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const selected = selectRoute(routes, method, path);
    const refuse = (status: number, message: string, headers: object = {}) =>
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ message }));
    if (!selected) return refuse(404, 'Not Found');
    const { route, pathParameters } = selected;
    const authorized: Authorized =
      route.authorizer?.type === 'JWT'
        ? await jwt(route.authorizer, request.headers.authorization)
        : route.authorizer?.type === 'AWS_IAM'
          ? await iam(request, body, route, path)
          : {};
    if ('status' in authorized) return refuse(authorized.status, authorized.message, authorized.headers);
    const event = toEvent(request, body, options.now());
    event.routeKey = route.routeKey;
    event.requestContext.routeKey = route.routeKey;
    if (route.names.length) event.pathParameters = pathParameters;
    if (authorized.authorizer)
      (event.requestContext as unknown as { authorizer: unknown }).authorizer = authorized.authorizer;
    writeResult(response, await options.invoke(route.functionArn, event));
  };
}

export function toEvent(request: IncomingMessage, body: Buffer, now: Date): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // as API Gateway adds it: how the request reached the gateway (here plain HTTP on the machine)
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? 'unknown',
        userAgent: headers['user-agent'] ?? '',
      },
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

/** Writes the function's result as API Gateway would. */
export function writeResult(response: ServerResponse, result: InvokeResult) {
  if ('error' in result) {
    response
      .writeHead(500, { 'content-type': 'application/json' })
      .end(JSON.stringify({ message: 'Internal Server Error' }));
    return;
  }
  const payload = result.payload as APIGatewayProxyStructuredResultV2 | string | null;
  if (payload === null || typeof payload !== 'object' || !('statusCode' in payload)) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    return;
  }
  response.writeHead(payload.statusCode ?? 200, (payload.headers ?? {}) as Record<string, string>);
  const body =
    payload.body === undefined
      ? undefined
      : payload.isBase64Encoded
        ? Buffer.from(payload.body, 'base64')
        : payload.body;
  response.end(body);
}
