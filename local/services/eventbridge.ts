// EventBridge, locally: PutEvents on the stack's buses (AWS JSON 1.1, X-Amz-Target AWSEvents.PutEvents), each
// event kept in the bus's file (<dir>/<bus>.jsonl, what a subscriber of the bus would have seen), and the stack's
// rules run as EventBridge runs them: a matching rule invokes its function asynchronously with the event, retrying
// a failed invocation up to the rule's retry policy. The IAM gateway in front checks events:PutEvents.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type EventRuleSpec, LOCAL_ACCOUNT, LOCAL_REGION } from '../template.js';

export interface EventBridgeOptions {
  dir: string;
  buses: { name: string; arn: string }[];
  rules: EventRuleSpec[];
  now: () => Date;
  /** Invokes a rule's target with the event (the local Lambda service). */
  invoke: (functionArn: string, event: unknown) => Promise<{ error?: { errorType: string; errorMessage: string } }>;
  /** Between retries of a failed invocation (EventBridge backs off for longer). */
  retryDelayMs?: number;
}

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

type Entry = { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string; Time?: number | string };

export const busFile = (dir: string, busName: string) => join(dir, `${busName}.jsonl`);

const matches = (rule: EventRuleSpec, event: BusEvent) =>
  (!rule.pattern.source || rule.pattern.source.includes(event.source)) &&
  (!rule.pattern['detail-type'] || rule.pattern['detail-type'].includes(event['detail-type']));

export async function startEventBridge(options: EventBridgeOptions) {
  mkdirSync(options.dir, { recursive: true });
  const inFlight = new Set<Promise<void>>();
  const busNamed = (nameOrArn: string | undefined) =>
    options.buses.find((b) => b.name === (nameOrArn ?? 'default') || b.arn === nameOrArn);

  const deliver = async (rule: EventRuleSpec, event: BusEvent) => {
    for (const target of rule.targets) {
      if (!target.permitted) {
        console.error(
          JSON.stringify({ msg: 'rule may not invoke its target', rule: rule.logicalId, target: target.arn }),
        );
        continue;
      }
      for (let attempt = 0; attempt <= target.retryAttempts; attempt++) {
        const { error } = await options.invoke(target.arn, event);
        if (!error) break;
        if (attempt === target.retryAttempts) {
          console.error(JSON.stringify({ msg: 'rule target failed after retries', rule: rule.logicalId, error }));
          break;
        }
        await new Promise((ok) => setTimeout(ok, (options.retryDelayMs ?? 1000) * 2 ** attempt));
      }
    }
  };

  const putEvents = (input: { Entries?: Entry[] }) => {
    const entries = input.Entries ?? [];
    if (entries.length < 1 || entries.length > 10)
      throw Object.assign(new Error('Entries must hold 1 to 10 events'), { type: 'ValidationException' });
    let failed = 0;
    const results = entries.map((entry) => {
      const bus = busNamed(entry.EventBusName);
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail ?? '');
      } catch {
        detail = undefined;
      }
      const problem = !bus
        ? ['InvalidArgument', `event bus ${entry.EventBusName ?? 'default'} does not exist`]
        : !entry.Source || !entry.DetailType
          ? ['InvalidArgument', 'Source and DetailType are required']
          : typeof detail !== 'object' || detail === null || Array.isArray(detail)
            ? ['MalformedDetail', 'Detail is not a JSON object']
            : undefined;
      if (problem) {
        failed += 1;
        return { ErrorCode: problem[0], ErrorMessage: problem[1] };
      }
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType!,
        source: entry.Source!,
        account: LOCAL_ACCOUNT,
        time: (entry.Time ? new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time) : options.now())
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        region: LOCAL_REGION,
        resources: [],
        detail,
      };
      appendFileSync(busFile(options.dir, bus!.name), `${JSON.stringify(event)}\n`);
      for (const rule of options.rules.filter((r) => r.busName === bus!.name && matches(r, event))) {
        const running = deliver(rule, event).finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      return { EventId: event.id };
    });
    return { FailedEntryCount: failed, Entries: results };
  };

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1];
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    };
    try {
      if (operation !== 'PutEvents')
        return reply(400, { __type: 'UnknownOperationException', message: `${operation} is not served locally` });
      reply(200, putEvents(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
    } catch (error) {
      const type = (error as { type?: string }).type ?? 'ValidationException';
      reply(400, { __type: type, message: (error as Error).message });
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Waits for the rules' invocations under way (tests; a stop does not wait for them, as a crash would not). */
    settled: async () => {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
