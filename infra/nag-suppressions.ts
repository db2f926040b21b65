// cdk-nag findings that are deliberate, each with its reason (cdk-nag v3 uses CDK's Validations API).
import { Validations, type CfnElement, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledgeNagFindings(stack: Stack, scoped: { table: IConstruct; documents: IConstruct; functions: IConstruct[] }) {
  const acknowledge = (id: string, reason: string) => Validations.of(stack).acknowledge({ id, reason });
  const arnOf = (c: IConstruct) => `<${stack.getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
  acknowledge('AwsSolutions-APIG4', 'Every /api route authenticates its bearer token and checks the role inside the API function; /sign pages are authorised by their single-use link token; /health is public by design.');
  acknowledge('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', "The basic execution role only allows writing the function's own logs.");
  acknowledge('AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.');
  acknowledge(`AwsSolutions-IAM5[Resource::${arnOf(scoped.table)}/index/*]`, "Queries use this table's own indexes (byType, byStatus, byExpiry).");
  acknowledge(`AwsSolutions-IAM5[Resource::${arnOf(scoped.documents)}/agreements/*]`, 'Agreement documents live under one prefix of the private documents bucket; keys are generated ids.');
  for (const fn of scoped.functions) {
    acknowledge(`AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`, 'Step Functions and Scheduler may invoke any version of this one function (CDK grant for qualified ARNs).');
  }
}
