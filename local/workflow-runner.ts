// Runs the synthesized state machine with aws-local-stepfunctions, binding every Task state to the
// same handler code Lambda runs. aws-local-stepfunctions has no task tokens and keeps executions in
// memory, so this runner adds what Step Functions gives on AWS:
//  - task tokens for `.waitForTaskToken` tasks, answered through succeed()/fail();
//  - callback deadlines (TimeoutSeconds / TimeoutSecondsPath) kept with the token, so a restart
//    does not reset them;
//  - durability: every task result and callback outcome is journaled to disk; after a restart each
//    unfinished execution is replayed from its input, completed tasks answer from the journal
//    (no handler runs twice, no email is sent twice) and pending callbacks wait again with the same
//    token, so links already emailed keep working.
import { StateMachine } from 'aws-local-stepfunctions';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TaskGoneError, type Workflow } from '../functions/adapters/workflow.js';
import type { StateMachineDefinition } from './synthesized-stack.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TOKEN_PLACEHOLDER = 'LOCAL-TASK-TOKEN-PLACEHOLDER';
const LOCAL_TIMEOUT_FIELD = 'LocalTimeoutSeconds';
const CALLBACK_RESOURCE = /^arn:aws:states:::lambda:invoke\.waitForTaskToken$/;
// Node timers cap at 2^31-1 ms (24.8 days); the library's own task timer gets the largest safe value
// and this runner enforces the real deadline in slices.
const LIBRARY_TIMEOUT_SECONDS = 2_000_000;
const TIMER_SLICE_MS = 2 ** 31 - 1;

interface CallbackEntry {
  token: string;
  deadline: string;
  invoked: boolean;
  outcome?: { output: Json } | { error: string; cause: string };
}

interface Journal {
  name: string;
  input: Json;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startedAt: string;
  endedAt?: string;
  output?: Json;
  error?: string;
  tasks: Record<string, Json>;
  callbacks: Record<string, CallbackEntry>;
  transitions: string[];
}

type CallbackInput = { FunctionName: string; Payload: Json; [LOCAL_TIMEOUT_FIELD]?: number };

interface Waiter { execution: string; key: string; resolve: (output: Json) => void; reject: (error: Error) => void }

export interface RunnerOptions {
  definition: StateMachineDefinition;
  /** Function ARN (as in the definition) → the handler Lambda would run. */
  handlers: Map<string, Handler>;
  journalDir: string;
  now?: () => Date;
}

function namedError(name: string, message: string) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A copy of the definition the library can run: callback task timeouts become this runner's job. */
function forLocalRun(definition: StateMachineDefinition): { definition: StateMachineDefinition; deadlines: Map<string, { seconds?: number; path?: string }> } {
  const deadlines = new Map<string, { seconds?: number; path?: string }>();
  const copy = structuredClone(definition);
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task' && CALLBACK_RESOURCE.test(String(state.Resource))) {
        deadlines.set(name, { seconds: state.TimeoutSeconds as number | undefined, path: state.TimeoutSecondsPath as string | undefined });
        // TimeoutSecondsPath reads the state input; the library resolves Parameters against that same
        // input, so carry the value through them (the task overrides only see Parameters' result)
        if (state.TimeoutSecondsPath) state.Parameters = { ...(state.Parameters as object), [`${LOCAL_TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = LIBRARY_TIMEOUT_SECONDS;
      }
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: Record<string, Record<string, unknown>> } | undefined;
      if (processor) visit(processor.States);
      for (const branch of (state.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []) visit(branch.States);
    }
  };
  visit(copy.States);
  return { definition: copy, deadlines };
}

/** Task state names, including those inside Map and Parallel states. */
function taskStates(states: Record<string, Record<string, unknown>>): [string, Record<string, unknown>][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const nested = [
      ...(state.ItemProcessor || state.Iterator ? [((state.ItemProcessor ?? state.Iterator) as { States: Record<string, Record<string, unknown>> }).States] : []),
      ...((state.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []).map((b) => b.States),
    ];
    return [...(state.Type === 'Task' ? [[name, state] as [string, Record<string, unknown>]] : []), ...nested.flatMap(taskStates)];
  });
}

export class LocalWorkflowRunner implements Workflow {
  private readonly journals = new Map<string, Journal>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly deadlineChecks = new Map<string, () => Promise<void>>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  private readonly machine: StateMachine;
  private readonly deadlines: Map<string, { seconds?: number; path?: string }>;
  private readonly tasks: [string, Record<string, unknown>][];
  private readonly now: () => Date;
  private stopped = false;

  constructor(private readonly options: RunnerOptions) {
    const local = forLocalRun(options.definition);
    this.deadlines = local.deadlines;
    this.tasks = taskStates(local.definition.States);
    this.machine = new StateMachine(local.definition as never, { validationOptions: { checkArn: false } });
    this.now = options.now ?? (() => new Date());
  }

  async start(name: string, input: unknown): Promise<string> {
    if (this.journals.has(name)) throw namedError('ExecutionAlreadyExists', `execution ${name} exists`);
    const journal: Journal = { name, input: input as Json, status: 'RUNNING', startedAt: this.now().toISOString(), tasks: {}, callbacks: {}, transitions: [] };
    this.journals.set(name, journal);
    await this.persist(journal);
    this.run(journal);
    return `arn:aws:states:local:000000000000:execution:liaison:${name}`;
  }

  /** Replays every execution that was still running when the runtime stopped. */
  async resume(): Promise<string[]> {
    await mkdir(this.options.journalDir, { recursive: true });
    const resumed: string[] = [];
    for (const file of (await readdir(this.options.journalDir)).filter((f) => f.endsWith('.json'))) {
      const journal = JSON.parse(await readFile(join(this.options.journalDir, file), 'utf8')) as Journal;
      this.journals.set(journal.name, journal);
      if (journal.status !== 'RUNNING') continue;
      journal.transitions = [];
      this.run(journal);
      resumed.push(journal.name);
    }
    return resumed;
  }

  async succeed(taskToken: string, output: unknown) {
    const waiter = this.claim(taskToken);
    const entry = this.journals.get(waiter.execution)!.callbacks[waiter.key];
    entry.outcome = { output: output as Json };
    await this.persist(this.journals.get(waiter.execution)!);
    waiter.resolve(output as Json);
  }

  async fail(taskToken: string, error: string, cause: string) {
    const waiter = this.claim(taskToken);
    const journal = this.journals.get(waiter.execution)!;
    journal.callbacks[waiter.key].outcome = { error, cause };
    await this.persist(journal);
    waiter.reject(namedError(error, cause));
  }

  describe(name: string) {
    const journal = this.journals.get(name);
    return journal && { status: journal.status, output: journal.output, error: journal.error, transitions: [...journal.transitions], startedAt: journal.startedAt, endedAt: journal.endedAt };
  }

  /** Resolves when the execution has ended (or at once if it has). */
  async settled(name: string) {
    await this.running.get(name)?.done;
    return this.describe(name);
  }

  async stop() {
    this.stopped = true;
    for (const { abort } of this.running.values()) abort();
    await Promise.allSettled([...this.writes.values()]);
  }

  private claim(taskToken: string): Waiter {
    const waiter = this.waiters.get(taskToken);
    // as on AWS: an unknown, answered or timed-out token cannot be answered
    if (!waiter) throw new TaskGoneError('Task Timed Out or does not exist: the token is unknown, already answered, or its execution has ended');
    this.waiters.delete(taskToken);
    return waiter;
  }

  private run(journal: Journal) {
    // replay is deterministic, so the n-th call of a state with the same input maps to the n-th journal entry
    const occurrences = new Map<string, number>();
    const keyOf = (stateName: string, input: Json) => {
      const base = `${stateName}:${createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 32)}`;
      const n = occurrences.get(base) ?? 0;
      occurrences.set(base, n + 1);
      return `${base}#${n}`;
    };
    const overrides = Object.fromEntries(this.tasks.map(([stateName, state]) => [stateName, (input: Json) => this.task(journal, stateName, state, keyOf(stateName, input), input)]));
    const execution = this.machine.run(journal.input as never, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      context: { Execution: { Id: `arn:aws:states:local:000000000000:execution:liaison:${journal.name}`, Name: journal.name }, Task: { Token: TOKEN_PLACEHOLDER } },
      noThrowOnAbort: true,
    });
    const transitions = (async () => {
      for await (const event of execution.eventLogs) if (event.type === 'StateEntered') journal.transitions.push(event.state.name);
    })();
    const done = execution.result.then(
      async (output) => {
        if (this.stopped) return; // aborted by stop(): stays RUNNING, resumed next start
        await transitions;
        Object.assign(journal, { status: 'SUCCEEDED', output, endedAt: this.now().toISOString() });
      },
      async (error: Error & { cause?: Error }) => {
        if (this.stopped) return;
        await transitions;
        Object.assign(journal, { status: 'FAILED', error: `${error.cause?.name ?? error.name}: ${error.cause?.message ?? error.message}`, endedAt: this.now().toISOString() });
      },
    ).then(async () => {
      if (this.stopped) return;
      // callbacks still waiting belong to an execution that ended (a declined Map iteration's siblings)
      for (const [token, waiter] of this.waiters) if (waiter.execution === journal.name) this.waiters.delete(token);
      await this.persist(journal);
      this.running.delete(journal.name);
    });
    this.running.set(journal.name, { abort: execution.abort, done });
  }

  private async task(journal: Journal, stateName: string, state: Record<string, unknown>, key: string, input: Json): Promise<Json> {
    if (CALLBACK_RESOURCE.test(String(state.Resource))) return this.callback(journal, stateName, key, input as CallbackInput);
    if (key in journal.tasks) return journal.tasks[key]; // replay: the step ran before the restart
    const output = await this.invoke(String(state.Resource), input);
    journal.tasks[key] = output;
    await this.persist(journal);
    return output;
  }

  private async callback(journal: Journal, stateName: string, key: string, input: CallbackInput): Promise<Json> {
    let entry = journal.callbacks[key];
    if (entry?.outcome) {
      if ('output' in entry.outcome) return entry.outcome.output;
      throw namedError(entry.outcome.error, entry.outcome.cause);
    }
    if (!entry) {
      const limit = this.deadlines.get(stateName)!;
      const seconds = limit.seconds ?? Number(input[LOCAL_TIMEOUT_FIELD]);
      if (!Number.isFinite(seconds) || seconds <= 0) throw namedError('States.Runtime', `${stateName}: no usable timeout (${limit.path ?? 'TimeoutSeconds'})`);
      entry = { token: randomBytes(48).toString('base64url'), deadline: new Date(this.now().getTime() + seconds * 1000).toISOString(), invoked: false };
      journal.callbacks[key] = entry;
      await this.persist(journal);
    }
    const answered = new Promise<Json>((resolve, reject) => this.waiters.set(entry.token, { execution: journal.name, key, resolve, reject }));
    if (!entry.invoked) {
      const payload = JSON.parse(JSON.stringify(input.Payload).replaceAll(TOKEN_PLACEHOLDER, entry.token));
      await this.invoke(input.FunctionName, payload);
      entry.invoked = true;
      await this.persist(journal);
    }
    return Promise.race([answered, this.deadline(journal, entry)]);
  }

  /** Fires every callback deadline that has passed by now() (after the local clock was moved). */
  checkDeadlines() {
    for (const fire of this.deadlineChecks.values()) void fire();
  }

  private deadline(journal: Journal, entry: CallbackEntry): Promise<never> {
    return new Promise((_, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const fire = async () => {
        clearTimeout(timer);
        if (!this.waiters.has(entry.token) || this.stopped) { this.deadlineChecks.delete(entry.token); return; } // answered meanwhile
        const remaining = Date.parse(entry.deadline) - this.now().getTime();
        if (remaining > 0) { timer = setTimeout(fire, Math.min(remaining, TIMER_SLICE_MS)); timer.unref(); return; }
        this.deadlineChecks.delete(entry.token);
        this.waiters.delete(entry.token);
        entry.outcome = { error: 'States.Timeout', cause: `no callback before ${entry.deadline}` };
        await this.persist(journal);
        reject(namedError('States.Timeout', `no callback before ${entry.deadline}`));
      };
      this.deadlineChecks.set(entry.token, fire);
      void fire();
    });
  }

  private async invoke(functionArn: string, payload: Json): Promise<Json> {
    const handler = this.options.handlers.get(functionArn);
    if (!handler) throw namedError('Lambda.ResourceNotFoundException', `no local handler for ${functionArn}`);
    const context = { functionName: functionArn.split(':').at(-1), awsRequestId: randomBytes(8).toString('hex'), getRemainingTimeInMillis: () => 120_000 };
    // round-trip through JSON as Lambda does, so nothing but data crosses the boundary
    const result = await handler(JSON.parse(JSON.stringify(payload)), context);
    return (result === undefined ? null : JSON.parse(JSON.stringify(result))) as Json;
  }

  private persist(journal: Journal): Promise<void> {
    const previous = this.writes.get(journal.name) ?? Promise.resolve();
    const next = previous.then(async () => {
      await mkdir(this.options.journalDir, { recursive: true });
      const file = join(this.options.journalDir, `${journal.name}.json`);
      await writeFile(`${file}.tmp`, JSON.stringify(journal));
      await rename(`${file}.tmp`, file); // a crash never leaves half a journal
    });
    this.writes.set(journal.name, next.catch(() => undefined));
    return next;
  }
}
