// The Vet step and the human review gate.
import { now } from '../adapters/dependencies.js';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { decisions } from '../adapters/dynamodb/decisions.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { mailer } from '../adapters/ses-mailer.js';
import { workflow } from '../adapters/step-functions-workflow.js';
import { settings } from '../adapters/config.js';
import { adequacyList, fatfLists } from '../adapters/reference-data.js';
import { screeningIndex } from '../adapters/screening-source.js';
import type { Gate, OnboardingRecord, ReviewDecisionRecord } from '../domain/records.js';
import { TaskGoneError } from '../ports/workflow.js';
import { personalDataIn, sharesPersonalData } from '../domain/personal-data.js';
import { vet, type ExistingPartner, type Outcome } from '../domain/vetting.js';
import { nearIdenticalPartners, partnersWithIdentifiers } from './partners.js';
import { emails } from './emails.js';
import { announce, historyLine, record } from './history.js';
import { loadOnboarding } from './onboarding.js';
import { logger } from '../lib/telemetry.js';
import { LiaisonError, conflict, notFound } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';

export async function runVetting(onboardingId: string): Promise<{ decision: Outcome }> {
  const onboarding = await loadOnboarding(onboardingId);
  if (onboarding.vetting) return { decision: onboarding.vetting.decision }; // a retried step: same answer
  const duplicates: ExistingPartner[] = [
    ...(await partnersWithIdentifiers(onboarding.company, onboarding.partnerId)),
    ...(await nearIdenticalPartners(onboarding.company.legalName, onboarding.partnerId)),
  ].map(({ partnerId, legalName, matchedOn }) => ({ partnerId, legalName, matchedOn }));
  const report = vet({
    company: onboarding.company,
    scope: onboarding.scope,
    list: await screeningIndex(),
    fatf: fatfLists,
    adequacy: adequacyList,
    duplicates,
    now: now(),
  });
  const vetted = historyLine(
    `VETTING_${report.decision}`,
    report.checks
      .filter((c) => c.outcome !== 'CLEAR')
      .map((c) => `${c.check}: ${c.findings.join('; ')}`)
      .join(' | ') || 'all checks clear',
  );
  // the report and its history line in one write: a retried step that finds the report finds the line too
  const lines = [...(onboarding.lines ?? []), vetted];
  await onboardings.update(onboardingId, { vetting: report, lines, updatedAt: vetted.at }, ['VETTING']);
  await announce(onboardingId, vetted);
  return { decision: report.decision };
}

const GATE_ENTERED_FROM: Record<Gate, OnboardingRecord['status'][]> = {
  'vetting-review': ['VETTING'],
  // generating the agreement already shows the gate (IN_REVIEW); a signing restart comes from AWAITING_SIGNATURES
  'data-protection': ['IN_REVIEW', 'AWAITING_SIGNATURES'],
};

/** Callback step: park the onboarding at an approver gate and tell the approver. The task token stays in the table. */
export async function requestReview(onboardingId: string, taskToken: string, gate: Gate) {
  const onboarding = await loadOnboarding(onboardingId);
  // a retried step after the approver decided: the decision goes to this task, and nobody is asked again
  if (await decisions.get(onboardingId, gate)) {
    await onboardings.update(onboardingId, { reviewTaskToken: taskToken });
    await decisions.handToTask(onboardingId, gate, taskToken);
    return;
  }
  if (onboarding.status === 'IN_REVIEW' && onboarding.pendingGate === gate && onboarding.reviewTaskToken) {
    await onboardings.update(onboardingId, { reviewTaskToken: taskToken });
    return; // a retried step: the approver was told already
  }
  await onboardings.update(
    onboardingId,
    { status: 'IN_REVIEW', pendingGate: gate, reviewTaskToken: taskToken, updatedAt: now().toISOString() },
    GATE_ENTERED_FROM[gate],
  );
  const link = `${settings().baseUrl}/console/onboardings/${onboardingId}`;
  if (gate === 'vetting-review') {
    await record(onboardingId, 'REVIEW_REQUESTED', 'vetting sent the onboarding to an approver');
    const findings =
      onboarding.vetting?.checks.flatMap((c) =>
        c.outcome === 'CLEAR' ? [] : c.findings.map((f) => `${c.check}: ${f}`),
      ) ?? [];
    await mailer.send(
      emails.reviewRequest({
        to: settings().approverEmail,
        legalName: onboarding.company.legalName,
        onboardingId,
        link,
        findings,
      }),
    );
  } else {
    const personal = personalDataIn(onboarding.scope);
    await record(
      onboardingId,
      'DATA_PROTECTION_REVIEW_REQUESTED',
      `the agreement shares personal data (${personal.join(', ')}): ` +
        'data-protection approval needed before signature requests',
      onboarding.agreementId,
    );
    await mailer.send(
      emails.dataProtectionRequest({
        to: settings().approverEmail,
        legalName: onboarding.company.legalName,
        onboardingId,
        link,
        scope: onboarding.scope,
        country: onboarding.company.country,
      }),
    );
  }
}

export type Delivery = 'delivered' | 'queued' | 'late';

/**
 * Decides whichever approver gate is pending. The decision is kept first (one per gate: the conditional write settles
 * a race between two approvers), then the onboarding moves on, then the workflow is told; if telling it fails, the
 * decision stays queued and the redelivery job passes it on. Repeating the same decision completes what a failed
 * request left undone.
 */
export async function decideReview(
  onboardingId: string,
  gate: Gate,
  decision: 'approve' | 'reject',
  reason: string,
  actor: Actor,
) {
  const by = actor.label;
  const onboarding = await openReview(onboardingId);
  if (onboarding.pendingGate !== gate)
    throw conflict(
      `the ${onboarding.pendingGate} gate of ${onboardingId} is pending, not the ${gate} gate: nothing was recorded; ` +
        'read the onboarding again before deciding',
    );
  // separation of duties: whoever started an onboarding never decides its gates, whatever roles they hold
  if (onboarding.createdBySubject ? onboarding.createdBySubject === actor.subject : onboarding.createdBy === by)
    throw new LiaisonError(
      'Forbidden',
      `${by} started onboarding ${onboardingId} and may not decide its ${gate} gate: another approver must`,
    );
  const kept: ReviewDecisionRecord = {
    onboardingId,
    gate,
    decision,
    reason,
    by,
    bySubject: actor.subject,
    at: now().toISOString(),
    taskToken: onboarding.reviewTaskToken!,
  };
  const earlier = await decisions.record(kept);
  const sameAuthor = earlier?.bySubject ? earlier.bySubject === actor.subject : earlier?.by === by;
  if (earlier && (earlier.decision !== decision || !sameAuthor || earlier.reason !== reason))
    throw conflict(`the ${gate} gate of ${onboardingId} was decided by ${earlier.by} at ${earlier.at}`);
  const verdict = { decision, reason, by, bySubject: actor.subject, at: (earlier ?? kept).at };
  // a rejection is the outcome at once: whoever sees REJECTED also sees why
  const what = gate === 'vetting-review' ? 'rejected in review' : 'data-protection approval refused';
  // after an approved vetting review, a scope with personal data goes on to the data-protection review
  const nextGate: Partial<OnboardingRecord> =
    decision === 'approve' && gate === 'vetting-review' && sharesPersonalData(onboarding.scope)
      ? { status: 'IN_REVIEW', pendingGate: 'data-protection' }
      : { status: decision === 'reject' ? 'REJECTED' : 'AWAITING_SIGNATURES', pendingGate: undefined };
  const updated = await onboardings.update(
    onboardingId,
    {
      ...nextGate,
      reviewTaskToken: undefined,
      ...(gate === 'vetting-review' ? { review: verdict } : { dataProtection: verdict }),
      updatedAt: verdict.at,
      ...(decision === 'reject' ? { outcomeReason: `${what} by ${by}: ${reason}` } : {}),
    },
    ['IN_REVIEW'],
  );
  if (gate === 'data-protection' && onboarding.agreementId) {
    await agreements.update(onboarding.agreementId, { dataProtectionApproval: verdict }, ['PENDING_SIGNATURES']);
  }
  const event = gate === 'vetting-review' ? 'REVIEW' : 'DATA_PROTECTION';
  await record(
    onboardingId,
    `${event}_${decision === 'approve' ? 'APPROVED' : 'REJECTED'}`,
    `${by}: ${reason}`,
    gate === 'data-protection' ? onboarding.agreementId : undefined,
  );
  return { onboarding: updated, delivery: await deliverDecision(earlier ?? kept) };
}

/** How long a decision waits for a review shown IN_REVIEW to be opened by its step (its task token stored). */
const REVIEW_OPENING_MS = 5_000;

/** The onboarding with its review open: a review the workflow is opening this very moment is waited for. */
async function openReview(onboardingId: string) {
  const deadline = Date.now() + REVIEW_OPENING_MS;
  for (;;) {
    const onboarding = await onboardings.get(onboardingId);
    if (!onboarding) throw notFound(`onboarding ${onboardingId}`);
    if (onboarding.status !== 'IN_REVIEW' || !onboarding.pendingGate)
      throw conflict(`onboarding ${onboardingId} is ${onboarding.status}, no review is pending`);
    if (onboarding.reviewTaskToken) return onboarding;
    if (Date.now() > deadline)
      throw conflict(`the ${onboarding.pendingGate} review of ${onboardingId} is being opened: try again in a moment`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Passes a kept decision to the review step waiting for it; a failure leaves it queued, never lost. */
async function deliverDecision(decision: ReviewDecisionRecord): Promise<Delivery> {
  try {
    await workflow.succeed(decision.taskToken, {
      decision: decision.decision,
      reason: decision.reason,
      by: decision.by,
    });
  } catch (error) {
    if (!(error instanceof TaskGoneError)) {
      logger.warn('could not pass the decision on; the redelivery job will', {
        onboardingId: decision.onboardingId,
        error: (error as Error).message,
      });
      return 'queued';
    }
    // a retried review step waits under a new token
    const current = (await onboardings.get(decision.onboardingId))?.reviewTaskToken;
    if (current && current !== decision.taskToken) {
      await decisions.handToTask(decision.onboardingId, decision.gate, current);
      return deliverDecision({ ...decision, taskToken: current });
    }
    await decisions.markDelivered(decision.onboardingId, decision.gate, now().toISOString());
    await record(
      decision.onboardingId,
      'DECISION_TOO_LATE',
      `${decision.by}: the workflow no longer waits for this decision (${error.message})`,
    );
    return 'late';
  }
  await decisions.markDelivered(decision.onboardingId, decision.gate, now().toISOString());
  return 'delivered';
}

/** Redelivery job: decisions kept but not yet taken by the workflow (its own request may still be running). */
export async function redeliverDecisions(asOf: Date) {
  const retried: { onboardingId: string; gate: Gate; result: Delivery }[] = [];
  for (const decision of await decisions.undelivered()) {
    if (asOf.getTime() - Date.parse(decision.at) < 60_000) continue;
    retried.push({ onboardingId: decision.onboardingId, gate: decision.gate, result: await deliverDecision(decision) });
  }
  return retried;
}
