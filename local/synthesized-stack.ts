// Synthesizes the CDK stack in-process (bundling skipped) and extracts what the local runtime
// runs: the state machine definition and the table's key schema, exactly as deployed.
import { App } from 'aws-cdk-lib';
import { LiaisonStack } from '../infra/liaison-stack.js';
import { FUNCTION_NAME_VARIABLE, type FunctionName } from '../infra/steps.js';

export interface SynthesizedStack {
  /** The Amazon States Language definition, intrinsic functions resolved to local ARNs. */
  definition: StateMachineDefinition;
  /** Function ARN in the definition → which Liaison function it is. */
  functionsByArn: Map<string, FunctionName>;
  table: { KeySchema: unknown[]; AttributeDefinitions: unknown[]; GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown[]; Projection: unknown }[] };
}

// Loosely typed: the runner walks it generically and aws-local-stepfunctions validates it.
export type StateMachineDefinition = { StartAt: string; States: Record<string, Record<string, unknown>> };

type CfnResource = { Type: string; Properties: Record<string, unknown> };

const localArn = (logicalId: string) => `arn:aws:lambda:local:000000000000:function:${logicalId}`;

function resolve(value: unknown): unknown {
  if (typeof value === 'string' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(resolve);
  const record = value as Record<string, unknown>;
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(separator);
  }
  if ('Fn::GetAtt' in record) {
    const [logicalId, attribute] = record['Fn::GetAtt'] as [string, string];
    if (attribute !== 'Arn') throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute} locally`);
    return localArn(logicalId);
  }
  if ('Ref' in record) {
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'local', 'AWS::AccountId': '000000000000', 'AWS::URLSuffix': 'amazonaws.com' };
    return pseudo[record.Ref as string] ?? record.Ref;
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v)]));
}

export function synthesizeStack(): SynthesizedStack {
  // 'aws:cdk:bundling-stacks': [] skips esbuild: the local runtime runs the TypeScript sources
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  new LiaisonStack(app, 'Liaison', { senderEmail: 'liaison@liaison.local' });
  const template = app.synth().getStackByName('Liaison').template as { Resources: Record<string, CfnResource> };
  const resources = Object.entries(template.Resources);

  const machines = resources.filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine in the stack, found ${machines.length}`);
  const definition = JSON.parse(resolve(machines[0][1].Properties.DefinitionString) as string) as StateMachineDefinition;

  const functionsByArn = new Map<string, FunctionName>();
  for (const [logicalId, r] of resources) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const variables = (r.Properties.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {};
    const name = variables[FUNCTION_NAME_VARIABLE] as FunctionName | undefined;
    if (name) functionsByArn.set(localArn(logicalId), name);
  }

  const tables = resources.filter(([, r]) => r.Type === 'AWS::DynamoDB::GlobalTable' || r.Type === 'AWS::DynamoDB::Table');
  if (tables.length !== 1) throw new Error(`expected one table in the stack, found ${tables.length}`);
  const table = tables[0][1].Properties as unknown as SynthesizedStack['table'];
  return { definition, functionsByArn, table };
}
