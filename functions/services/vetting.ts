// The Vet step and the human review gate.
import { deps } from '../adapters/dependencies.js';
import { settings } from '../adapters/config.js';
import { adequacyList, fatfLists } from '../adapters/reference-data.js';
import { screeningIndex } from '../adapters/screening-source.js';
import type { OnboardingRecord } from '../domain/records.js';
import { vet, type ExistingPartner, type Outcome } from '../domain/vetting.js';
import { emails } from './emails.js';
import { record } from './history.js';

async function loadOnboarding(onboardingId: string): Promise<OnboardingRecord> {
  const onboarding = await deps().store.getOnboarding(onboardingId);
  if (!onboarding) throw new Error(`onboarding ${onboardingId} not found`);
  return onboarding;
}

export async function runVetting(onboardingId: string): Promise<{ decision: Outcome }> {
  const { store, now } = deps();
  const onboarding = await loadOnboarding(onboardingId);
  if (onboarding.vetting) return { decision: onboarding.vetting.decision }; // a retried step: same answer
  const duplicates: ExistingPartner[] = [];
  for (const [kind, value] of [['LEI', onboarding.company.lei], ['registration number', onboarding.company.registrationNumber && `${onboarding.company.country}:${onboarding.company.registrationNumber}`]] as const) {
    if (!value) continue;
    const holder = await store.findPartnerKey(kind, value);
    if (holder && holder.partnerId !== onboarding.partnerId) duplicates.push({ ...holder, matchedOn: kind });
  }
  const report = vet({
    company: onboarding.company, scope: onboarding.scope, list: screeningIndex(),
    fatf: fatfLists, adequacy: adequacyList, duplicates, now: now(),
  });
  await store.updateOnboarding(onboardingId, { vetting: report, updatedAt: now().toISOString() }, ['VETTING']);
  await record(onboardingId, `VETTING_${report.decision}`, report.checks.filter((c) => c.outcome !== 'CLEAR').map((c) => `${c.check}: ${c.findings.join('; ')}`).join(' | ') || 'all checks clear');
  return { decision: report.decision };
}

/** Callback step: park the onboarding in review and tell the approver. The task token stays in the table. */
export async function requestReview(onboardingId: string, taskToken: string) {
  const { store, mailer, now } = deps();
  const onboarding = await loadOnboarding(onboardingId);
  if (onboarding.status === 'IN_REVIEW' && onboarding.pendingGate === 'vetting-review') {
    await store.updateOnboarding(onboardingId, { reviewTaskToken: taskToken });
    return; // a retried step: the approver was told already
  }
  await store.updateOnboarding(onboardingId, { status: 'IN_REVIEW', pendingGate: 'vetting-review', reviewTaskToken: taskToken, updatedAt: now().toISOString() }, ['VETTING']);
  await record(onboardingId, 'REVIEW_REQUESTED', 'vetting sent the onboarding to an approver');
  const findings = onboarding.vetting?.checks.flatMap((c) => (c.outcome === 'CLEAR' ? [] : c.findings.map((f) => `${c.check}: ${f}`))) ?? [];
  await mailer.send(emails.reviewRequest({
    to: settings().approverEmail, legalName: onboarding.company.legalName, onboardingId,
    link: `${settings().baseUrl}/console/onboardings/${onboardingId}`, findings,
  }));
}

export class ReviewNotPending extends Error {}

export async function decideReview(onboardingId: string, decision: 'approve' | 'reject', reason: string, by: string) {
  const { store, workflow, now } = deps();
  const onboarding = await store.getOnboarding(onboardingId);
  if (!onboarding) return undefined;
  if (onboarding.status !== 'IN_REVIEW' || !onboarding.reviewTaskToken) throw new ReviewNotPending(`onboarding ${onboardingId} is ${onboarding.status}, no review is pending`);
  const at = now().toISOString();
  // the conditional write decides a race between two approvers: only one moves IN_REVIEW on
  const updated = await store.updateOnboarding(onboardingId, {
    status: decision === 'approve' ? 'AWAITING_SIGNATURES' : 'REJECTED', pendingGate: undefined,
    review: { decision, reason, by, at }, updatedAt: at,
  }, ['IN_REVIEW']);
  await record(onboardingId, decision === 'approve' ? 'REVIEW_APPROVED' : 'REVIEW_REJECTED', `${by}: ${reason}`);
  await workflow.succeed(onboarding.reviewTaskToken, { decision, reason, by });
  return updated;
}
