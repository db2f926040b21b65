// The synthesized CloudFormation template, read the way AWS would deploy it and resolved to local
// resources: each function with its code, handler, exact environment and role policy; the table,
// buckets, state machine and schedules. Every local service is configured from this, nothing else.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_NAME_VARIABLE, type FunctionName } from '../infra/steps.js';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_API_ID = 'localapi';
export const STACK_NAME = 'Liaison';

export type PolicyDocument = { Version?: string; Statement: Record<string, unknown>[] };
export type StateMachineDefinition = { StartAt: string; States: Record<string, Record<string, unknown>> };

export interface FunctionSpec {
  logicalId: string;
  /** Which Liaison function (functions/<name>.ts). */
  name: FunctionName;
  functionName: string;
  arn: string;
  handler: string;
  memorySize: number;
  timeoutSeconds: number;
  /** Exactly the variables the template gives it, references resolved to local resources. */
  environment: Record<string, string>;
  role: RoleSpec;
  /** The bundle folder in the cloud assembly (when synthesized with bundling). */
  codeDir?: string;
}

export interface RoleSpec {
  logicalId: string;
  arn: string;
  policies: PolicyDocument[];
}

export interface ScheduleSpec {
  logicalId: string;
  expression: string;
  targetArn: string;
  input: unknown;
  role: RoleSpec;
}

/** How a route of the HTTP API lets a request through (the local API Gateway does the same). */
export type RouteAuthorizer = { type: 'JWT'; issuer: string; audience: string[] } | { type: 'AWS_IAM' };
export interface RouteSpec {
  /** "METHOD /path" or "ANY /path" ($default is not used by the stack). */
  routeKey: string;
  functionArn: string;
  authorizer?: RouteAuthorizer;
}

/** A function's log records a subscription filter hands to a Firehose stream that keeps them in S3. */
export interface LogDeliverySpec {
  functionName: FunctionName;
  filterPattern: string;
  streamName: string;
  bucket: string;
  /** With Firehose's !{timestamp:yyyy-MM-dd} (the day the records arrive). */
  prefix: string;
  bufferSeconds: number;
  /** The role Firehose writes with. */
  role: RoleSpec;
}

/** An EventBridge rule on one of the stack's buses, and the functions it invokes. */
export interface EventRuleSpec {
  logicalId: string;
  arn: string;
  busName: string;
  /** The pattern's fields the stack uses: each lists the values that match. */
  pattern: { source?: string[]; 'detail-type'?: string[] };
  targets: {
    arn: string;
    retryAttempts: number;
    maxEventAgeSeconds: number;
    /** Whether the function's resource policy lets this rule invoke it (AWS::Lambda::Permission). */
    permitted: boolean;
  }[];
}

/** An S3 bucket notification to a function (CDK's Custom::S3BucketNotifications), as S3 applies it. */
export interface BucketNotificationSpec {
  bucket: string;
  /** Event names as S3 spells them, such as s3:ObjectCreated:*. */
  events: string[];
  prefix: string;
  suffix: string;
  functionArn: string;
  /** Whether the function's resource policy lets s3.amazonaws.com invoke it for this bucket. */
  permitted: boolean;
}

export interface StackModel {
  functions: FunctionSpec[];
  bucketNotifications: BucketNotificationSpec[];
  eventBuses: { name: string; arn: string }[];
  eventRules: EventRuleSpec[];
  routes: RouteSpec[];
  logDeliveries: LogDeliverySpec[];
  table: {
    name: string;
    arn: string;
    KeySchema: unknown[];
    AttributeDefinitions: unknown[];
    GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown[]; Projection: unknown }[];
  };
  buckets: { logicalId: string; name: string; arn: string }[];
  /** The bucket the functions keep documents and the screening list in. */
  documentsBucket: string;
  stateMachine: { arn: string; name: string; definition: StateMachineDefinition; role: RoleSpec };
  schedules: ScheduleSpec[];
}

type CfnResource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };
export type Template = { Resources: Record<string, CfnResource> };

/** Physical names of the local resources, from logical ids (CloudFormation would generate others). */
function physicalName(logicalId: string, resource: CfnResource): string {
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      return `liaison-${logicalId.toLowerCase()}`;
    case 'AWS::StepFunctions::StateMachine':
      return String(resource.Properties.StateMachineName ?? logicalId);
    case 'AWS::Events::EventBus':
      return String(resource.Properties.Name ?? logicalId);
    default:
      return `${STACK_NAME}-${logicalId}`;
  }
}

function refOf(logicalId: string, resource: CfnResource): string {
  const name = physicalName(logicalId, resource);
  switch (resource.Type) {
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
    case 'AWS::ApiGatewayV2::Api':
      return LOCAL_API_ID;
    case 'AWS::SQS::Queue':
      return `https://sqs.${LOCAL_REGION}.amazonaws.com/${LOCAL_ACCOUNT}/${name}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
    case 'AWS::Cognito::UserPool':
      return `${LOCAL_REGION}_${logicalId.replace(/[^A-Za-z0-9]/g, '').slice(-9)}`;
    case 'AWS::Cognito::UserPoolClient':
      return logicalId
        .replace(/[^A-Za-z0-9]/g, '')
        .toLowerCase()
        .slice(-26);
    default:
      return name;
  }
}

function arnOf(logicalId: string, resource: CfnResource): string {
  const ref = refOf(logicalId, resource);
  const name = physicalName(logicalId, resource);
  const arns: Record<string, string> = {
    'AWS::DynamoDB::GlobalTable': `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`,
    'AWS::DynamoDB::Table': `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`,
    'AWS::S3::Bucket': `arn:aws:s3:::${name}`,
    'AWS::Lambda::Function': `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
    'AWS::IAM::Role': `arn:aws:iam::${LOCAL_ACCOUNT}:role/${name}`,
    'AWS::StepFunctions::StateMachine': ref,
    'AWS::SQS::Queue': `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`,
    'AWS::Logs::LogGroup': `arn:aws:logs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:log-group:${name}:*`,
    'AWS::KMS::Key': `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${name}`,
    'AWS::SNS::Topic': ref,
    'AWS::Events::EventBus': `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${name}`,
    'AWS::Events::Rule': `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${name}`,
    'AWS::Cognito::UserPool': `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${ref}`,
  };
  const arn = arns[resource.Type];
  if (!arn) throw new Error(`cannot resolve the Arn of ${logicalId} (${resource.Type}) locally`);
  return arn;
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': STACK_NAME,
};

/** Where the local identity service answers for the user pool's issuer and hosted UI. */
export interface LocalIdentityUrls {
  issuer: string;
  hostedUiUrl: string;
}

/** Resolves the intrinsic functions a CDK template uses to local values. */
export function resolver(template: Template, apiUrl: string, identity?: LocalIdentityUrls) {
  const apiEndpoint = `https://${LOCAL_API_ID}.execute-api.${LOCAL_REGION}.amazonaws.com`;
  const replacements: [RegExp, string][] = [[new RegExp(escapeRegExp(apiEndpoint), 'g'), apiUrl]];
  if (identity) {
    replacements.push(
      [new RegExp(`https://cognito-idp\\.${LOCAL_REGION}\\.amazonaws\\.com/[\\w-]+`, 'g'), identity.issuer],
      [new RegExp(`https://[a-z0-9-]+\\.auth\\.${LOCAL_REGION}\\.amazoncognito\\.com`, 'g'), identity.hostedUiUrl],
    );
  }
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') return replacements.reduce((text, [from, to]) => text.replace(from, to), value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(resolve);
    const record = value as Record<string, unknown>;
    if ('Ref' in record) {
      const name = record.Ref as string;
      if (name in PSEUDO) return PSEUDO[name];
      const resource = template.Resources[name];
      if (!resource) throw new Error(`cannot resolve Ref ${name} locally`);
      if (resource.Type === 'AWS::Cognito::UserPoolDomain') return resolve(resource.Properties.Domain);
      return refOf(name, resource);
    }
    if ('Fn::GetAtt' in record) {
      const [logicalId, attribute] = record['Fn::GetAtt'] as [string, string];
      const resource = template.Resources[logicalId];
      if (!resource) throw new Error(`cannot resolve Fn::GetAtt ${logicalId} locally`);
      if (attribute === 'Arn') return arnOf(logicalId, resource);
      if (attribute === 'Name') return physicalName(logicalId, resource);
      if (attribute === 'ApiEndpoint') return apiUrl;
      throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute} locally`);
    }
    if ('Fn::Join' in record) {
      const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
      return resolve(parts.map(resolve).join(separator));
    }
    if ('Fn::Select' in record) {
      const [index, list] = record['Fn::Select'] as [number, unknown];
      return (resolve(list) as unknown[])[Number(index)];
    }
    if ('Fn::Split' in record) {
      const [separator, source] = record['Fn::Split'] as [string, unknown];
      return String(resolve(source)).split(separator);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The user pool and the app clients people sign in with (the local identity service serves them). */
export function identityModel(template: Template, apiUrl: string) {
  const resolve = resolver(template, apiUrl);
  const resources = Object.entries(template.Resources);
  const pools = resources.filter(([, r]) => r.Type === 'AWS::Cognito::UserPool');
  if (pools.length !== 1) throw new Error(`expected one user pool in the stack, found ${pools.length}`);
  const clients = resources
    .filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')
    .map(([logicalId, r]) => ({
      clientId: refOf(logicalId, r),
      redirectUris: (resolve(r.Properties.CallbackURLs) as string[] | undefined) ?? [],
      logoutUris: (resolve(r.Properties.LogoutURLs) as string[] | undefined) ?? [],
    }));
  const config = pools[0][1].Properties.AdminCreateUserConfig as { InviteMessageTemplate?: unknown } | undefined;
  const invite = (resolve(config?.InviteMessageTemplate) ?? {}) as {
    EmailSubject?: string;
    EmailMessage?: string;
  };
  const invitation = {
    subject: invite.EmailSubject ?? 'Your temporary password',
    message: invite.EmailMessage ?? 'Your username is {username} and temporary password is {####}.',
  };
  const [poolLogicalId, poolResource] = pools[0];
  return {
    poolId: refOf(poolLogicalId, poolResource),
    poolArn: arnOf(poolLogicalId, poolResource),
    clients,
    invitation,
  };
}

/** Reads the template into the model the local services run. */
export function readModel(
  template: Template,
  apiUrl: string,
  assemblyDir?: string,
  identity?: LocalIdentityUrls,
): StackModel {
  const resolve = resolver(template, apiUrl, identity);
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

  const policiesOfRole = (roleLogicalId: string): PolicyDocument[] =>
    ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleLogicalId))
      .map(([, p]) => resolve(p.Properties.PolicyDocument) as PolicyDocument);
  const roleOf = (roleValue: unknown): RoleSpec => {
    const logicalId = (roleValue as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return { logicalId, arn: arnOf(logicalId, template.Resources[logicalId]), policies: policiesOfRole(logicalId) };
  };

  const functions: FunctionSpec[] = [];
  for (const [logicalId, r] of ofType('AWS::Lambda::Function')) {
    const variables =
      (r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const name = variables[FUNCTION_NAME_VARIABLE] as FunctionName | undefined;
    if (!name) continue; // CDK's own helper functions (none run locally)
    const assetPath = r.Metadata?.['aws:asset:path'] as string | undefined;
    const codeDir = assemblyDir && assetPath ? join(assemblyDir, assetPath) : undefined;
    if (codeDir && !existsSync(codeDir)) throw new Error(`bundle of ${name} not found at ${codeDir}`);
    functions.push({
      logicalId,
      name,
      functionName: physicalName(logicalId, r),
      arn: arnOf(logicalId, r),
      handler: String(r.Properties.Handler),
      memorySize: Number(r.Properties.MemorySize ?? 128),
      timeoutSeconds: Number(r.Properties.Timeout ?? 3),
      environment: resolve(variables) as Record<string, string>,
      role: roleOf(r.Properties.Role),
      codeDir,
    });
  }

  const tables = [...ofType('AWS::DynamoDB::GlobalTable'), ...ofType('AWS::DynamoDB::Table')];
  if (tables.length !== 1) throw new Error(`expected one table in the stack, found ${tables.length}`);
  const [tableId, tableResource] = tables[0];
  const table = {
    ...(tableResource.Properties as unknown as Omit<StackModel['table'], 'name' | 'arn'>),
    name: physicalName(tableId, tableResource),
    arn: arnOf(tableId, tableResource),
  };

  const buckets = ofType('AWS::S3::Bucket').map(([id, r]) => ({
    logicalId: id,
    name: physicalName(id, r),
    arn: arnOf(id, r),
  }));
  const documentsBucket = functions.find((f) => f.environment.DOCUMENTS_BUCKET)?.environment.DOCUMENTS_BUCKET;
  if (!documentsBucket) throw new Error('no function names a DOCUMENTS_BUCKET');

  const machines = ofType('AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine in the stack, found ${machines.length}`);
  const [machineId, machine] = machines[0];
  const stateMachine = {
    arn: arnOf(machineId, machine),
    name: physicalName(machineId, machine),
    definition: JSON.parse(resolve(machine.Properties.DefinitionString) as string) as StateMachineDefinition,
    role: roleOf(machine.Properties.RoleArn),
  };

  const schedules = ofType('AWS::Scheduler::Schedule').map(([logicalId, r]) => {
    const target = resolve(r.Properties.Target) as { Arn: string; Input?: string; RoleArn: string };
    const roleLogicalId = (r.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn[
      'Fn::GetAtt'
    ][0];
    return {
      logicalId,
      expression: String(r.Properties.ScheduleExpression),
      targetArn: target.Arn,
      input: target.Input ? JSON.parse(target.Input) : {},
      role: { logicalId: roleLogicalId, arn: target.RoleArn, policies: policiesOfRole(roleLogicalId) },
    };
  });

  const integrations = ofType('AWS::ApiGatewayV2::Integration').map(([id, r]) => ({
    id,
    functionArn: resolve(r.Properties.IntegrationUri) as string,
  }));
  const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]): RouteSpec => {
    // the target is "integrations/<Ref to the integration>"
    const target = JSON.stringify(r.Properties.Target);
    const integration = integrations.find((i) => target.includes(`"${i.id}"`));
    if (!integration) throw new Error(`route ${String(r.Properties.RouteKey)} has no Lambda integration`);
    const type = String(r.Properties.AuthorizationType ?? 'NONE');
    let authorizer: RouteAuthorizer | undefined;
    if (type === 'JWT') {
      const id = (r.Properties.AuthorizerId as { Ref: string }).Ref;
      const jwt = template.Resources[id].Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown };
      authorizer = { type, issuer: resolve(jwt.Issuer) as string, audience: resolve(jwt.Audience) as string[] };
    } else if (type === 'AWS_IAM') authorizer = { type };
    else if (type !== 'NONE') throw new Error(`the local API Gateway has no ${type} authorizer`);
    return { routeKey: String(r.Properties.RouteKey), functionArn: integration.functionArn, authorizer };
  });

  const logDeliveries = ofType('AWS::Logs::SubscriptionFilter').map(([id, r]): LogDeliverySpec => {
    const logGroup = (r.Properties.LogGroupName as { Ref: string }).Ref;
    const fn = ofType('AWS::Lambda::Function').find(
      ([, f]) => (f.Properties.LoggingConfig as { LogGroup?: { Ref: string } } | undefined)?.LogGroup?.Ref === logGroup,
    );
    const owner = functions.find((f) => f.logicalId === fn?.[0]);
    const streamId = (r.Properties.DestinationArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const stream = template.Resources[streamId];
    if (!owner || stream?.Type !== 'AWS::KinesisFirehose::DeliveryStream')
      throw new Error(`subscription filter ${id}: the local runtime delivers a function's logs to Firehose only`);
    const s3 = stream.Properties.ExtendedS3DestinationConfiguration as {
      BucketARN: unknown;
      Prefix: string;
      BufferingHints?: { IntervalInSeconds?: number };
      RoleARN: unknown;
    };
    return {
      functionName: owner.name,
      filterPattern: String(r.Properties.FilterPattern),
      streamName: physicalName(streamId, stream),
      bucket: String(resolve(s3.BucketARN)).replace(/^arn:aws:s3:::/, ''),
      prefix: s3.Prefix,
      bufferSeconds: s3.BufferingHints?.IntervalInSeconds ?? 300,
      role: roleOf(s3.RoleARN),
    };
  });

  const eventBuses = ofType('AWS::Events::EventBus').map(([id, r]) => ({
    name: physicalName(id, r),
    arn: arnOf(id, r),
  }));
  // a rule may invoke a function only when the function's resource policy lets events.amazonaws.com do so for it
  const permissions = ofType('AWS::Lambda::Permission').map(([, p]) => resolve(p.Properties) as Record<string, string>);
  const eventRules = ofType('AWS::Events::Rule').map(([logicalId, r]): EventRuleSpec => {
    const arn = arnOf(logicalId, r);
    const targets = (resolve(r.Properties.Targets) ?? []) as {
      Arn: string;
      RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
    }[];
    return {
      logicalId,
      arn,
      busName: String(resolve(r.Properties.EventBusName) ?? 'default'),
      pattern: resolve(r.Properties.EventPattern) as EventRuleSpec['pattern'],
      targets: targets.map((t) => ({
        arn: t.Arn,
        retryAttempts: t.RetryPolicy?.MaximumRetryAttempts ?? 185,
        maxEventAgeSeconds: t.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400,
        permitted: permissions.some(
          (p) =>
            p.Action === 'lambda:InvokeFunction' &&
            p.Principal === 'events.amazonaws.com' &&
            p.FunctionName === t.Arn &&
            p.SourceArn === arn,
        ),
      })),
    };
  });

  type FilterRule = { Name: string; Value: string };
  type LambdaConfiguration = {
    Events: string[];
    Filter?: { Key?: { FilterRules?: FilterRule[] } };
    LambdaFunctionArn: unknown;
  };
  const bucketNotifications = ofType('Custom::S3BucketNotifications').flatMap(([, r]) => {
    const bucketRef = (r.Properties.BucketName as { Ref: string }).Ref;
    const bucket = buckets.find((b) => b.logicalId === bucketRef);
    if (!bucket) throw new Error(`bucket notifications for ${bucketRef}: not a bucket of the stack`);
    const configuration = r.Properties.NotificationConfiguration as {
      LambdaFunctionConfigurations?: LambdaConfiguration[];
    };
    return (configuration.LambdaFunctionConfigurations ?? []).map((c): BucketNotificationSpec => {
      const rules = c.Filter?.Key?.FilterRules ?? [];
      const rule = (name: string) => rules.find((f) => f.Name.toLowerCase() === name)?.Value ?? '';
      const functionArn = resolve(c.LambdaFunctionArn) as string;
      return {
        bucket: bucket.name,
        events: c.Events,
        prefix: rule('prefix'),
        suffix: rule('suffix'),
        functionArn,
        permitted: permissions.some(
          (p) =>
            p.Action === 'lambda:InvokeFunction' &&
            p.Principal === 's3.amazonaws.com' &&
            p.FunctionName === functionArn &&
            p.SourceArn === bucket.arn,
        ),
      };
    });
  });

  return {
    functions,
    bucketNotifications,
    eventBuses,
    eventRules,
    routes,
    logDeliveries,
    table,
    buckets,
    documentsBucket,
    stateMachine,
    schedules,
  };
}
