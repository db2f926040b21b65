// The access-decision log: the API's `access-decision` log records, selected by a CloudWatch Logs subscription
// filter and delivered by Firehose (decompressed, one record per line) to a bucket of their own under
// <prefix>dt=<day>/, where GET /api/access-decisions reads them. Nothing is added to the access check's own path;
// Firehose buffers for a minute. The bucket is the log's alone, so Firehose's write grant reaches nothing else.
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  AppendDelimiterToRecordProcessor,
  CloudWatchLogProcessor,
  DecompressionProcessor,
  DeliveryStream,
  S3Bucket,
  StreamEncryption,
} from 'aws-cdk-lib/aws-kinesisfirehose';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { FirehoseDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DECISION_LOG_MESSAGE, DECISION_LOG_PREFIX } from '../functions/domain/decision-log.js';

export interface DecisionLogProps {
  source: NodejsFunction;
  accessLogs: IBucket;
}

export class DecisionLog extends Construct {
  readonly bucket: Bucket;
  readonly stream: DeliveryStream;
  private readonly recordsArn: string;

  constructor(scope: Construct, id: string, props: DecisionLogProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Records', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'decisions/',
    });
    this.stream = new DeliveryStream(this, 'Delivery', {
      encryption: StreamEncryption.awsOwnedKey(),
      destination: new S3Bucket(this.bucket, {
        dataOutputPrefix: `${DECISION_LOG_PREFIX}dt=!{timestamp:yyyy-MM-dd}/`,
        errorOutputPrefix: `errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
        bufferingInterval: Duration.seconds(60),
        processors: [
          new DecompressionProcessor(),
          new CloudWatchLogProcessor({ dataMessageExtraction: true }),
          new AppendDelimiterToRecordProcessor(),
        ],
      }),
    });
    new SubscriptionFilter(this, 'Decisions', {
      logGroup: props.source.logGroup,
      destination: new FirehoseDestination(this.stream),
      filterPattern: FilterPattern.stringValue('$.message', '=', DECISION_LOG_MESSAGE),
    });
    // the delivery role's grant is CDK's for a Firehose S3 destination: objects of this bucket, nothing else
    const records = `<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>`;
    for (const finding of ['Action::s3:Abort*', 'Action::s3:DeleteObject*', 'Action::s3:GetBucket*'].concat([
      'Action::s3:GetObject*',
      'Action::s3:List*',
      `Resource::${records}/*`,
    ]))
      Validations.of(this.stream).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: "Firehose's delivery role reaches the decision log's own bucket only (CDK's S3 destination grant).",
      });
    this.recordsArn = records;
    // the Firehose module adds a mapping of its service's address ranges that only some destinations use
    Validations.of(Stack.of(this)).acknowledge({
      id: 'CloudFormation-Validate::W7001',
      reason: "aws-kinesisfirehose's CIDR-block mapping, which the S3 destination does not reference.",
    });
  }

  /** Read access for the API: list the days' records and get them, under the records' prefix only. */
  grantRead(grantee: NodejsFunction) {
    grantee.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${DECISION_LOG_PREFIX}*`)],
      }),
    );
    grantee.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${DECISION_LOG_PREFIX}*`] } },
      }),
    );
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.recordsArn}/${DECISION_LOG_PREFIX}*]`,
      reason: 'The API reads the decision log: one object per delivery, under its one prefix.',
    });
  }
}
