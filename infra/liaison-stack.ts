// The Liaison stack: table, documents bucket, functions, the onboarding state machine, HTTP API, daily schedule.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, TableEncryptionV2, TableV2, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke as ScheduleLambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TABLE, TTL_ATTRIBUTE } from '../functions/adapters/keys.js';
import { LiaisonFunction } from './liaison-function.js';
import { acknowledgeNagFindings } from './nag-suppressions.js';
import { OnboardingWorkflow } from './onboarding-workflow.js';

export interface LiaisonStackProps extends StackProps {
  /** Verified SES identity that sends every email. */
  senderEmail: string;
  /** Public base URL of the API for links in emails; default: the HTTP API's own URL. */
  baseUrl?: string;
  officerEmail?: string;
  approverEmail?: string;
  /** Reply-To of every email (default: none, replies go to the sender). */
  replyToEmail?: string;
  reviewTimeout?: Duration;
}

const DATA_READ = ['dynamodb:GetItem', 'dynamodb:Query'];
/** Where the screening list lives in the documents bucket (OpenSanctions targets.simple.csv or OFAC sdn.csv layout). */
export const SANCTIONS_LIST_KEY = 'lists/targets.simple.csv';
const DATA_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

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
        projectionType: ProjectionType.ALL,
      })),
    });

    const accessLogs = new Bucket(this, 'DocumentsAccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL, encryption: BucketEncryption.S3_MANAGED, enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED, removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    const documents = new Bucket(this, 'Documents', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL, encryption: BucketEncryption.KMS_MANAGED, enforceSSL: true,
      versioned: true, removalPolicy: RemovalPolicy.RETAIN, serverAccessLogsBucket: accessLogs, serverAccessLogsPrefix: 'documents/',
    });

    const baseUrl = props.baseUrl ?? '';
    const common = {
      TABLE_NAME: table.tableName,
      DOCUMENTS_BUCKET: documents.bucketName,
      SENDER_EMAIL: props.senderEmail,
      OFFICER_EMAIL: props.officerEmail ?? props.senderEmail,
      APPROVER_EMAIL: props.approverEmail ?? props.senderEmail,
      // the screening list: upload a new one here and it is used within minutes, no deploy
      LIAISON_SANCTIONS_BUCKET: documents.bucketName,
      LIAISON_SANCTIONS_KEY: SANCTIONS_LIST_KEY,
      ...(props.replyToEmail ? { REPLY_TO_EMAIL: props.replyToEmail } : {}),
    };
    const fn = (id: string, name: ConstructorParameters<typeof LiaisonFunction>[2]['name'], extra: Record<string, string> = {}) =>
      new LiaisonFunction(this, id, { name, environment: { ...common, ...extra } });

    const api = new HttpApi(this, 'Api', { description: 'Liaison HTTP API and signing pages', createDefaultStage: false });
    new HttpStage(this, 'ApiStage', {
      httpApi: api, stageName: '$default', autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR })) },
    });
    const publicUrl = baseUrl || api.apiEndpoint;

    const vet = fn('Vet', 'vet', { BASE_URL: publicUrl });
    const requestReview = fn('RequestReview', 'request-review', { BASE_URL: publicUrl });
    const generateAgreement = fn('GenerateAgreement', 'generate-agreement', { BASE_URL: publicUrl });
    const requestSignature = fn('RequestSignature', 'request-signature', { BASE_URL: publicUrl });
    const activate = fn('Activate', 'activate', { BASE_URL: publicUrl });
    const recordOutcome = fn('RecordOutcome', 'record-outcome', { BASE_URL: publicUrl });
    const dailyJobs = fn('DailyJobs', 'daily-jobs', { BASE_URL: publicUrl });

    const workflow = new OnboardingWorkflow(this, 'Workflow', {
      vet, requestReview, generateAgreement, requestSignature, activate, recordOutcome, reviewTimeout: props.reviewTimeout,
    });
    this.stateMachine = new StateMachine(this, 'OnboardingStateMachine', {
      stateMachineType: StateMachineType.STANDARD, // callbacks wait for days: Express cannot
      definitionBody: DefinitionBody.fromChainable(workflow.definition),
      tracingEnabled: true,
      logs: { destination: new LogGroup(this, 'StateMachineLogs', { retention: RetentionDays.ONE_YEAR }), level: LogLevel.ALL, includeExecutionData: false },
    });

    // The API function links back to itself only through BASE_URL when a custom domain is given
    // (its own endpoint would be a dependency cycle); it derives links from the request otherwise.
    const apiFunction = fn('ApiHandler', 'api', { STATE_MACHINE_ARN: this.stateMachine.stateMachineArn, ...(baseUrl ? { BASE_URL: baseUrl } : {}) });
    api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration: new HttpLambdaIntegration('ApiIntegration', apiFunction) });

    // Least privilege: each function gets the table actions and services it calls, nothing more.
    const grantData = (grantee: IGrantable, actions: string[]) => grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({
      actions, resources: [table.tableArn, `${table.tableArn}/index/*`],
    }));
    const senderDomain = props.senderEmail.split('@')[1];
    const grantMail = (grantee: IGrantable) => grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [props.senderEmail, senderDomain].map((identity) => `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity}`),
    }));
    const grantDocuments = (grantee: IGrantable, actions: string[]) => grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({
      actions, resources: [documents.arnForObjects('agreements/*')],
    }));
    for (const f of [vet, requestReview, generateAgreement, requestSignature, activate, recordOutcome, dailyJobs, apiFunction]) grantData(f, [...DATA_READ, ...DATA_WRITE]);
    for (const f of [requestReview, requestSignature, activate, recordOutcome, dailyJobs]) grantMail(f);
    grantDocuments(generateAgreement, ['s3:PutObject']);
    grantDocuments(activate, ['s3:GetObject', 's3:PutObject']);
    grantDocuments(apiFunction, ['s3:GetObject']);
    for (const f of [vet, apiFunction, dailyJobs]) {
      f.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [documents.arnForObjects(SANCTIONS_LIST_KEY)] }));
    }
    this.stateMachine.grantStartExecution(apiFunction);
    this.stateMachine.grantTaskResponse(apiFunction);

    new Schedule(this, 'DailyJobsSchedule', {
      schedule: ScheduleExpression.cron({ minute: '0', hour: '5' }),
      target: new ScheduleLambdaInvoke(dailyJobs, {}),
      description: 'Flag agreements nearing expiry, expire overdue ones, remind unsigned signers',
    });

    acknowledgeNagFindings(this, { table, documents, functions: [vet, requestReview, generateAgreement, requestSignature, activate, recordOutcome, dailyJobs] });

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'ScreeningListLocation', { value: `s3://${documents.bucketName}/${SANCTIONS_LIST_KEY}` });
  }
}
