// The embedded runtime behind `npm start`: DynamoDB engine, state machine runner, mail outbox,
// documents folder, daily timer and the HTTP server, all in one process and offline.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { FUNCTIONS, type FunctionName } from '../infra/steps.js';
import { configureDependencies, deps } from '../functions/adapters/dependencies.js';
import { OutboxMailer } from '../functions/adapters/mailer.js';
import { ROLES, type Role } from '../functions/domain/schemas.js';
import { hashApiToken } from '../functions/http/auth.js';
import { ensureTable, startDynalite } from './dynamodb.js';
import { synthesizeStack } from './synthesized-stack.js';
import { LocalWorkflowRunner } from './workflow-runner.js';
import { LocalClock } from './clock.js';

export interface LocalOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  dynamodbEndpoint?: string;
  baseUrl?: string;
  dailyJobIntervalMs?: number;
}

export interface LocalRuntime {
  url: string;
  credentials: Record<Role, string>;
  runner: LocalWorkflowRunner;
  resumed: string[];
  stop: () => Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
async function loadHandler(name: FunctionName): Promise<Handler> {
  return ((await import(`../functions/${name}.ts`)) as { handler: Handler }).handler;
}

async function loadCredentials(dataDir: string): Promise<Record<Role, string>> {
  const file = join(dataDir, 'credentials.json');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    const credentials = Object.fromEntries(ROLES.map((role) => [role, `lsn_${role}_${randomBytes(24).toString('base64url')}`])) as Record<Role, string>;
    await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    return credentials;
  }
}

/** One runtime per data folder: the embedded database cannot be shared. */
async function lockDataDir(dataDir: string) {
  const file = join(dataDir, 'liaison.pid');
  try {
    const pid = Number(await readFile(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`another Liaison (pid ${pid}) is using ${dataDir}; stop it first or set LIAISON_DATA_DIR to another folder`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFile(file, String(process.pid));
  return () => rm(file, { force: true });
}

function isAlive(pid: number) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function toEvent(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  return {
    version: '2.0', routeKey: '$default', rawPath: url.pathname, rawQueryString: url.search.slice(1), headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: 'local', apiId: 'local', domainName: headers.host ?? 'localhost', domainPrefix: 'local', requestId: randomUUID(),
      routeKey: '$default', stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
      http: { method: request.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.socket.remoteAddress ?? 'unknown', userAgent: headers['user-agent'] ?? '' },
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

export async function startLocal(options: LocalOptions = {}): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir ?? '.liaison');
  await mkdir(dataDir, { recursive: true });
  const releaseLock = await lockDataDir(dataDir);

  const stack = synthesizeStack();
  const dynamo = options.dynamodbEndpoint ? undefined : await startDynalite(join(dataDir, 'dynamodb'));
  const endpoint = options.dynamodbEndpoint ?? dynamo!.endpoint;
  const tableName = process.env.TABLE_NAME || 'liaison';
  await ensureTable(endpoint, tableName, stack.table);

  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'local',
    LIAISON_DOCUMENTS_DIR: join(dataDir, 'documents'),
    LIAISON_OUTBOX_DIR: join(dataDir, 'outbox'),
  });
  const outbox = new OutboxMailer(join(dataDir, 'outbox'), process.env.SENDER_EMAIL || 'liaison@liaison.local', process.env.REPLY_TO_EMAIL || undefined);

  const handlers = new Map<string, Handler>();
  const byName = new Map<FunctionName, Handler>();
  for (const name of FUNCTIONS) byName.set(name, await loadHandler(name));
  for (const [arn, name] of stack.functionsByArn) handlers.set(arn, byName.get(name)!);
  const clock = new LocalClock();
  const runner = new LocalWorkflowRunner({ definition: stack.definition, handlers, journalDir: join(dataDir, 'executions'), now: clock.now });
  configureDependencies({ workflow: runner, mailer: outbox, now: clock.now });

  const credentials = await loadCredentials(dataDir);
  for (const role of ROLES) await deps().store.putApiToken(hashApiToken(credentials[role]), role, `local ${role}`);

  const api = byName.get('api')!;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += chunk.length;
        if (size > MAX_REQUEST_BYTES) {
          response.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'PayloadTooLarge', message: `request body is larger than ${MAX_REQUEST_BYTES} bytes`, issues: [] }));
          return;
        }
        chunks.push(chunk);
      }
      const path = new URL(request.url ?? '/', 'http://local').pathname;
      if (request.method === 'GET' && path === '/') { response.writeHead(302, { location: '/console' }).end(); return; }
      if (request.method === 'POST' && path === '/local/clock') {
        // local time travel: move the runtime's clock forward, then let due deadlines fire
        try {
          const at = clock.advance(Number(JSON.parse(Buffer.concat(chunks).toString() || '{}').advanceSeconds));
          runner.checkDeadlines();
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ now: at.toISOString() }));
        } catch (error) {
          response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'ValidationError', message: (error as Error).message, issues: [{ path: 'advanceSeconds', message: (error as Error).message }] }));
        }
        return;
      }
      const execution = path.match(/^\/local\/executions\/([A-Za-z0-9_-]+)$/);
      if (request.method === 'GET' && execution) {
        // the local runner's view of an execution (its path through the synthesized definition)
        const described = runner.describe(execution[1]);
        response.writeHead(described ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(described ?? { error: 'NotFound', message: `no execution ${execution[1]}`, issues: [] }));
        return;
      }
      const mail = path.match(/^\/mail(?:\/([^/]+))?(\/raw)?$/);
      if (request.method === 'GET' && mail) {
        if (!mail[1]) {
          const messages = (await outbox.list()).map(({ id, to, subject, date }) => ({ id, to, subject, date }));
          response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify({ messages }));
          return;
        }
        const found = mail[2] ? await outbox.raw(mail[1]) : await outbox.get(mail[1]);
        if (!found) { response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'NotFound', message: `no message ${mail[1]}`, issues: [] })); return; }
        if (mail[2]) response.writeHead(200, { 'content-type': 'message/rfc822' }).end(found);
        else response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(found));
        return;
      }
      const result = (await api(toEvent(request, Buffer.concat(chunks)), { functionName: 'api', awsRequestId: randomUUID() })) as { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };
      response.writeHead(result.statusCode, result.headers ?? {});
      response.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    } catch (error) {
      console.error(JSON.stringify({ msg: 'local server error', error: (error as Error).message }));
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'InternalError', message: 'something went wrong on our side; it has been logged', issues: [] }));
    }
  });
  await new Promise<void>((resolveListen, reject) => server.once('error', reject).listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolveListen()));
  const { port } = server.address() as AddressInfo;
  const url = (options.baseUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  process.env.BASE_URL = url;

  const resumed = await runner.resume();

  const dailyJobs = byName.get('daily-jobs')!;
  const timer = setInterval(() => {
    dailyJobs({}, { functionName: 'daily-jobs' }).catch((error: Error) => console.error(JSON.stringify({ msg: 'daily job failed', error: error.message })));
  }, options.dailyJobIntervalMs ?? 24 * 3600 * 1000);
  timer.unref();

  return {
    url, credentials, runner, resumed,
    stop: async () => {
      clearInterval(timer);
      await runner.stop();
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
      await dynamo?.stop();
      await releaseLock();
    },
  };
}
