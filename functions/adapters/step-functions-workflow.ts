// The workflow port on Step Functions, through @aws-sdk/client-sfn (offline, the local runner serves the same API).
import {
  DescribeExecutionCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { TaskGoneError, type Workflow } from '../ports/workflow.js';
import { lazyPort } from './dependencies.js';
import { settings } from './config.js';

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
  async stop(name: string, cause: string) {
    try {
      await this.sfn.send(
        new StopExecutionCommand({ executionArn: this.executionArn(name), error: 'Withdrawn', cause }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  }
  private executionArn(name: string) {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }
  async describe(name: string) {
    const executionArn = this.executionArn(name);
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

/** The workflow port on the state machine. */
export const workflow = /* @__PURE__ */ lazyPort(
  'workflow',
  () => new StepFunctionsWorkflow(settings().stateMachineArn),
);
