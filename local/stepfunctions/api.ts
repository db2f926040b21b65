// The Step Functions API actions Liaison calls, served over the SDK's own protocol (JSON 1.0,
// X-Amz-Target: AWSStepFunctions.<Action>), so @aws-sdk/client-sfn talks to the local runner unchanged.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LocalWorkflowRunner, StatesApiError } from './runner.js';

export interface StepFunctionsApi {
  endpoint: string;
  stop(): Promise<void>;
}

const seconds = (iso?: string) => (iso ? Date.parse(iso) / 1000 : undefined);

export async function startStepFunctionsApi(
  runner: LocalWorkflowRunner,
  stateMachine: { arn: string; name: string },
): Promise<StepFunctionsApi> {
  const executionArn = (name: string) => `${stateMachine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
  const nameOf = (arn: string) => {
    const prefix = `${stateMachine.arn.replace(':stateMachine:', ':execution:')}:`;
    if (!arn?.startsWith(prefix))
      throw new StatesApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return arn.slice(prefix.length);
  };
  const actions: Record<string, (input: Record<string, string>) => Promise<unknown>> = {
    StartExecution: async ({ stateMachineArn, name, input }) => {
      if (stateMachineArn !== stateMachine.arn) {
        throw new StatesApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
      }
      if (!name || !/^[A-Za-z0-9_-]{1,80}$/.test(name))
        throw new StatesApiError('InvalidName', `Invalid Name: '${name}'`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(input ?? '{}');
      } catch {
        throw new StatesApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input');
      }
      const started = await runner.start(name, parsed);
      return { executionArn: executionArn(started.name), startDate: seconds(started.startedAt) };
    },
    SendTaskSuccess: async ({ taskToken, output }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(output ?? 'null');
      } catch {
        throw new StatesApiError('InvalidOutput', 'Invalid Output: not JSON');
      }
      await runner.succeed(taskToken, parsed);
      return {};
    },
    SendTaskFailure: async ({ taskToken, error, cause }) => {
      await runner.fail(taskToken, error ?? 'States.TaskFailed', cause ?? '');
      return {};
    },
    SendTaskHeartbeat: async ({ taskToken }) => {
      await runner.heartbeat(taskToken);
      return {};
    },
    DescribeExecution: async ({ executionArn: arn }) => {
      const execution = runner.describe(nameOf(arn));
      if (!execution) throw new StatesApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
      return {
        executionArn: arn,
        stateMachineArn: stateMachine.arn,
        name: execution.name,
        status: execution.status,
        startDate: seconds(execution.startedAt),
        stopDate: seconds(execution.endedAt),
        input: JSON.stringify(execution.input),
        ...(execution.output !== undefined ? { output: JSON.stringify(execution.output) } : {}),
        ...(execution.error ? { error: execution.error.split(':')[0], cause: execution.error } : {}),
      };
    },
    StopExecution: async ({ executionArn: arn, error, cause }) => {
      const stopped = await runner.stopExecution(nameOf(arn), error, cause);
      return { stopDate: seconds(stopped.endedAt) };
    },
  };

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk);
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = actions[target.replace(/^AWSStepFunctions\./, '')];
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    if (!target.startsWith('AWSStepFunctions.') || !action) {
      reply(400, {
        __type: 'com.amazonaws.swf.base.model#UnknownOperationException',
        message: `not served locally: ${target}`,
      });
      return;
    }
    try {
      reply(200, await action(JSON.parse(Buffer.concat(chunks).toString() || '{}')));
    } catch (error) {
      if (error instanceof StatesApiError)
        reply(400, { __type: `com.amazonaws.swf.service.v2.model#${error.name}`, message: error.message });
      else reply(500, { __type: 'com.amazonaws.swf.base.model#InternalFailure', message: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
