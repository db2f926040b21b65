// Adapter unit test: the AWS SDK is mocked here (and only in unit tests).
import { SFNClient, SendTaskSuccessCommand, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsWorkflow } from '../../functions/adapters/step-functions-workflow.js';
import { TaskGoneError } from '../../functions/ports/workflow.js';

const sfn = mockClient(SFNClient);
beforeEach(() => sfn.reset());

describe('Class: StepFunctionsWorkflow', () => {
  it('starts an execution named after the onboarding with JSON input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    expect(await new StepFunctionsWorkflow('arn:sm').start('onb_1', { a: 1 })).toBe('arn:exec');
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({
      stateMachineArn: 'arn:sm',
      name: 'onb_1',
      input: '{"a":1}',
    });
  });
  it('turns a timed-out task into TaskGoneError so the signer gets a clear page', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    await expect(new StepFunctionsWorkflow('arn:sm').succeed('token', {})).rejects.toBeInstanceOf(TaskGoneError);
  });
});
