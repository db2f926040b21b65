// Runs the synthesized state machine with aws-local-stepfunctions; every Task state invokes its
// function through the local Lambda service, as Step Functions invokes Lambda on AWS (the state
// machine role's lambda:InvokeFunction is checked too). aws-local-stepfunctions has no task tokens
// and keeps executions in memory, so this runner adds what Step Functions gives on AWS:
//  - task tokens for `.waitForTaskToken` tasks, answered through succeed()/fail() (the Step
//    Functions API in ./api.ts serves them to the functions' SDK clients);
//  - callback deadlines (TimeoutSeconds / TimeoutSecondsPath) kept with the token, so a restart
//    does not reset them;
//  - durability: every task result and callback outcome is journaled to disk; after a restart each
//    unfinished execution is replayed from its input, completed tasks answer from the journal
//    (no handler runs twice, no email is sent twice) and pending callbacks wait again with the same
//    token, so links already emailed keep working. Until a restored execution waits again, an answer
//    for its token is held, not refused.
import { StateMachine } from 'aws-local-stepfunctions';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InvokeResult } from '../lambda/service.js';
import type { StateMachineDefinition } from '../template.js';

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

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

interface Journal {
  name: string;
  input: Json;
  status: ExecutionStatus;
  startedAt: string;
  endedAt?: string;
  output?: Json;
  error?: string;
  tasks: Record<string, Json>;
  /** Attempts that failed, so a replay takes the same Retry or Catch. */
  failures?: Record<string, { error: string; cause: string }>;
  callbacks: Record<string, CallbackEntry>;
  transitions: string[];
}

type CallbackInput = { FunctionName: string; Payload: Json; [LOCAL_TIMEOUT_FIELD]?: number };

interface Waiter {
  execution: string;
  key: string;
  resolve: (output: Json) => void;
  reject: (error: Error) => void;
}

export interface RunnerOptions {
  definition: StateMachineDefinition;
  /** Invokes a function by the ARN the definition names (the local Lambda service). */
  invoke: (functionArn: string, payload: unknown) => Promise<InvokeResult>;
  journalDir: string;
  now?: () => Date;
}

/** An error the Step Functions API answers with (its name is the API's error code). */
export class StatesApiError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function namedError(name: string, message: string) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** How long an answer for a restored execution's token is held while the execution replays. */
const RESTORE_WAIT_MS = 30_000;

/** A copy of the definition the library can run: callback task timeouts become this runner's job. */
function forLocalRun(definition: StateMachineDefinition): {
  definition: StateMachineDefinition;
  deadlines: Map<string, { seconds?: number; path?: string }>;
} {
  const deadlines = new Map<string, { seconds?: number; path?: string }>();
  const copy = structuredClone(definition);
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task' && CALLBACK_RESOURCE.test(String(state.Resource))) {
        deadlines.set(name, {
          seconds: state.TimeoutSeconds as number | undefined,
          path: state.TimeoutSecondsPath as string | undefined,
        });
        // TimeoutSecondsPath reads the state input; the library resolves Parameters against that same
        // input, so carry the value through them (the task overrides only see Parameters' result)
        if (state.TimeoutSecondsPath)
          state.Parameters = {
            ...(state.Parameters as object),
            [`${LOCAL_TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath,
          };
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = LIBRARY_TIMEOUT_SECONDS;
      }
      const processor = (state.ItemProcessor ?? state.Iterator) as
        | { States: Record<string, Record<string, unknown>> }
        | undefined;
      if (processor) visit(processor.States);
      for (const branch of (state.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? [])
        visit(branch.States);
    }
  };
  visit(copy.States);
  return { definition: copy, deadlines };
}

/** Task state names, including those inside Map and Parallel states. */
function taskStates(states: Record<string, Record<string, unknown>>): [string, Record<string, unknown>][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const nested = [
      ...(state.ItemProcessor || state.Iterator
        ? [((state.ItemProcessor ?? state.Iterator) as { States: Record<string, Record<string, unknown>> }).States]
        : []),
      ...((state.Branches as { States: Record<string, Record<string, unknown>> }[] | undefined) ?? []).map(
        (b) => b.States,
      ),
    ];
    return [
      ...(state.Type === 'Task' ? [[name, state] as [string, Record<string, unknown>]] : []),
      ...nested.flatMap(taskStates),
    ];
  });
}

export class LocalWorkflowRunner {
  /** Executions still running; an ended one is only on disk (memory stays bounded however many there were). */
  private readonly journals = new Map<string, Journal>();
  private readonly ended = new Set<string>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly waiters = new Map<string, Waiter>();
  /** Each waiting callback's timeout check; dropped with its waiter, so an answered wait holds nothing. */
  private readonly deadlineChecks = new Map<string, { fire: () => Promise<void>; cancel: () => void }>();
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

  /** Starts an execution; the same name and input again is the same execution, as on AWS. */
  async start(name: string, input: unknown): Promise<{ name: string; startedAt: string }> {
    if (this.ended.has(name)) throw new StatesApiError('ExecutionAlreadyExists', `Execution Already Exists: '${name}'`);
    const existing = this.journals.get(name);
    if (existing) {
      if (JSON.stringify(existing.input) === JSON.stringify(input) && existing.status === 'RUNNING') {
        return { name, startedAt: existing.startedAt };
      }
      throw new StatesApiError('ExecutionAlreadyExists', `Execution Already Exists: '${name}'`);
    }
    const journal: Journal = {
      name,
      input: input as Json,
      status: 'RUNNING',
      startedAt: this.now().toISOString(),
      tasks: {},
      callbacks: {},
      transitions: [],
    };
    this.journals.set(name, journal);
    await this.persist(journal);
    this.run(journal);
    return { name, startedAt: journal.startedAt };
  }

  /** Ends a running execution (StopExecution): it is ABORTED and its callbacks stop waiting. */
  async stopExecution(name: string, error?: string, cause?: string) {
    const journal = this.journals.get(name) ?? this.endedJournal(name);
    if (!journal) throw new StatesApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${name}'`);
    if (journal.status !== 'RUNNING') return journal;
    this.running.get(name)?.abort();
    for (const [token, waiter] of this.waiters) if (waiter.execution === name) this.dropWaiter(token);
    Object.assign(journal, {
      status: 'ABORTED',
      error: [error, cause].filter(Boolean).join(': ') || undefined,
      endedAt: this.now().toISOString(),
    });
    await this.persist(journal);
    this.forget(journal);
    return journal;
  }

  /** Replays every execution that was still running when the runtime stopped. */
  async resume(): Promise<string[]> {
    await mkdir(this.options.journalDir, { recursive: true });
    const resumed: string[] = [];
    for (const file of (await readdir(this.options.journalDir)).filter((f) => f.endsWith('.json'))) {
      const journal = JSON.parse(await readFile(join(this.options.journalDir, file), 'utf8')) as Journal;
      if (journal.status !== 'RUNNING') {
        this.ended.add(journal.name);
        continue;
      }
      this.journals.set(journal.name, journal);
      journal.transitions = [];
      this.run(journal);
      resumed.push(journal.name);
    }
    return resumed;
  }

  async succeed(taskToken: string, output: unknown) {
    const waiter = await this.claim(taskToken);
    const entry = this.journals.get(waiter.execution)!.callbacks[waiter.key];
    entry.outcome = { output: output as Json };
    await this.persist(this.journals.get(waiter.execution)!);
    waiter.resolve(output as Json);
  }

  async fail(taskToken: string, error: string, cause: string) {
    const waiter = await this.claim(taskToken);
    const journal = this.journals.get(waiter.execution)!;
    journal.callbacks[waiter.key].outcome = { error, cause };
    await this.persist(journal);
    waiter.reject(namedError(error, cause));
  }

  /** SendTaskHeartbeat: the token must still be waited on. */
  async heartbeat(taskToken: string) {
    if (!this.waiters.has(taskToken) && !this.restoring(taskToken)) throw this.gone();
  }

  describe(name: string) {
    const journal = this.journals.get(name) ?? this.endedJournal(name);
    return (
      journal && {
        name: journal.name,
        status: journal.status,
        input: journal.input,
        output: journal.output,
        error: journal.error,
        transitions: [...journal.transitions],
        startedAt: journal.startedAt,
        endedAt: journal.endedAt,
      }
    );
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

  private gone() {
    return new StatesApiError(
      'TaskDoesNotExist',
      'Task Timed Out or does not exist: the token is unknown, already answered, or its execution has ended',
    );
  }

  /** Whether the token belongs to a running execution that is replaying towards its wait. */
  private restoring(taskToken: string) {
    for (const journal of this.journals.values()) {
      if (journal.status !== 'RUNNING') continue;
      if (Object.values(journal.callbacks).some((c) => c.token === taskToken && !c.outcome)) return true;
    }
    return false;
  }

  private async claim(taskToken: string): Promise<Waiter> {
    // after a restart, an answer may arrive before its execution waits again: hold it until then
    const deadline = Date.now() + RESTORE_WAIT_MS;
    while (!this.waiters.has(taskToken) && this.restoring(taskToken) && Date.now() < deadline && !this.stopped) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const waiter = this.waiters.get(taskToken);
    // as on AWS: an unknown, answered or timed-out token cannot be answered
    if (!waiter) throw this.gone();
    this.dropWaiter(taskToken);
    return waiter;
  }

  /** A callback no longer waited for: its waiter and its timeout check go. */
  private dropWaiter(token: string) {
    this.waiters.delete(token);
    this.deadlineChecks.get(token)?.cancel();
    this.deadlineChecks.delete(token);
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
    const overrides = Object.fromEntries(
      this.tasks.map(([stateName, state]) => [
        stateName,
        (input: Json) => this.task(journal, stateName, state, keyOf(stateName, input), input),
      ]),
    );
    const execution = this.machine.run(journal.input as never, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      context: { Execution: { Id: journal.name, Name: journal.name }, Task: { Token: TOKEN_PLACEHOLDER } },
      noThrowOnAbort: true,
    });
    const transitions = (async () => {
      for await (const event of execution.eventLogs)
        if (event.type === 'StateEntered') journal.transitions.push(event.state.name);
    })();
    const done = execution.result
      .then(
        async (output) => {
          if (this.stopped || journal.status === 'ABORTED') return; // stop(): stays RUNNING, resumed next start
          await transitions;
          Object.assign(journal, { status: 'SUCCEEDED', output, endedAt: this.now().toISOString() });
        },
        async (error: Error & { cause?: Error }) => {
          if (this.stopped || journal.status === 'ABORTED') return;
          await transitions;
          Object.assign(journal, {
            status: 'FAILED',
            error: `${error.cause?.name ?? error.name}: ${error.cause?.message ?? error.message}`,
            endedAt: this.now().toISOString(),
          });
        },
      )
      .then(async () => {
        if (this.stopped || journal.status === 'ABORTED') return;
        // callbacks still waiting belong to an execution that ended (a declined Map iteration's siblings)
        for (const [token, waiter] of this.waiters) if (waiter.execution === journal.name) this.dropWaiter(token);
        await this.persist(journal);
        this.running.delete(journal.name);
        this.forget(journal);
      });
    this.running.set(journal.name, { abort: execution.abort, done });
  }

  private async task(
    journal: Journal,
    stateName: string,
    state: Record<string, unknown>,
    key: string,
    input: Json,
  ): Promise<Json> {
    if (CALLBACK_RESOURCE.test(String(state.Resource)))
      return this.callback(journal, stateName, key, input as CallbackInput);
    if (key in journal.tasks) return journal.tasks[key]; // replay: the step ran before the restart
    const failed = journal.failures?.[key];
    if (failed) throw namedError(failed.error, failed.cause);
    let output: Json;
    try {
      output = await this.invoke(String(state.Resource), input);
    } catch (error) {
      journal.failures = {
        ...journal.failures,
        [key]: { error: (error as Error).name, cause: (error as Error).message },
      };
      await this.persist(journal);
      throw error;
    }
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
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw namedError('States.Runtime', `${stateName}: no usable timeout (${limit.path ?? 'TimeoutSeconds'})`);
      entry = {
        token: randomBytes(48).toString('base64url'),
        deadline: new Date(this.now().getTime() + seconds * 1000).toISOString(),
        invoked: false,
      };
      journal.callbacks[key] = entry;
      await this.persist(journal);
    }
    const answered = new Promise<Json>((resolve, reject) =>
      this.waiters.set(entry.token, { execution: journal.name, key, resolve, reject }),
    );
    if (!entry.invoked) {
      const payload = JSON.parse(JSON.stringify(input.Payload).replaceAll(TOKEN_PLACEHOLDER, entry.token));
      try {
        await this.invoke(input.FunctionName, payload);
      } catch (error) {
        // journaled, so a replay takes the same path (the Retry or Catch that followed)
        this.waiters.delete(entry.token);
        entry.outcome = { error: (error as Error).name, cause: (error as Error).message };
        await this.persist(journal);
        throw error;
      }
      entry.invoked = true;
      await this.persist(journal);
    }
    return Promise.race([answered, this.deadline(journal, entry)]);
  }

  /** Fires every callback deadline that has passed by now() (after the local clock was moved). */
  checkDeadlines() {
    for (const { fire } of this.deadlineChecks.values()) void fire();
  }

  private deadline(journal: Journal, entry: CallbackEntry): Promise<never> {
    return new Promise((_, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const fire = async () => {
        clearTimeout(timer);
        if (!this.waiters.has(entry.token) || this.stopped) {
          this.deadlineChecks.delete(entry.token);
          return;
        } // answered meanwhile
        const remaining = Date.parse(entry.deadline) - this.now().getTime();
        if (remaining > 0) {
          timer = setTimeout(fire, Math.min(remaining, TIMER_SLICE_MS));
          timer.unref();
          return;
        }
        this.deadlineChecks.delete(entry.token);
        this.waiters.delete(entry.token);
        entry.outcome = { error: 'States.Timeout', cause: `no callback before ${entry.deadline}` };
        await this.persist(journal);
        reject(namedError('States.Timeout', `no callback before ${entry.deadline}`));
      };
      this.deadlineChecks.set(entry.token, { fire, cancel: () => clearTimeout(timer) });
      void fire();
    });
  }

  private async invoke(functionArn: string, payload: Json): Promise<Json> {
    const result = await this.options.invoke(functionArn, payload);
    // a function error reaches the state machine under the function's own error type
    if ('error' in result) throw namedError(result.error.errorType, result.error.errorMessage);
    return (result.payload ?? null) as Json;
  }

  /** An ended execution, read back from its journal file. */
  private endedJournal(name: string): Journal | undefined {
    if (!this.ended.has(name)) return undefined;
    return JSON.parse(readFileSync(join(this.options.journalDir, `${name}.json`), 'utf8')) as Journal;
  }

  /** Drops an ended execution from memory once its last write is on disk. */
  private forget(journal: Journal) {
    this.ended.add(journal.name);
    this.journals.delete(journal.name);
    this.writes.delete(journal.name);
  }

  private persist(journal: Journal): Promise<void> {
    const previous = this.writes.get(journal.name) ?? Promise.resolve();
    const next = previous.then(async () => {
      await mkdir(this.options.journalDir, { recursive: true });
      const file = join(this.options.journalDir, `${journal.name}.json`);
      await writeFile(`${file}.tmp`, JSON.stringify(journal));
      await rename(`${file}.tmp`, file); // a crash never leaves half a journal
    });
    this.writes.set(
      journal.name,
      next.catch(() => undefined),
    );
    return next;
  }
}
