// The workflow port: start an onboarding execution, answer callback tasks, ask how an execution stands.
export interface Workflow {
  start(name: string, input: unknown): Promise<string>;
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
  /** How an execution stands; undefined when there is none by that name. */
  describe(name: string): Promise<{ status: string; error?: string; cause?: string } | undefined>;
  /** Stops an execution (nothing happens to one that has ended or does not exist). */
  stop(name: string, cause: string): Promise<void>;
}

/** The callback can no longer be answered (timed out, already answered, execution over). */
export class TaskGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskGoneError';
  }
}
