// cdk-nag findings that are deliberate, each with its reason, acknowledged on the construct it is
// about (cdk-nag v3 uses CDK's Validations API), never for the whole stack.
import { type CfnElement, type Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

interface Scoped {
  table: IConstruct;
  documents: IConstruct;
  deadLetters: IConstruct;
  api: IConstruct;
  stateMachine: IConstruct;
  stateMachineName: string;
  /** The function that asks how executions ended (states:DescribeExecution on this machine's executions). */
  reconciler: IConstruct;
  /** The function that stops an onboarding's execution when an officer withdraws it (states:StopExecution). */
  withdrawer: IConstruct;
  /** The function that writes the screening list's indexes (s3:PutObject under lists/index/). */
  listIndexer: IConstruct;
  /** The functions that re-screen partners and keep the index of their names (s3:PutObject under lists/partners/). */
  rescreeners: IConstruct[];
  functions: IConstruct[];
}

export function acknowledgeNagFindings(stack: Stack, scoped: Scoped) {
  const on = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const arnOf = (c: IConstruct) => `<${stack.getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
  on(
    scoped.api,
    'AwsSolutions-APIG4',
    'Every /api route authenticates its bearer token and checks the role inside the API function; ' +
      '/sign pages are authorised by their single-use link token; /health and the console shell are public by design.',
  );
  for (const fn of scoped.functions) {
    on(
      fn,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "The basic execution role only allows writing the function's own logs.",
    );
    on(
      fn,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
    );
    on(
      fn,
      `AwsSolutions-IAM5[Resource::${arnOf(scoped.table)}/index/*]`,
      "Queries use this table's own indexes (byType, byStatus, byExpiry).",
    );
    on(
      fn,
      `AwsSolutions-IAM5[Resource::${arnOf(scoped.documents)}/agreements/*]`,
      'Agreement documents live under one prefix of the private documents bucket; keys are generated ids.',
    );
    on(
      fn,
      `AwsSolutions-IAM5[Resource::${arnOf(scoped.documents)}/lists/*]`,
      'The screening list (and OFAC alt.csv beside it) live under one prefix; the functions only read it.',
    );
    // the invokers' roles: the state machine's, and the scheduler's (created beside the stack's schedules)
    const invokers = [
      scoped.stateMachine,
      ...stack.node.children.filter((c) => c.node.id.startsWith('SchedulerRoleForTarget')),
    ];
    for (const invoker of invokers) {
      on(
        invoker,
        `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`,
        'Step Functions and Scheduler may invoke any version of this one function (CDK grant for qualified ARNs).',
      );
    }
  }
  for (const rescreener of scoped.rescreeners)
    on(
      rescreener,
      `AwsSolutions-IAM5[Resource::${arnOf(scoped.documents)}/lists/partners/*]`,
      "Re-screening keeps the index of the partners' names under one prefix beside the lists.",
    );
  on(
    scoped.listIndexer,
    `AwsSolutions-IAM5[Resource::${arnOf(scoped.documents)}/lists/index/*]`,
    "The list indexer writes each list version's index under one prefix beside the lists; keys are content hashes.",
  );
  // CDK's own function that applies the bucket's notification configuration when the stack deploys
  for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'))) {
    on(
      handler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's deploy-time handler for bucket notifications only writes its own logs with this policy.",
    );
  }
  on(
    scoped.stateMachine,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing of the state machine supports no resource-level permissions.',
  );
  const pseudo = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
  const executions =
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${pseudo(stack.region, 'Region')}:` +
    `${pseudo(stack.account, 'AccountId')}:execution:${scoped.stateMachineName}:*]`;
  on(scoped.reconciler, executions, "DescribeExecution on this one state machine's executions (onboarding ids).");
  on(scoped.withdrawer, executions, "StopExecution on this one state machine's executions (onboarding ids).");
  on(
    scoped.deadLetters,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter queue of the schedules; an alarm watches it.',
  );
}
