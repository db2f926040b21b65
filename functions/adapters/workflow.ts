// The workflow port: start an onboarding execution, answer callback tasks, ask how an execution stands.
// Step Functions through @aws-sdk/client-sfn (offline, the local runner serves the same API).
import {
  DescribeExecutionCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';

export interface Workflow {
  start(name: string, input: unknown): Promise<string>;
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
  /** How an execution stands; undefined when there is none by that name. */
  describe(name: string): Promise<{ status: string; error?: string; cause?: string } | undefined>;
}

/** The callback can no longer be answered (timed out, already answered, execution over). */
export class TaskGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskGoneError';
  }
}

const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class StepFunctionsWorkflow implements Workflow {
  private readonly sfn = new SFNClient({ maxAttempts: 5 }); // SDK retries throttling and transient errors
  constructor(private readonly stateMachineArn: string) {}

  async start(name: string, input: unknown) {
    const out = await this.sfn.send(
      new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }),
    );
    return out.executionArn!;
  }
  async succeed(taskToken: string, output: unknown) {
    await this.translate(this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }
  async fail(taskToken: string, error: string, cause: string) {
    await this.translate(this.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }
  async describe(name: string) {
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      const out = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return { status: out.status ?? 'UNKNOWN', error: out.error, cause: out.cause };
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }
  private async translate(call: Promise<unknown>) {
    try {
      await call;
    } catch (error) {
      if (GONE.has((error as Error).name)) throw new TaskGoneError((error as Error).message);
      throw error;
    }
  }
}
