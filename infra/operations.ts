// What a platform team watches: alarms on failed executions, function errors and throttles and the
// schedules' dead letters, sent to an SNS topic (emailed when alarmEmail is set), and one dashboard
// with the workflow, the functions and Liaison's own metrics (Powertools, namespace Liaison).
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsProps {
  stateMachine: StateMachine;
  functions: IFunction[];
  deadLetters: Queue;
  alarmEmail?: string;
}

/** How many metrics one alarm's math expression may use. */
const MAX_ALARM_METRICS = 10;

/** Liaison's own metrics, as the functions emit them (functions/lib/telemetry.ts). */
export const METRICS_NAMESPACE = 'Liaison';
const liaisonMetric = (metricName: string, dimensionsMap: Record<string, string> = {}) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: 'liaison', ...dimensionsMap },
    statistic: 'Sum',
    period: Duration.hours(1),
  });

export class Operations extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    // CloudWatch can publish to an encrypted topic only with a customer managed key it may use
    const key = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Liaison alarm topic' });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Alarms', { masterKey: key, enforceSSL: true, displayName: 'Liaison alarms' });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (name: string, metric: Metric | MathExpression, description: string) => {
      const created = new Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      return created;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm(
      'FailedExecutions',
      props.stateMachine.metricFailed(fiveMinutes),
      'An onboarding workflow failed: see the onboarding history and the state machine logs',
    );
    alarm('TimedOutExecutions', props.stateMachine.metricTimedOut(fiveMinutes), 'An onboarding workflow timed out');
    // alarms over all functions: the sum of a metric of each, ten functions an alarm (CloudWatch's limit for one)
    const groups = Array.from({ length: Math.ceil(props.functions.length / MAX_ALARM_METRICS) }, (_, i) =>
      props.functions.slice(i * MAX_ALARM_METRICS, (i + 1) * MAX_ALARM_METRICS),
    );
    const acrossFunctions = (functions: IFunction[], label: string, metricOf: (f: IFunction) => Metric) =>
      new MathExpression({
        expression: functions.map((_, i) => `m${i}`).join(' + '),
        usingMetrics: Object.fromEntries(functions.map((f, i) => [`m${i}`, metricOf(f)])),
        period: Duration.minutes(5),
        label,
      });
    groups.forEach((functions, i) => {
      const suffix = i === 0 ? '' : String(i + 1);
      alarm(
        `FunctionErrors${suffix}`,
        acrossFunctions(functions, 'function errors', (f) => f.metricErrors(fiveMinutes)),
        'A Liaison function raised an error (any function): see its log group',
      );
      alarm(
        `FunctionThrottles${suffix}`,
        acrossFunctions(functions, 'function throttles', (f) => f.metricThrottles(fiveMinutes)),
        'A Liaison function was throttled: raise its concurrency or the account limit',
      );
    });
    alarm(
      'ScheduleDeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'A scheduled job could not be invoked after retries: see the ScheduleDeadLetters queue',
    );

    new Dashboard(this, 'Dashboard', {
      dashboardName: Stack.of(this).stackName,
      widgets: [
        [
          new TextWidget({
            markdown: '# Liaison\nOnboardings, access decisions and the health of the workflow and functions.',
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({
            title: 'Onboardings',
            width: 12,
            left: [
              liaisonMetric('OnboardingsStarted'),
              liaisonMetric('OnboardingsActivated'),
              liaisonMetric('OnboardingsFailed'),
            ],
          }),
          new GraphWidget({
            title: 'Access decisions',
            width: 12,
            left: [
              liaisonMetric('AccessDecisions', { decision: 'ALLOW' }),
              liaisonMetric('AccessDecisions', { decision: 'DENY' }),
            ],
          }),
        ],
        [
          new GraphWidget({
            title: 'Workflow executions',
            width: 12,
            left: [
              props.stateMachine.metricStarted(fiveMinutes),
              props.stateMachine.metricSucceeded(fiveMinutes),
              props.stateMachine.metricFailed(fiveMinutes),
            ],
          }),
          new GraphWidget({
            title: 'Function errors and throttles',
            width: 12,
            left: props.functions.map((f) => f.metricErrors(fiveMinutes)),
            right: props.functions.map((f) => f.metricThrottles(fiveMinutes)),
          }),
        ],
        [
          new GraphWidget({
            title: 'Function duration (p95)',
            width: 12,
            left: props.functions.map((f) => f.metricDuration({ statistic: 'p95', period: Duration.minutes(5) })),
          }),
          new SingleValueWidget({
            title: 'Screening list age (hours)',
            width: 12,
            metrics: [
              new Metric({
                namespace: METRICS_NAMESPACE,
                metricName: 'ScreeningListAgeHours',
                dimensionsMap: { service: 'liaison' },
                statistic: 'Maximum',
                period: Duration.hours(1),
              }),
            ],
          }),
        ],
      ],
    });
  }
}
