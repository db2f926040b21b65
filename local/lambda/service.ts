// The local Lambda service: runs each function as Lambda does, in instances that serve one
// invocation at a time, with exactly the environment its template gives it plus the variables the
// Lambda runtime itself sets (region, credentials of its role, handler, task root) and the local
// service endpoints (AWS_ENDPOINT_URL_<SERVICE>). Nothing else from the shell reaches a function.
//
// Two isolations:
//  - 'thread' (npm start): a worker thread per instance running the TypeScript source;
//  - 'process' (deployed shape): a child process per instance running the esbuild bundle from the
//    cloud assembly, copied to a folder with nothing beside it, under Node's permission model so the
//    code folder is read-only and only the instance's own temporary folder is writable.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { type WriteStream, cpSync, createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/project.js';
import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from '../template.js';
import { LOCAL_REGION } from '../template.js';

export type Isolation = 'thread' | 'process';

export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}
export type InvokeResult = { payload: unknown } | { error: FunctionError };

export interface LambdaServiceOptions {
  isolation: Isolation;
  functions: FunctionSpec[];
  /** Thread isolation: the project root, where functions/<name>.ts live. */
  sourceRoot: string;
  /** AWS_ENDPOINT_URL_<SERVICE> variables pointing at the local services. */
  endpoints: Record<string, string>;
  /** The access key each function's role signs with (the local services know whose it is). */
  credentialsOf: (fn: FunctionSpec) => { accessKeyId: string; secretAccessKey: string };
  /** The local clock's offset from real time, in ms, given to each invocation. */
  clockOffsetMs: () => number;
  logDir: string;
  /** Where instances get their code copy and temporary folder (the runtime empties it at start and stop). */
  workDir: string;
  /** Instances per function at once; further invocations wait for one (default 4). */
  maxInstances?: number;
}

const BOOTSTRAP = join(PROJECT_ROOT, 'local', 'lambda', 'bootstrap.mjs');
const IDLE_INSTANCE_MS = 10 * 60_000;

type Message =
  | { type: 'ready' }
  | { type: 'initError'; error: FunctionError }
  | { type: 'result'; id: string; payload: string | null }
  | { type: 'error'; id: string; error: FunctionError };

interface Instance {
  send(message: unknown): void;
  onMessage(listener: (message: Message) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  idleTimer?: NodeJS.Timeout;
  /** What the instance is doing now: its one invocation's listener (one at a time, as in Lambda). */
  current?: (event: Message | { type: 'exit'; code: number | null }) => void;
}

class FunctionPool {
  private readonly idle: Instance[] = [];
  private readonly waiting: ((instance: Instance | Error) => void)[] = [];
  private count = 0;
  private warming?: Promise<Instance | undefined>;
  private stopped = false;
  private readonly log: WriteStream;
  private taskRoot?: string;

  constructor(
    private readonly fn: FunctionSpec,
    private readonly options: LambdaServiceOptions,
  ) {
    mkdirSync(options.logDir, { recursive: true });
    this.log = createWriteStream(join(options.logDir, `${fn.name}.log`), { flags: 'a' });
  }

  private environment(tmp: string): Record<string, string> {
    const { accessKeyId, secretAccessKey } = this.options.credentialsOf(this.fn);
    const taskRoot = this.options.isolation === 'process' ? this.codeFolder() : this.options.sourceRoot;
    return {
      // what the Lambda runtime sets for every function
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_SESSION_TOKEN: `local-session-${this.fn.role.logicalId}`,
      AWS_LAMBDA_FUNCTION_NAME: this.fn.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.fn.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.fn.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `local/${randomUUID()}`,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: dirname(BOOTSTRAP),
      _HANDLER: this.fn.handler,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      TMPDIR: tmp,
      // the local stand-ins for the AWS endpoints
      ...this.options.endpoints,
      // and exactly what the template gives this function
      ...this.fn.environment,
    };
  }

  /** The bundle, copied where no node_modules is beside or above it: only the runtime's own modules exist. */
  private codeFolder(): string {
    if (!this.taskRoot) {
      if (!this.fn.codeDir) throw new Error(`function ${this.fn.name} has no bundle: synthesize with bundling`);
      this.taskRoot = join(mkdtempSync(join(this.options.workDir, `${this.fn.name}-code-`)), 'task');
      cpSync(this.fn.codeDir, this.taskRoot, { recursive: true });
    }
    return this.taskRoot;
  }

  /** The heap limit the template gives the function (NODE_OPTIONS), else all of its memory. */
  private heapLimitMb(env: Record<string, string | undefined>) {
    const fromTemplate = env.NODE_OPTIONS?.match(/--max-old-space-size=(\d+)/)?.[1];
    return fromTemplate ? Number(fromTemplate) : this.fn.memorySize;
  }

  private start(): Instance {
    const tmp = mkdtempSync(join(this.options.workDir, `${this.fn.name}-tmp-`));
    const env = this.environment(tmp);
    if (this.options.isolation === 'thread') {
      const worker = new Worker(BOOTSTRAP, {
        env,
        // the function's TypeScript sources, whether or not this process runs with tsx (npm start runs a bundle)
        execArgv: ['--import', 'tsx'],
        workerData: { entry: join(this.options.sourceRoot, 'functions', `${this.fn.name}.ts`) },
        resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb(env) },
        stdout: true,
        stderr: true,
      });
      worker.stdout.pipe(this.log, { end: false });
      worker.stderr.pipe(this.log, { end: false });
      return {
        send: (m) => worker.postMessage(m),
        onMessage: (l) => worker.on('message', l),
        onExit: (l) => worker.on('exit', l),
        kill: () => void worker.terminate(),
      };
    }
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--permission',
        '--allow-fs-read=*',
        `--allow-fs-write=${tmp}`,
        `--max-old-space-size=${this.heapLimitMb(env)}`,
        BOOTSTRAP,
      ],
      { cwd: env.LAMBDA_TASK_ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    return {
      send: (m) => child.send(m as never),
      onMessage: (l) => child.on('message', l as never),
      onExit: (l) => child.on('exit', l),
      kill: () => void child.kill('SIGKILL'),
    };
  }

  private async create(): Promise<Instance> {
    const instance = this.start();
    instance.onMessage((m) => instance.current?.(m));
    instance.onExit((code) => instance.current?.({ type: 'exit', code }));
    await new Promise<void>((resolve, reject) => {
      instance.current = (m) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'initError') reject(Object.assign(new Error(m.error.errorMessage), { name: m.error.errorType }));
        if (m.type === 'exit') reject(new Error(`the instance exited during init (code ${m.code})`));
      };
    });
    instance.current = undefined;
    return instance;
  }

  /** An instance started ahead of the first invocation (as provisioned concurrency would), which takes it. */
  prewarm(): Promise<unknown> {
    if (this.count > 0 || this.warming) return Promise.resolve();
    this.count++;
    const warming = this.create().catch(() => {
      this.count--; // the first invocation starts one again, and reports the init error
      return undefined;
    });
    this.warming = warming;
    void warming.then((instance) => {
      if (this.warming !== warming || !instance) return; // taken by an invocation
      this.warming = undefined;
      if (this.stopped) instance.kill();
      else this.release(instance);
    });
    return warming;
  }

  private async acquire(): Promise<Instance> {
    if (this.warming) {
      const warming = this.warming;
      this.warming = undefined;
      const instance = await warming;
      if (instance) return instance;
    }
    const idle = this.idle.pop();
    if (idle) {
      clearTimeout(idle.idleTimer);
      return idle;
    }
    if (this.count < (this.options.maxInstances ?? 4)) {
      this.count++;
      try {
        return await this.create();
      } catch (error) {
        this.count--;
        throw error;
      }
    }
    const next = await new Promise<Instance | Error>((resolve) => this.waiting.push(resolve));
    if (next instanceof Error) throw next;
    return next;
  }

  private release(instance: Instance) {
    const waiter = this.waiting.shift();
    if (waiter) return waiter(instance);
    instance.idleTimer = setTimeout(() => this.retire(instance), IDLE_INSTANCE_MS);
    instance.idleTimer.unref();
    this.idle.push(instance);
  }

  private retire(instance: Instance) {
    const at = this.idle.indexOf(instance);
    if (at >= 0) this.idle.splice(at, 1);
    instance.kill();
    this.count--;
    // someone waiting gets a fresh instance in its place
    const waiter = this.waiting.shift();
    if (waiter) {
      this.count++;
      this.create().then(waiter, (error: Error) => {
        this.count--;
        waiter(error);
      });
    }
  }

  async invoke(event: unknown): Promise<InvokeResult> {
    let instance: Instance;
    try {
      instance = await this.acquire();
    } catch (error) {
      const failure = {
        errorType: (error as Error).name || 'Runtime.InitError',
        errorMessage: (error as Error).message,
      };
      this.log.write(`${JSON.stringify({ level: 'ERROR', msg: 'init failed', ...failure })}\n`);
      return { error: failure };
    }
    const id = randomUUID();
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const result = await new Promise<InvokeResult & { healthy: boolean }>((resolve) => {
      const timer = setTimeout(() => {
        const message = `Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`;
        resolve({ error: { errorType: 'Sandbox.Timedout', errorMessage: message }, healthy: false });
      }, timeoutMs);
      instance.current = (m) => {
        if (m.type === 'exit') {
          clearTimeout(timer);
          const message = `RequestId: ${id} Error: Runtime exited with error: exit status ${m.code}`;
          resolve({ error: { errorType: 'Runtime.ExitError', errorMessage: message }, healthy: false });
          return;
        }
        if ((m.type !== 'result' && m.type !== 'error') || m.id !== id) return;
        clearTimeout(timer);
        if (m.type === 'result') resolve({ payload: m.payload === null ? null : JSON.parse(m.payload), healthy: true });
        else resolve({ error: m.error, healthy: true });
      };
      instance.send({
        type: 'invoke',
        id,
        requestId: id,
        event,
        deadlineMs: Date.now() + timeoutMs,
        clockOffsetMs: this.options.clockOffsetMs(),
        invokedFunctionArn: this.fn.arn,
        traceId: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Sampled=0`,
      });
    });
    instance.current = undefined;
    if (result.healthy) this.release(instance);
    else this.retire(instance);
    if ('error' in result) {
      this.log.write(
        `${JSON.stringify({ level: 'ERROR', msg: 'invocation failed', requestId: id, ...result.error })}\n`,
      );
      return { error: result.error };
    }
    return { payload: result.payload };
  }

  stop() {
    this.stopped = true;
    for (const instance of this.idle) instance.kill();
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter(new Error('the local Lambda service stopped'));
    this.log.end();
  }
}

export class LocalLambda {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly byArn = new Map<string, FunctionSpec>();

  constructor(options: LambdaServiceOptions) {
    for (const fn of options.functions) {
      this.pools.set(fn.arn, new FunctionPool(fn, options));
      this.byArn.set(fn.arn, fn);
    }
  }

  /** The function an ARN (qualified or not), name or Liaison name refers to. */
  find(reference: string): FunctionSpec | undefined {
    const unqualified = reference.replace(/:(\$LATEST|\d+)$/, '');
    return (
      this.byArn.get(unqualified) ??
      [...this.byArn.values()].find((f) => f.functionName === reference || f.name === reference)
    );
  }

  /** Starts an instance of the function now, for its first invocation to take; settles once it is up (or failed). */
  prewarm(reference: string): Promise<unknown> {
    const fn = this.find(reference);
    return (fn && this.pools.get(fn.arn)?.prewarm()) ?? Promise.resolve();
  }

  async invoke(reference: string, event: unknown): Promise<InvokeResult> {
    const fn = this.find(reference);
    const pool = fn && this.pools.get(fn.arn);
    if (!pool)
      return { error: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${reference}` } };
    // only data crosses the boundary, as with Lambda's JSON payloads
    return pool.invoke(JSON.parse(JSON.stringify(event ?? null)));
  }

  stop() {
    for (const pool of this.pools.values()) pool.stop();
  }
}
