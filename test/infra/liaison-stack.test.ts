// What the synthesized template means: table and bucket settings, the workflow's callbacks,
// timeouts and catches, and least-privilege grants. No snapshot of the whole definition.
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import nag from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiaisonStack } from '../../infra/liaison-stack.js';
import { FUNCTIONS } from '../../infra/steps.js';
import { EVENT_TYPES } from '../../functions/domain/events.js';
import { synthesize } from '../../local/synth.js';
import { readModel, type StateMachineDefinition } from '../../local/template.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let template: Template;
let definition: StateMachineDefinition;
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

// synthesized assemblies go to a folder of this file's, removed afterwards (CDK's default is a new temporary one)
const outdir = mkdtempSync(join(tmpdir(), 'liaison-infra-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir: join(outdir, 'template') });
  template = Template.fromStack(new LiaisonStack(app, 'Liaison', { senderEmail: 'liaison@example.org' }));
  definition = readModel(
    synthesize({ settings: { senderEmail: 'liaison@example.org' } }).template,
    'http://localhost:3000',
  ).stateMachine.definition;
});

function policyStatementsOf(functionLogicalIdPrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(`${functionLogicalIdPrefix}ServiceRoleDefaultPolicy`))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
}
const actionsOf = (prefix: string) => policyStatementsOf(prefix).flatMap((s) => [s.Action].flat());

describe('Resource: table', () => {
  it('is on-demand with point-in-time recovery, deletion protection and the three indexes', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
      GlobalSecondaryIndexes: Match.arrayWith(
        ['byType', 'byStatus', 'byExpiry'].map((IndexName) => Match.objectLike({ IndexName })),
      ),
    });
  });

  it("keeps keys in the indexes, the partners' names in byType and a link's status in byStatus", () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')) as {
      Properties: { GlobalSecondaryIndexes: { IndexName: string; Projection: unknown }[] };
    }[];
    const projections = Object.fromEntries(
      table.Properties.GlobalSecondaryIndexes.map((index) => [index.IndexName, index.Projection]),
    );
    expect(projections).toEqual({
      byType: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['names'] },
      byStatus: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
      byExpiry: { ProjectionType: 'KEYS_ONLY' },
    });
  });
});

describe('Identity: who may call Liaison', () => {
  it('signs people in to a user pool with MFA required, no self sign-up, and the three groups', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'PLUS',
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['approver', 'auditor', 'officer']);
  });

  it('gives the console and the CLI public clients with the code flow only, and machine clients a scope', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).map(
      (c) => (c as { Properties: Record<string, unknown> }).Properties,
    );
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      expect(client.GenerateSecret).toBe(false);
      expect(client.AllowedOAuthFlows).toEqual(['code']);
    }
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'liaison',
      Scopes: [Match.objectLike({ ScopeName: 'access-check' })],
    });
  });

  it("guards /api/* with a JWT authorizer for the pool's ID tokens; only the API description stays public", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: Match.anyValue(), Issuer: Match.anyValue() },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string; AuthorizationType?: string } }).Properties,
    );
    const byKey = Object.fromEntries(routes.map((r) => [r.RouteKey, r.AuthorizationType ?? 'NONE']));
    expect(byKey['ANY /api/{proxy+}']).toBe('JWT');
    expect(byKey['GET /api/openapi.json']).toBe('NONE');
    // the access check verifies its own tokens (machine clients' too); a signing link is its own credential
    expect(byKey['ANY /api/access-checks']).toBe('NONE');
    expect(byKey['ANY /sign/{proxy+}']).toBe('NONE');
    // callers inside AWS sign the access check instead; the stack says which ARN to grant them
    expect(byKey['POST /api/iam/access-checks']).toBe('AWS_IAM');
    template.hasOutput('IamAccessCheckArn', {
      Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/*/POST/api/iam/access-checks'])] }),
    });
  });

  it("keeps every access decision: the access check's log records Firehose delivers to their own bucket by day", () => {
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      FilterPattern: '{ $.message = "access-decision" }',
      LogGroupName: { Ref: Match.stringLikeRegexp('^AccessCheckLogs') },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DecisionLogRecords'), 'Arn'] },
        Prefix: 'decisions/dt=!{timestamp:yyyy-MM-dd}/',
        ProcessingConfiguration: Match.objectLike({
          Processors: Match.arrayWith([
            Match.objectLike({ Type: 'Decompression' }),
            Match.objectLike({ Type: 'CloudWatchLogProcessing' }),
          ]),
        }),
      }),
    });
    // the API reads the records and nothing else of that bucket; it writes none
    const api = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('ApiHandlerServiceRoleDefaultPolicy'),
    )![1] as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } };
    const onRecords = api.Properties.PolicyDocument.Statement.filter((s) =>
      JSON.stringify(s.Resource).includes('DecisionLogRecords'),
    );
    expect(onRecords.map((s) => s.Action).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  const readsClientNamesOnly =
    'lets the access check read machine clients of its own pool (their names, whether they still exist), nothing more';
  it(readsClientNamesOnly, () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } }).Properties.PolicyDocument
          .Statement,
    );
    const cognito = statements.filter((s) => JSON.stringify(s.Action).includes('cognito-idp'));
    expect(cognito).toHaveLength(1);
    expect(cognito[0]).toMatchObject({
      Action: 'cognito-idp:DescribeUserPoolClient',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityPeople/), 'Arn'] },
    });
  });

  it("invites people with the pool's own email, naming the console and the temporary password", () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({
        AllowAdminCreateUserOnly: true,
        InviteMessageTemplate: Match.objectLike({ EmailSubject: 'Your Liaison account' }),
      }),
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, TemporaryPasswordValidityDays: 7 }) },
    });
  });

  it('keeps identity settings and secrets out of every function environment', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir: join(outdir, 'federated') });
    const federated = Template.fromStack(
      new LiaisonStack(app, 'Liaison', {
        senderEmail: 'liaison@example.org',
        oidcIssuer: 'https://login.example.org',
        oidcClientId: 'liaison',
        oidcClientSecret: 'do-not-leak',
      }),
    );
    federated.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderType: 'OIDC' });
    expect(JSON.stringify(federated.findResources('AWS::Lambda::Function'))).not.toContain('do-not-leak');
  });
});

describe('Resource: documents bucket', () => {
  it('is private, versioned, encrypted and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('Resource: functions', () => {
  it('run Node 24 on arm64 with tracing, as the project pins', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: Record<string, unknown>;
    }[];
    const ours = functions.filter(
      (f) =>
        (f.Properties.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.LIAISON_FUNCTION,
    );
    expect(ours).toHaveLength(FUNCTIONS.length);
    for (const f of ours)
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
  });

  it('start without loading their source maps: the maps are uploaded, not parsed on every cold start', () => {
    const options = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((f) => (f as { Properties: { Environment?: { Variables?: Record<string, string> } } }).Properties)
      .map((p) => p.Environment?.Variables)
      .filter((variables) => variables?.LIAISON_FUNCTION)
      .map((variables) => variables!.NODE_OPTIONS);
    expect(options).toHaveLength(FUNCTIONS.length);
    for (const value of options) {
      expect(value).toMatch(/--max-old-space-size=\d+/);
      expect(value).not.toContain('--enable-source-maps');
    }
  });
});

describe('Resource: onboarding state machine', () => {
  it('is a Standard workflow (callbacks wait for days)', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
  });

  it('collects each company signature through a callback with a per-onboarding timeout and catches', () => {
    const map = definition.States.CollectCompanySignatures as Record<string, any>;
    expect(map.Type).toBe('Map');
    expect(map.MaxConcurrencyPath).toBe('$.signing.maxConcurrency');
    const signer = map.ItemProcessor.States.RequestCompanySignature;
    expect(signer.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(signer.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
    expect(signer.TimeoutSecondsPath).toBe('$.timeoutSeconds');
    expect(map.Catch.map((c: { ErrorEquals: string[]; Next: string }) => [c.ErrorEquals[0], c.Next])).toEqual([
      ['SignatureDeclined', 'RecordDeclined'],
      ['States.Timeout', 'RecordSignatureExpired'],
      ['States.ALL', 'RecordFailure'],
    ]);
  });

  it('then the countersignature, the same way, then activation', () => {
    const counter = definition.States.RequestCountersignature as Record<string, any>;
    expect(counter.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(counter.Parameters.Payload.signerId).toBe('countersignatory');
    expect(counter.TimeoutSecondsPath).toBe('$.signing.timeoutSeconds');
    expect(counter.Catch.map((c: { ErrorEquals: string[] }) => c.ErrorEquals[0])).toEqual([
      'SignatureResent',
      'SignatureDeclined',
      'States.Timeout',
      'States.ALL',
    ]);
    expect(counter.Next).toBe('Activate');
    expect((definition.States.CollectCompanySignatures as { Next: string }).Next).toBe('RequestCountersignature');
  });

  it('asks a signer again, with a fresh token and timeout, when the officer resends the link', () => {
    const signer = (definition.States.CollectCompanySignatures as any).ItemProcessor.States.RequestCompanySignature;
    expect(signer.Catch[0]).toEqual({
      ErrorEquals: ['SignatureResent'],
      ResultPath: '$.resent',
      Next: 'RequestCompanySignature',
    });
    expect((definition.States.RequestCountersignature as any).Catch[0]).toMatchObject({
      ErrorEquals: ['SignatureResent'],
      Next: 'RequestCountersignature',
    });
  });

  it('starts at vetting, or, for a restart of signing, at the agreement step', () => {
    expect(definition.StartAt).toBe('StartOrRestart');
    const start = definition.States.StartOrRestart as Record<string, any>;
    expect(start.Choices[0].Next).toBe('GenerateAgreement');
    expect(start.Default).toBe('Vet');
  });

  it('routes vetting to generation, review or rejection, and review waits at most 7 days', () => {
    const choice = definition.States.VettingDecision as Record<string, any>;
    expect(choice.Choices.map((c: { StringEquals: string; Next: string }) => [c.StringEquals, c.Next])).toEqual([
      ['CLEAR', 'GenerateAgreement'],
      ['REVIEW', 'AwaitReview'],
    ]);
    expect(choice.Default).toBe('RecordVettingFailed');
    const review = definition.States.AwaitReview as Record<string, any>;
    expect(review.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(review.TimeoutSeconds).toBe(7 * 24 * 3600);
    expect(review.Catch[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'RecordReviewTimedOut' });
  });

  it('holds signature requests for personal data behind the data-protection approval callback', () => {
    const gate = definition.States.DataProtectionGate as Record<string, any>;
    expect(gate.Choices[0]).toMatchObject({
      Variable: '$.agreement.needsDataProtectionApproval',
      BooleanEquals: true,
      Next: 'AwaitDataProtectionApproval',
    });
    expect(gate.Default).toBe('CollectCompanySignatures');
    const approval = definition.States.AwaitDataProtectionApproval as Record<string, any>;
    expect(approval.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(approval.Parameters.Payload.gate).toBe('data-protection');
    expect(approval.TimeoutSeconds).toBe(7 * 24 * 3600);
    const decision = definition.States.DataProtectionDecision as Record<string, any>;
    expect(decision.Choices[0].Next).toBe('CollectCompanySignatures');
    expect(decision.Default).toBe('RecordDataProtectionRejected');
  });

  it('retries transient Lambda errors and records any step failing for good as FAILED', () => {
    for (const name of ['Vet', 'GenerateAgreement', 'Activate']) {
      const state = definition.States[name] as Record<string, any>;
      expect(state.Retry[0].ErrorEquals).toEqual(
        expect.arrayContaining([
          'Liaison.TransientError',
          'Lambda.ServiceException',
          'Lambda.SdkClientException',
          'Lambda.TooManyRequestsException',
        ]),
      );
      expect(state.Retry[0]).toMatchObject({ BackoffRate: 2, JitterStrategy: 'FULL' });
      expect(state.Catch.at(-1)).toMatchObject({
        ErrorEquals: ['States.ALL'],
        Next: 'RecordFailure',
        ResultPath: '$.error',
      });
    }
    expect((definition.States.RecordFailure as Record<string, any>).Parameters.outcome).toBe('FAILED');
    expect((definition.States.RecordFailure as { Next: string }).Next).toBe('Failed');
  });
});

describe('Permissions: least privilege', () => {
  it('lets only the API start executions; the API, the signing pages and the jobs function answer callbacks', () => {
    expect(actionsOf('ApiHandler')).toEqual(
      expect.arrayContaining(['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:StartExecution']),
    );
    expect(
      actionsOf('Signing')
        .filter((a) => a.startsWith('states:'))
        .sort(),
    ).toEqual(['states:SendTaskFailure', 'states:SendTaskSuccess']);
    expect(actionsOf('AccessCheck').filter((a) => a.startsWith('states:'))).toEqual([]);
    expect(actionsOf('DailyJobs')).toEqual(
      expect.arrayContaining(['states:SendTaskSuccess', 'states:SendTaskFailure']),
    );
    expect(actionsOf('DailyJobs')).not.toContain('states:StartExecution');
    for (const fn of ['Vet', 'GenerateAgreement', 'RequestSignature', 'Activate', 'RecordOutcome']) {
      expect(actionsOf(fn).filter((a) => a.startsWith('states:'))).toEqual([]);
    }
  });

  it('grants item-level table actions only (no Scan, no DeleteItem), and Query on indexes only to who lists', () => {
    for (const fn of [
      'Vet',
      'RequestReview',
      'GenerateAgreement',
      'RequestSignature',
      'Activate',
      'RecordOutcome',
      'DailyJobs',
      'ApiHandler',
      'AccessCheck',
      'Signing',
      'OfficerJobs',
    ]) {
      const dynamo = [...new Set(actionsOf(fn).filter((a) => a.startsWith('dynamodb:')))];
      expect(dynamo).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
      const itemLevel = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'];
      expect(dynamo.filter((a) => ![...itemLevel, 'dynamodb:BatchGetItem'].includes(a))).toEqual([]);
    }
    const onIndexes = (fn: string) =>
      policyStatementsOf(fn).some((s) => JSON.stringify(s.Resource).includes('/index/*'));
    // the indexes hold keys: who queries them reads what they found from the table, and only they
    const batchReads = (fn: string) => actionsOf(fn).includes('dynamodb:BatchGetItem');
    expect(['Vet', 'DailyJobs', 'ApiHandler', 'OfficerJobs'].every((fn) => onIndexes(fn) && batchReads(fn))).toBe(true);
    expect(
      ['RequestReview', 'GenerateAgreement', 'RequestSignature', 'Activate', 'RecordOutcome'].some(
        (fn) => onIndexes(fn) || batchReads(fn),
      ),
    ).toBe(false);
  });

  it('lets only the mail-sending steps use SES, and only from the sender identity', () => {
    expect(actionsOf('Vet').some((a) => a.startsWith('ses:'))).toBe(false);
    expect(actionsOf('GenerateAgreement').some((a) => a.startsWith('ses:'))).toBe(false);
    const ses = policyStatementsOf('RequestSignature').find((s) => [s.Action].flat().includes('ses:SendEmail'))!;
    expect(JSON.stringify(ses.Resource)).toContain('identity/liaison@example.org');
    expect(JSON.stringify(ses.Resource)).not.toContain('identity/*');
  });

  const apiWrites =
    'keeps documents write-once from generation, read-only for the API, and lets only the re-screeners write the ' +
    "partners' index";
  it(apiWrites, () => {
    expect(actionsOf('GenerateAgreement').filter((a) => a.startsWith('s3:'))).toEqual(['s3:PutObject']);
    expect([...new Set(actionsOf('ApiHandler').filter((a) => a.startsWith('s3:')))].sort()).toEqual([
      's3:GetObject',
      's3:ListBucket',
    ]);
    for (const fn of ['OfficerJobs', 'DailyJobs']) {
      const writes = policyStatementsOf(fn).filter((s) => [s.Action].flat().includes('s3:PutObject'));
      expect(writes.map((s) => JSON.stringify(s.Resource))).toEqual([expect.stringMatching(/\/lists\/partners\/\*"/)]);
    }
    expect(actionsOf('RequestSignature').some((a) => a.startsWith('s3:'))).toBe(false);
    expect(
      actionsOf('Signing')
        .filter((a) => a.startsWith('s3:'))
        .sort(),
    ).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(actionsOf('AccessCheck').some((a) => a.startsWith('s3:'))).toBe(false);
  });
});

describe('Screening list in S3', () => {
  it('is indexed by the index-list function when a list is uploaded, which writes only beside it', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'suffix', Value: '.csv' },
                  { Name: 'prefix', Value: 'lists/' },
                ],
              },
            },
          }),
        ],
      },
    });
    const writes = policyStatementsOf('IndexList').filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes.map((s) => JSON.stringify(s.Resource))).toEqual([expect.stringMatching(/\/lists\/index\/\*"/)]);
  });

  it('is read by the screening functions from one key, so an upload takes effect without a deploy', () => {
    for (const fn of ['Vet', 'OfficerJobs', 'DailyJobs']) {
      const statement = policyStatementsOf(fn).find(
        (s) => [s.Action].flat().includes('s3:GetObject') && JSON.stringify(s.Resource).includes('lists/*'),
      );
      expect(statement, fn).toBeDefined();
    }
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment?: { Variables?: Record<string, unknown> } };
    }[];
    const vet = functions.find((f) => f.Properties.Environment?.Variables?.LIAISON_FUNCTION === 'vet')!;
    expect(vet.Properties.Environment!.Variables!.LIAISON_SANCTIONS_KEY).toBe('lists/targets.simple.csv');
  });
});

describe('Resource: daily schedule', () => {
  it('wakes the webhook sender for every Liaison event on the bus, and every minute for what is due', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^Events') },
      EventPattern: { source: ['liaison'], 'detail-type': [...EVENT_TYPES] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliverEvents'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliverEvents'), 'Arn'] },
        Input: JSON.stringify({ job: 'send-due' }),
      }),
    });
  });

  it("lets only the functions that raise events put them on the bus, and only on Liaison's bus", () => {
    const model = readModel(template.toJSON() as Parameters<typeof readModel>[0], 'http://localhost:3000');
    const raisers = model.functions
      .filter((f) => JSON.stringify(f.role.policies).includes('events:PutEvents'))
      .map((f) => f.name)
      .sort();
    expect(raisers).toEqual(['activate', 'api', 'daily-jobs', 'officer-jobs', 'record-outcome']);
    for (const f of model.functions.filter((fn) => raisers.includes(fn.name))) {
      expect(f.environment.EVENT_BUS_NAME).toBe(model.eventBuses[0].name);
      const statements = f.role.policies.flatMap((p) => p.Statement);
      const put = statements.find((st) => JSON.stringify(st.Action).includes('events:PutEvents'));
      expect(put?.Resource).toBe(model.eventBuses[0].arn);
    }
    expect(model.eventRules[0].targets.every((t) => t.permitted)).toBe(true);
  });

  it('calls the daily-jobs function every day', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 5 * * ? *)',
      Target: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DailyJobs'), 'Arn'] } },
    });
  });
});

describe('cdk-nag: AwsSolutions', () => {
  it('passes, with every acknowledged finding carrying a reason', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir: join(outdir, 'nag') });
    new LiaisonStack(app, 'Liaison', { senderEmail: 'liaison@example.org' });
    Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});
