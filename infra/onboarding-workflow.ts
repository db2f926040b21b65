// The onboarding state machine: the single definition that AWS runs and the local runtime executes.
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RETRIED_ERRORS, SIGNATURE_DECLINED, SIGNATURE_RESENT } from '../functions/domain/workflow-errors.js';

export interface OnboardingWorkflowProps {
  vet: IFunction;
  requestReview: IFunction;
  generateAgreement: IFunction;
  requestSignature: IFunction;
  activate: IFunction;
  recordOutcome: IFunction;
  /** How long an approver has to decide a review (default 7 days). */
  reviewTimeout?: Duration;
}

/** Transient failures inside a step are retried with backoff before any Catch sees them. */
function withRetries<T extends sfn.TaskStateBase>(task: T): T {
  task.addRetry({
    errors: [...RETRIED_ERRORS],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 5,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}

export class OnboardingWorkflow extends Construct {
  readonly definition: sfn.IChainable;

  constructor(scope: Construct, id: string, props: OnboardingWorkflowProps) {
    super(scope, id);
    const $ = sfn.JsonPath;
    const step = (name: string, fn: IFunction, payload: Record<string, unknown>, resultPath: string) =>
      withRetries(
        new tasks.LambdaInvoke(this, name, {
          lambdaFunction: fn,
          payload: sfn.TaskInput.fromObject(payload),
          payloadResponseOnly: true,
          resultPath,
          retryOnServiceExceptions: false,
          taskTimeout: sfn.Timeout.duration(Duration.minutes(2)),
        }),
      );
    const outcome = (name: string, outcome: string, extra: Record<string, unknown>) =>
      step(name, props.recordOutcome, { onboardingId: $.stringAt('$.onboardingId'), outcome, ...extra }, $.DISCARD);

    const failed = new sfn.Fail(this, 'Failed', {
      error: 'OnboardingFailed',
      cause: 'a step failed for good; see the onboarding history',
    });
    // if even recording the failure fails, the execution still ends failed (an alarm fires) and the
    // daily job marks the onboarding FAILED from the execution's status
    const recordFailure = outcome('RecordFailure', 'FAILED', { error: $.objectAt('$.error') })
      .addCatch(
        new sfn.Fail(this, 'FailureNotRecorded', {
          error: 'FailureNotRecorded',
          cause: 'the failure could not be recorded; the daily job reconciles it',
        }),
        { errors: ['States.ALL'] },
      )
      .next(failed);
    const catchAll = <T extends sfn.TaskStateBase | sfn.Map>(state: T) =>
      state.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const rejected = new sfn.Succeed(this, 'Rejected');
    const vetFailed = catchAll(
      outcome('RecordVettingFailed', 'REJECTED', { reason: 'vetting failed: see the vetting report' }),
    ).next(rejected);
    const reviewRejected = catchAll(
      outcome('RecordReviewRejected', 'REJECTED', {
        reason: $.format('rejected in review by {}: {}', $.stringAt('$.review.by'), $.stringAt('$.review.reason')),
      }),
    ).next(rejected);
    const reviewTimedOut = catchAll(
      outcome('RecordReviewTimedOut', 'REJECTED', { reason: 'no review decision was made in time' }),
    ).next(rejected);
    const declined = catchAll(outcome('RecordDeclined', 'DECLINED', { error: $.objectAt('$.error') })).next(
      new sfn.Succeed(this, 'Declined'),
    );
    const expired = catchAll(
      outcome('RecordSignatureExpired', 'SIGNATURE_EXPIRED', { error: $.objectAt('$.error') }),
    ).next(new sfn.Succeed(this, 'SignatureExpired'));

    const signer = (name: string, fields: Record<string, unknown>, timeoutPath: string) => {
      const task = withRetries(
        new tasks.LambdaInvoke(this, name, {
          lambdaFunction: props.requestSignature,
          integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          payload: sfn.TaskInput.fromObject({ ...fields, taskToken: $.taskToken }),
          taskTimeout: sfn.Timeout.at(timeoutPath),
          resultPath: $.DISCARD,
        }),
      );
      // a resent link: ask again, with a fresh token, link and timeout
      return task.addCatch(task, { errors: [SIGNATURE_RESENT], resultPath: '$.resent' });
    };
    const onSigningEnd = <T extends sfn.TaskStateBase | sfn.Map>(state: T) =>
      state
        .addCatch(declined, { errors: [SIGNATURE_DECLINED], resultPath: '$.error' })
        .addCatch(expired, { errors: ['States.Timeout'], resultPath: '$.error' })
        .addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const companySignatures = onSigningEnd(
      new sfn.Map(this, 'CollectCompanySignatures', {
        itemsPath: '$.agreement.companySigners',
        maxConcurrencyPath: '$.signing.maxConcurrency', // 1: in routing order; 0: all at once
        itemSelector: {
          onboardingId: $.stringAt('$.onboardingId'),
          agreementId: $.stringAt('$.agreement.agreementId'),
          signerId: $.stringAt('$$.Map.Item.Value.signerId'),
          timeoutSeconds: $.numberAt('$.signing.timeoutSeconds'),
        },
        resultPath: $.DISCARD,
      }).itemProcessor(
        signer(
          'RequestCompanySignature',
          {
            onboardingId: $.stringAt('$.onboardingId'),
            agreementId: $.stringAt('$.agreementId'),
            signerId: $.stringAt('$.signerId'),
            timeoutSeconds: $.numberAt('$.timeoutSeconds'),
          },
          '$.timeoutSeconds',
        ),
      ),
    );

    const countersignature = onSigningEnd(
      signer(
        'RequestCountersignature',
        {
          onboardingId: $.stringAt('$.onboardingId'),
          agreementId: $.stringAt('$.agreement.agreementId'),
          signerId: 'countersignatory',
          timeoutSeconds: $.numberAt('$.signing.timeoutSeconds'),
        },
        '$.signing.timeoutSeconds',
      ),
    );

    const activate = catchAll(
      step(
        'Activate',
        props.activate,
        {
          onboardingId: $.stringAt('$.onboardingId'),
          agreementId: $.stringAt('$.agreement.agreementId'),
        },
        '$.activation',
      ),
    );

    companySignatures.next(countersignature).next(activate).next(new sfn.Succeed(this, 'Active'));

    // an approver gate: a callback that waits for POST /api/onboardings/{id}/review, at most reviewTimeout
    const gate = (name: string, gateName: string, resultPath: string) =>
      withRetries(
        new tasks.LambdaInvoke(this, name, {
          lambdaFunction: props.requestReview,
          integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          payload: sfn.TaskInput.fromObject({
            onboardingId: $.stringAt('$.onboardingId'),
            gate: gateName,
            taskToken: $.taskToken,
          }),
          taskTimeout: sfn.Timeout.duration(props.reviewTimeout ?? Duration.days(7)),
          resultPath,
        }),
      )
        .addCatch(reviewTimedOut, { errors: ['States.Timeout'], resultPath: '$.error' })
        .addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    // personal data (subscriber, traffic, content): the approver's data-protection approval
    // before any signature request
    const dataProtectionRejected = catchAll(
      outcome('RecordDataProtectionRejected', 'REJECTED', {
        reason: $.format(
          'data-protection approval refused by {}: {}',
          $.stringAt('$.dataProtection.by'),
          $.stringAt('$.dataProtection.reason'),
        ),
      }),
    ).next(rejected);
    const awaitDataProtection = gate('AwaitDataProtectionApproval', 'data-protection', '$.dataProtection').next(
      new sfn.Choice(this, 'DataProtectionDecision')
        .when(sfn.Condition.stringEquals('$.dataProtection.decision', 'approve'), companySignatures)
        .otherwise(dataProtectionRejected),
    );
    const generate = catchAll(
      step('GenerateAgreement', props.generateAgreement, { onboardingId: $.stringAt('$.onboardingId') }, '$.agreement'),
    ).next(
      new sfn.Choice(this, 'DataProtectionGate')
        .when(sfn.Condition.booleanEquals('$.agreement.needsDataProtectionApproval', true), awaitDataProtection)
        .otherwise(companySignatures),
    );

    const awaitReview = gate('AwaitReview', 'vetting-review', '$.review').next(
      new sfn.Choice(this, 'ReviewDecision')
        .when(sfn.Condition.stringEquals('$.review.decision', 'approve'), generate)
        .otherwise(reviewRejected),
    );

    const vet = catchAll(step('Vet', props.vet, { onboardingId: $.stringAt('$.onboardingId') }, '$.vetting'));
    vet.next(
      new sfn.Choice(this, 'VettingDecision')
        .when(sfn.Condition.stringEquals('$.vetting.decision', 'CLEAR'), generate)
        .when(sfn.Condition.stringEquals('$.vetting.decision', 'REVIEW'), awaitReview)
        .otherwise(vetFailed),
    );
    // an officer restarting signing after it expired goes straight back to the signatures still missing
    this.definition = new sfn.Choice(this, 'StartOrRestart')
      .when(
        sfn.Condition.and(sfn.Condition.isPresent('$.restart'), sfn.Condition.booleanEquals('$.restart', true)),
        generate,
      )
      .otherwise(vet);
  }
}
