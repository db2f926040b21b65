// The local-only routes, one table like the API's: the clock, injected faults, the IAM report, executions and the
// mailbox. They act on the whole system without a token, so local/guard.ts lets only this machine reach them.
import type { ServerResponse } from 'node:http';
import { compilePath } from '../functions/http/route.js';
import type { LocalClock } from './clock.js';
import type { Fault, Gateway, Service } from './iam/gateway.js';
import type { PolicyEvaluator } from './iam/policies.js';
import type { LocalSes } from './services/ses.js';
import type { LocalWorkflowRunner } from './stepfunctions/runner.js';

/** What the local routes act on. */
export interface LocalSystem {
  clock: LocalClock;
  runner: LocalWorkflowRunner;
  scheduler: { tick: () => void };
  faults: Fault[];
  evaluator: PolicyEvaluator;
  gateways: Record<Service, Gateway>;
  mail: LocalSes;
  /** Keeps what depends on the time current once the clock moved (the ready tokens in credentials.json). */
  afterClockMoved: () => Promise<unknown>;
}

interface LocalCall {
  params: Record<string, string>;
  body: Buffer;
  response: ServerResponse;
}

interface LocalRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handle: (call: LocalCall) => Promise<void> | void;
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  response.writeHead(status, headers).end(JSON.stringify(body));
}
export function problem(response: ServerResponse, status: number, error: string, message: string, path?: string) {
  json(response, status, { error, message, issues: path ? [{ path, message }] : [] });
}

const FAULT_ERRORS = ['AccessDenied', 'Throttling', 'InternalError'];

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body.toString() || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function localRoutes(system: LocalSystem): LocalRoute[] {
  const { clock, runner, scheduler, faults, evaluator, gateways, mail } = system;
  return [
    { method: 'GET', path: '/local/clock', handle: ({ response }) => json(response, 200, { now: clock.now() }) },
    {
      method: 'POST',
      path: '/local/clock',
      // local time travel: move the clock forward, then let due deadlines and schedules fire
      handle: async ({ body, response }) => {
        let at: Date;
        try {
          at = clock.advance(Number(parseJson(body)?.advanceSeconds));
        } catch (error) {
          return problem(response, 400, 'ValidationError', (error as Error).message, 'advanceSeconds');
        }
        await system.afterClockMoved();
        runner.checkDeadlines();
        scheduler.tick();
        return json(response, 200, { now: at.toISOString() });
      },
    },
    {
      method: 'POST',
      path: '/local/faults',
      // failure paths, for real: the next matching AWS calls of the functions fail as asked
      handle: ({ body, response }) => {
        const fault = (parseJson(body) ?? {}) as Partial<Fault>;
        if (typeof fault.action !== 'string' || !/^[a-z0-9-]+:[A-Za-z]+$/.test(fault.action))
          return problem(
            response,
            400,
            'ValidationError',
            'action must be an AWS action such as s3:PutObject',
            'action',
          );
        if (!FAULT_ERRORS.includes(String(fault.error)))
          return problem(response, 400, 'ValidationError', `error must be one of ${FAULT_ERRORS.join(', ')}`, 'error');
        const count = Number(fault.count ?? 1);
        if (!Number.isInteger(count) || count < 1 || count > 1000)
          return problem(response, 400, 'ValidationError', 'count must be 1-1000', 'count');
        const skip = Number(fault.skip ?? 0);
        if (!Number.isInteger(skip) || skip < 0 || skip > 1000)
          return problem(response, 400, 'ValidationError', 'skip must be 0-1000', 'skip');
        faults.push({
          action: fault.action,
          error: fault.error as Fault['error'],
          count,
          skip,
          principal: fault.principal,
        });
        return json(response, 202, { injected: faults.filter((f) => f.count > 0) });
      },
    },
    {
      method: 'GET',
      path: '/local/iam',
      // what the permission checks saw: calls refused, and grants no call has used so far
      handle: ({ response }) =>
        json(response, 200, {
          denials: evaluator.denials,
          unusedGrants: evaluator.grants().filter((g) => !g.used),
          // "<function> <action>" → how many calls, across every service
          calls: Object.fromEntries(Object.values(gateways).flatMap((g) => [...g.counts])),
        }),
    },
    {
      method: 'GET',
      path: '/local/executions/{name}',
      handle: ({ params, response }) => {
        const described = runner.describe(params.name);
        return described
          ? json(response, 200, described)
          : problem(response, 404, 'NotFound', `no execution ${params.name}`);
      },
    },
    {
      method: 'DELETE',
      path: '/local/executions/{name}',
      // what an operator's StopExecution in the AWS console does: the execution ends, no step runs
      handle: async ({ params, response }) => {
        if (!runner.describe(params.name)) return problem(response, 404, 'NotFound', `no execution ${params.name}`);
        const stopped = await runner.stopExecution(params.name, 'Operator.Stopped', 'stopped by hand');
        return json(response, 200, { name: stopped.name, status: stopped.status });
      },
    },
    { method: 'GET', path: '/mail', handle: ({ response }) => json(response, 200, { messages: mail.list() }) },
    {
      method: 'GET',
      path: '/mail/{id}',
      handle: ({ params, response }) => {
        const found = mail.get(params.id);
        return found ? json(response, 200, found) : problem(response, 404, 'NotFound', `no message ${params.id}`);
      },
    },
    {
      method: 'GET',
      path: '/mail/{id}/attachments/{index}',
      handle: ({ params, response }) => {
        const found = /^\d+$/.test(params.index) ? mail.attachment(params.id, Number(params.index)) : undefined;
        if (!found) return problem(response, 404, 'NotFound', `no attachment ${params.index} of message ${params.id}`);
        // shown in the browser (a PDF opens in its viewer); the name is kept for saving it
        const name = found.filename.replace(/["\\\r\n]/g, '_');
        response
          .writeHead(200, {
            'content-type': found.contentType,
            'content-disposition': `inline; filename="${name}"`,
            'x-content-type-options': 'nosniff',
          })
          .end(found.content);
      },
    },
    {
      method: 'GET',
      path: '/mail/{id}/raw',
      handle: async ({ params, response }) => {
        const raw = await mail.raw(params.id);
        if (!raw) return problem(response, 404, 'NotFound', `no message ${params.id}`);
        response.writeHead(200, { 'content-type': 'message/rfc822' }).end(raw);
      },
    },
  ];
}

/** The router of the local routes: a handler per request, 404 for an unknown path, 405 for another method. */
export function localRouter(system: LocalSystem) {
  const compiled = localRoutes(system).map((route) => ({ route, ...compilePath(route.path) }));
  return async (method: string, path: string, body: Buffer, response: ServerResponse) => {
    let pathKnown = false;
    for (const { route, regex, names } of compiled) {
      const m = regex.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      let params: Record<string, string>;
      try {
        params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      } catch {
        return problem(response, 400, 'ValidationError', 'the path is not valid percent-encoding');
      }
      return route.handle({ params, body, response });
    }
    return pathKnown
      ? problem(response, 405, 'MethodNotAllowed', `${method} is not allowed on ${path}`)
      : problem(response, 404, 'NotFound', `no route ${path}`);
  };
}
