// The Liaison stack: table, documents bucket, functions, the onboarding state machine, HTTP API,
// schedules, and what operations watch. Each function gets exactly the environment and the grants
// for the calls it makes; the local runtime and the deployed-shape tests run it from this template.
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as RuleLambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke as ScheduleLambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TABLE, TTL_ATTRIBUTE } from '../functions/adapters/dynamodb/keys.js';
import { IAM_ACCESS_CHECK_PATH } from '../functions/domain/identity.js';
import { EVENT_SOURCE } from '../functions/adapters/eventbridge-bus.js';
import { indexFolderOf, partnersFolderOf } from '../functions/domain/sanctions-list.js';
import { EVENT_TYPES } from '../functions/domain/events.js';
import { DAILY_JOB, DELIVERY_RUN_SECONDS, REDELIVERY_JOB, SEND_DUE_DELIVERIES } from '../functions/domain/jobs.js';
import { DecisionLog } from './decision-log.js';
import { Identity } from './identity.js';
import { LiaisonFunction } from './liaison-function.js';
import { acknowledgeNagFindings } from './nag-suppressions.js';
import { OnboardingWorkflow } from './onboarding-workflow.js';
import { Operations } from './operations.js';
import { type DeploySettings, configurationEnvironment } from './settings.js';
import { type FunctionName, LIST_UPLOADS, SANCTIONS_LIST_KEY } from './steps.js';

export type LiaisonStackProps = StackProps & DeploySettings;

/**
 * Memory of the functions that hold the screening index. Measured (npm run bench, screening-scale): a cold function
 * opening the index of a 1,000,000-entry list peaks at about 400 MB.
 */
export const SCREENING_MEMORY_MB = 1024;
/**
 * The function that indexes a list when one is uploaded: parsing and indexing 1,000,000 entries takes about 20 s and
 * 1.8 GB here (npm run bench); the most memory a new account may give a function, and its CPU.
 */
export const INDEXING_MEMORY_MB = 3008;
/** The functions people wait on (the officers' API and console, the signing pages): the CPU share of 1 GB. */
export const INTERACTIVE_MEMORY_MB = 1024;

export class LiaisonStack extends Stack {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: LiaisonStackProps) {
    super(scope, id, props);

    const table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      globalSecondaryIndexes: [TABLE.byType, TABLE.byStatus, TABLE.byExpiry].map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: index.projection.length ? ProjectionType.INCLUDE : ProjectionType.KEYS_ONLY,
        ...(index.projection.length ? { nonKeyAttributes: [...index.projection] } : {}),
      })),
    });

    const accessLogs = new Bucket(this, 'DocumentsAccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    const documents = new Bucket(this, 'Documents', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
    });

    const api = new HttpApi(this, 'Api', {
      description: 'Liaison HTTP API and signing pages',
      createDefaultStage: false,
    });
    new HttpStage(this, 'ApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR }),
        ),
      },
    });
    // links in emails: the configured base URL, else the API's own endpoint (the API function itself
    // derives it from the request when none is configured: its own endpoint would be a cycle)
    const publicUrl = props.baseUrl ?? api.apiEndpoint;

    if (props.webhookTargets && !['public', 'any'].includes(props.webhookTargets))
      throw new Error(`setting webhookTargets must be "public" or "any", not "${props.webhookTargets}"`);
    // Liaison's events, for the organisation's other systems; webhooks get the same ones
    const bus = new EventBus(this, 'Events', { description: `Liaison events (${EVENT_TYPES.join(', ')})` });
    const raises = { EVENT_BUS_NAME: bus.eventBusName };

    const configuration = configurationEnvironment(props);
    const resources = {
      TABLE_NAME: table.tableName,
      DOCUMENTS_BUCKET: documents.bucketName,
      LIAISON_SANCTIONS_BUCKET: documents.bucketName,
      LIAISON_SANCTIONS_KEY: SANCTIONS_LIST_KEY,
    };
    const fn = (
      id: string,
      name: FunctionName,
      extra: Record<string, string> = {},
      memorySize?: number,
      timeout?: Duration,
    ) =>
      new LiaisonFunction(this, id, {
        name,
        memorySize,
        timeout,
        environment: { ...configuration, ...resources, ...extra },
      });

    const links = { BASE_URL: publicUrl };
    const vet = fn('Vet', 'vet', {}, SCREENING_MEMORY_MB);
    const requestReview = fn('RequestReview', 'request-review', links);
    const generateAgreement = fn('GenerateAgreement', 'generate-agreement');
    const requestSignature = fn('RequestSignature', 'request-signature', links);
    const activate = fn('Activate', 'activate', { ...links, ...raises });
    const recordOutcome = fn('RecordOutcome', 'record-outcome', { ...links, ...raises });
    // sends webhook deliveries: woken by the bus when an event is raised, and every minute for what is due
    const deliverEvents = fn(
      'DeliverEvents',
      'deliver-events',
      raises,
      undefined,
      Duration.seconds(DELIVERY_RUN_SECONDS),
    );
    new Rule(this, 'EventsToWebhooks', {
      eventBus: bus,
      description: 'Wake the webhook sender when Liaison raises an event',
      eventPattern: { source: [EVENT_SOURCE], detailType: [...EVENT_TYPES] },
      targets: [new RuleLambdaTarget(deliverEvents, { retryAttempts: 4, maxEventAge: Duration.hours(1) })],
    });

    const workflow = new OnboardingWorkflow(this, 'Workflow', {
      vet,
      requestReview,
      generateAgreement,
      requestSignature,
      activate,
      recordOutcome,
      reviewTimeout: props.reviewTimeoutDays ? Duration.days(props.reviewTimeoutDays) : undefined,
    });
    const stateMachineName = `${this.stackName}-onboarding`;
    this.stateMachine = new StateMachine(this, 'OnboardingStateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD, // callbacks wait for days: Express cannot
      definitionBody: DefinitionBody.fromChainable(workflow.definition),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'StateMachineLogs', { retention: RetentionDays.ONE_YEAR }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });

    const identity = new Identity(this, 'Identity', {
      consoleUrl: publicUrl,
      domainPrefix: props.authDomainPrefix ?? `liaison-${this.account}`,
      federation: {
        oidcIssuer: props.oidcIssuer,
        oidcClientId: props.oidcClientId,
        oidcClientSecret: props.oidcClientSecret,
        samlMetadataUrl: props.samlMetadataUrl,
      },
    });
    // the API verifies every token itself too (aws-jwt-verify), with the authorizer's issuer and audience
    const identityEnvironment = {
      USER_POOL_ISSUER: identity.issuer,
      PEOPLE_CLIENT_IDS: [identity.consoleClient.userPoolClientId, identity.cliClient.userPoolClientId].join(','),
      CONSOLE_CLIENT_ID: identity.consoleClient.userPoolClientId,
      CLI_CLIENT_ID: identity.cliClient.userPoolClientId,
      HOSTED_UI_URL: identity.hostedUiUrl,
    };

    const workflowEnvironment = { STATE_MACHINE_ARN: this.stateMachine.stateMachineArn };
    const dailyJobs = fn(
      'DailyJobs',
      'daily-jobs',
      { ...workflowEnvironment, ...links, ...raises },
      SCREENING_MEMORY_MB,
    );
    const apiEnvironment = {
      ...workflowEnvironment,
      ...raises,
      ...identityEnvironment,
      ...(props.baseUrl ? { BASE_URL: props.baseUrl } : {}),
    };
    // the HTTP API is four functions by audience, each carrying what its routes need: the officers' API (and the
    // console), the access check data-exchange systems call before every exchange (a GetItem: the default memory),
    // the signers' pages, and the officers' routes that open the screening list
    const apiFunction = fn('ApiHandler', 'api', apiEnvironment, INTERACTIVE_MEMORY_MB);
    const accessCheck = fn('AccessCheck', 'access-check', identityEnvironment);
    const signing = fn('Signing', 'signing', workflowEnvironment, INTERACTIVE_MEMORY_MB);
    // screening a name and the daily job run by hand: they open the screening list, with the memory that takes
    const officerJobs = fn('OfficerJobs', 'officer-jobs', apiEnvironment, SCREENING_MEMORY_MB);
    // a list uploaded is indexed once, here, and the screening functions open that index (functions/index-list.ts)
    const indexList = fn('IndexList', 'index-list', {}, INDEXING_MEMORY_MB, Duration.minutes(5));
    documents.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(indexList), LIST_UPLOADS);
    // every access decision is a log record of the access check; CloudWatch Logs hands those records to Firehose,
    // which keeps them in a bucket by day: the access check writes nothing more than its log line
    const decisionLog = new DecisionLog(this, 'DecisionLog', { source: accessCheck, accessLogs });
    decisionLog.grantRead(apiFunction);
    apiFunction.addEnvironment('DECISION_LOG_BUCKET', decisionLog.bucket.bucketName);
    const integration = new HttpLambdaIntegration('ApiIntegration', apiFunction);
    api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration });
    // people's routes: the JWT authorizer lets only the pool's ID tokens for Liaison's own clients through
    const people = new HttpJwtAuthorizer('People', identity.issuer, {
      jwtAudience: [identity.consoleClient.userPoolClientId, identity.cliClient.userPoolClientId],
    });
    api.addRoutes({ path: '/api/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer: people });
    // public: the API's description
    api.addRoutes({ path: '/api/openapi.json', methods: [HttpMethod.GET], integration });
    api.addRoutes({
      path: '/',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('ApiRootIntegration', apiFunction),
    });
    // the access check also takes machine clients' client-credentials tokens, whose client ids the authorizer cannot
    // list: the function verifies every token (issuer, signature, expiry, scope); any method, so that another one is
    // answered 405 by the function that knows the route
    const accessIntegration = new HttpLambdaIntegration('AccessCheckIntegration', accessCheck);
    api.addRoutes({ path: '/api/access-checks', methods: [HttpMethod.ANY], integration: accessIntegration });
    // the same check for callers inside AWS: requests signed by a role the account allows execute-api:Invoke on it
    api.addRoutes({
      path: IAM_ACCESS_CHECK_PATH,
      methods: [HttpMethod.POST],
      integration: accessIntegration,
      authorizer: new HttpIamAuthorizer(),
    });
    // people's routes that open the screening list (the JWT authorizer as above)
    const jobsIntegration = new HttpLambdaIntegration('OfficerJobsIntegration', officerJobs);
    for (const path of ['/api/screenings', '/api/jobs/expiry-sweep'])
      api.addRoutes({ path, methods: [HttpMethod.ANY], integration: jobsIntegration, authorizer: people });
    // the signing pages: the emailed link is the credential
    api.addRoutes({
      path: '/sign/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('SigningIntegration', signing),
    });

    // Least privilege: each function gets the calls it makes, on the resources it makes them on.
    const allow = (grantee: IGrantable, statement: PolicyStatement) =>
      grantee.grantPrincipal.addToPrincipalPolicy(statement);
    // item actions on the table; Query on the table (an item's events) and/or its indexes (lists)
    const data = (grantee: IGrantable, onTable: string[], queryIndexes = false) => {
      allow(
        grantee,
        new PolicyStatement({ actions: onTable.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
      );
      if (queryIndexes) {
        allow(grantee, new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }));
        // the indexes hold keys: what a query finds is read from the table
        allow(grantee, new PolicyStatement({ actions: ['dynamodb:BatchGetItem'], resources: [table.tableArn] }));
      }
    };
    const ITEMS = ['GetItem', 'PutItem', 'UpdateItem'];
    const senderDomain = props.senderEmail.split('@')[1];
    const mail = (grantee: IGrantable) =>
      allow(
        grantee,
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [props.senderEmail, senderDomain].map(
            (identity) => `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity}`,
          ),
        }),
      );
    // ListBucket on the prefix: S3 answers 404 (not 403) for a missing object only with it
    const objects = (grantee: IGrantable, prefix: 'agreements' | 'lists', actions: string[]) => {
      allow(grantee, new PolicyStatement({ actions, resources: [documents.arnForObjects(`${prefix}/*`)] }));
      if (!actions.includes('s3:GetObject')) return;
      allow(
        grantee,
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [documents.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
        }),
      );
    };

    data(vet, ITEMS, true); // active partners' names, for duplicates
    objects(vet, 'lists', ['s3:GetObject']);

    mail(requestReview);
    // Query on the table: an audit-trail append reads the agreement's newest event
    const APPEND = [...ITEMS, 'Query'];
    data(requestReview, APPEND);
    data(generateAgreement, APPEND);
    objects(generateAgreement, 'agreements', ['s3:PutObject']);
    data(requestSignature, APPEND);
    mail(requestSignature);
    data(activate, APPEND);
    allow(
      activate,
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [documents.arnForObjects('agreements/*')],
      }),
    );
    mail(activate);
    data(recordOutcome, APPEND); // and the signer slots of the agreement
    mail(recordOutcome);
    // due agreements, pending and unresumed links, onboardings in progress (indexes); an abandoned onboarding's
    // signer slots (table), when reconciliation records it FAILED
    data(dailyJobs, [...ITEMS, 'Query'], true);
    objects(dailyJobs, 'lists', ['s3:GetObject']);
    mail(dailyJobs);
    data(apiFunction, [...ITEMS, 'Query'], true);
    data(officerJobs, [...ITEMS, 'Query'], true); // what the daily job reads and writes
    // an agreement's active record; idempotency records when a caller sends a key
    data(accessCheck, ITEMS);
    // a link, its agreement and onboarding, the signature and its audit line, unknown tokens counted
    data(signing, APPEND);
    objects(signing, 'agreements', ['s3:GetObject']); // a signer's executed copy
    // deliveries: a stream's pending ones (table), and what is due (index)
    data(deliverEvents, [...ITEMS, 'Query'], true);
    for (const raiser of [activate, recordOutcome, dailyJobs, apiFunction, officerJobs]) bus.grantPutEventsTo(raiser);
    objects(apiFunction, 'agreements', ['s3:GetObject']);
    objects(officerJobs, 'lists', ['s3:GetObject']);
    objects(indexList, 'lists', ['s3:GetObject']);
    // re-screening keeps the index of the partners' names beside the lists (the daily job run by hand does too)
    for (const f of [dailyJobs, officerJobs])
      allow(
        f,
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [documents.arnForObjects(`${partnersFolderOf(SANCTIONS_LIST_KEY)}*`)],
        }),
      );
    allow(
      indexList,
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [documents.arnForObjects(`${indexFolderOf(SANCTIONS_LIST_KEY)}*`)],
      }),
    );
    mail(apiFunction); // links sent again, reminders
    mail(officerJobs); // the daily job run by hand sends what the daily job sends
    // a machine client's name for the decisions it asks for, and whether it still exists
    identity.userPool.grant(accessCheck, 'cognito-idp:DescribeUserPoolClient');
    // answers reach the workflow from the API (review decisions) and the signing pages (signatures); the jobs
    // function delivers those that could not be delivered at once, and asks how ended executions ended
    this.stateMachine.grantStartExecution(apiFunction);
    for (const f of [apiFunction, signing, dailyJobs]) {
      allow(
        f,
        new PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      );
    }
    // this state machine's executions (named by onboarding id): the jobs function asks how ended ones ended, and an
    // officer's withdrawal stops one
    const executions = this.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    allow(dailyJobs, new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
    allow(apiFunction, new PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }));

    // Schedules: the daily job, and a frequent redelivery of answers the workflow did not get at once.
    // Failed invocations (after retries) land in a dead-letter queue that raises an alarm.
    const deadLetters = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const scheduled = (
      id: string,
      expression: ScheduleExpression,
      job: string,
      description: string,
      target: LiaisonFunction = dailyJobs,
    ) =>
      new Schedule(this, id, {
        schedule: expression,
        description,
        target: new ScheduleLambdaInvoke(target, {
          input: ScheduleTargetInput.fromObject({ job }),
          deadLetterQueue: deadLetters,
          retryAttempts: 3,
          maxEventAge: Duration.hours(2),
        }),
      });
    scheduled(
      'DailyJobsSchedule',
      ScheduleExpression.cron({ minute: '0', hour: '5' }),
      DAILY_JOB,
      'Flag agreements nearing expiry, expire overdue ones, remind signers, re-screen partners',
    );
    scheduled(
      'RedeliverySchedule',
      ScheduleExpression.rate(Duration.minutes(5)),
      REDELIVERY_JOB,
      'Pass on recorded answers (signatures, review decisions) the workflow did not receive at once',
    );
    scheduled(
      'WebhookDeliverySchedule',
      ScheduleExpression.rate(Duration.minutes(1)),
      SEND_DUE_DELIVERIES,
      'Send webhook deliveries that are due: retries, and events whose wake-up was lost',
      deliverEvents,
    );

    const functions = [
      vet,
      requestReview,
      generateAgreement,
      requestSignature,
      activate,
      recordOutcome,
      dailyJobs,
      apiFunction,
      accessCheck,
      signing,
      officerJobs,
      deliverEvents,
      indexList,
    ];
    new Operations(this, 'Operations', {
      stateMachine: this.stateMachine,
      functions,
      deadLetters,
      alarmEmail: props.alarmEmail,
    });

    acknowledgeNagFindings(this, {
      table,
      documents,
      deadLetters,
      functions,
      api,
      stateMachine: this.stateMachine,
      stateMachineName,
      reconciler: dailyJobs,
      withdrawer: apiFunction,
      listIndexer: indexList,
      rescreeners: [dailyJobs, officerJobs],
    });

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'PublicUrl', { value: publicUrl });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'HostedUiUrl', { value: identity.hostedUiUrl });
    new CfnOutput(this, 'IamAccessCheckArn', {
      description: "Grant a data-exchange system's role execute-api:Invoke on this to let it sign access checks",
      value: api.arnForExecuteApi('POST', IAM_ACCESS_CHECK_PATH),
    });
    new CfnOutput(this, 'EventBusName', {
      description: 'Liaison events (source "liaison"): add rules here to route them to other AWS targets',
      value: bus.eventBusName,
    });
    new CfnOutput(this, 'DocumentsBucket', { value: documents.bucketName });
    new CfnOutput(this, 'ScreeningListLocation', { value: `s3://${documents.bucketName}/${SANCTIONS_LIST_KEY}` });
  }
}
