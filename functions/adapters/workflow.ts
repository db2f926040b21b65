// The workflow port: start an onboarding execution and answer callback tasks.
// AWS: Step Functions through @aws-sdk/client-sfn. Locally: the embedded runner (local/state-machine.ts).
import { SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';

export interface Workflow {
  start(name: string, input: unknown): Promise<string>;
  succeed(taskToken: string, output: unknown): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
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
  private async translate(call: Promise<unknown>) {
    try {
      await call;
    } catch (error) {
      if (GONE.has((error as Error).name)) throw new TaskGoneError((error as Error).message);
      throw error;
    }
  }
}
