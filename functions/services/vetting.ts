// The Vet step and the human review gate.
import { deps } from '../adapters/dependencies.js';
import { settings } from '../adapters/config.js';
import { adequacyList, fatfLists } from '../adapters/reference-data.js';
import { screeningIndex } from '../adapters/screening-source.js';
import { ScreeningIndex, type ListEntry } from '../domain/screening.js';
import type { Gate, OnboardingRecord } from '../domain/records.js';
import { PERSONAL_DATA_CATEGORIES, partnerKeys, vet, type ExistingPartner, type Outcome } from '../domain/vetting.js';
import { emails } from './emails.js';
import { record } from './history.js';
import { activeAgreements, loadOnboarding } from './onboarding.js';

export async function runVetting(onboardingId: string): Promise<{ decision: Outcome }> {
  const { store, now } = deps();
  const onboarding = await loadOnboarding(onboardingId);
  if (onboarding.vetting) return { decision: onboarding.vetting.decision }; // a retried step: same answer
  const duplicates: ExistingPartner[] = [];
  for (const [kind, value] of partnerKeys(onboarding.company)) {
    const holder = await store.findPartnerKey(kind, value);
    if (holder && holder.partnerId !== onboarding.partnerId) duplicates.push({ ...holder, matchedOn: kind });
  }
  duplicates.push(...(await partnersWithNearIdenticalNames(onboarding)));
  const report = vet({
    company: onboarding.company,
    scope: onboarding.scope,
    list: await screeningIndex(),
    fatf: fatfLists,
    adequacy: adequacyList,
    duplicates,
    now: now(),
  });
  await store.updateOnboarding(onboardingId, { vetting: report, updatedAt: now().toISOString() }, ['VETTING']);
  await record(
    onboardingId,
    `VETTING_${report.decision}`,
    report.checks
      .filter((c) => c.outcome !== 'CLEAR')
      .map((c) => `${c.check}: ${c.findings.join('; ')}`)
      .join(' | ') || 'all checks clear',
  );
  return { decision: report.decision };
}

/** Active partners whose legal name is near-identical to this company's (a second partner, or a renewal?). */
async function partnersWithNearIdenticalNames(onboarding: OnboardingRecord): Promise<ExistingPartner[]> {
  const partners = new Map<string, ListEntry>();
  for await (const a of activeAgreements()) {
    if (a.partnerId !== onboarding.partnerId)
      partners.set(a.partnerId, {
        id: a.partnerId,
        schema: 'Company',
        name: a.legalName,
        aliases: [],
        countries: [],
        identifiers: [],
        datasets: ['partners'],
      });
  }
  const index = new ScreeningIndex([...partners.values()], {
    sha256: '',
    rows: partners.size,
    source: 'active partners',
  });
  return index
    .screen(onboarding.company.legalName)
    .filter((hit) => hit.score >= NEAR_IDENTICAL)
    .map((hit) => ({
      partnerId: hit.entityId,
      legalName: hit.name,
      matchedOn: `near-identical name (${Math.round(hit.score * 100)}%)`,
    }));
}

const NEAR_IDENTICAL = 0.95;

const GATE_ENTERED_FROM: Record<Gate, OnboardingRecord['status'][]> = {
  'vetting-review': ['VETTING'],
  'data-protection': ['AWAITING_SIGNATURES'],
};

/** Callback step: park the onboarding at an approver gate and tell the approver. The task token stays in the table. */
export async function requestReview(onboardingId: string, taskToken: string, gate: Gate) {
  const { store, mailer, now } = deps();
  const onboarding = await loadOnboarding(onboardingId);
  if (onboarding.status === 'IN_REVIEW' && onboarding.pendingGate === gate) {
    await store.updateOnboarding(onboardingId, { reviewTaskToken: taskToken });
    return; // a retried step: the approver was told already
  }
  await store.updateOnboarding(
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
    const personal = onboarding.scope.dataCategories.filter((c) => PERSONAL_DATA_CATEGORIES.has(c));
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

export class ReviewNotPending extends Error {}

/** Decides whichever approver gate is pending; the conditional write settles a race between two approvers. */
export async function decideReview(onboardingId: string, decision: 'approve' | 'reject', reason: string, by: string) {
  const { store, workflow, now } = deps();
  const onboarding = await store.getOnboarding(onboardingId);
  if (!onboarding) return undefined;
  const gate = onboarding.pendingGate;
  if (onboarding.status !== 'IN_REVIEW' || !gate || !onboarding.reviewTaskToken)
    throw new ReviewNotPending(`onboarding ${onboardingId} is ${onboarding.status}, no review is pending`);
  const at = now().toISOString();
  const verdict = { decision, reason, by, at };
  const next = decision === 'reject' ? 'REJECTED' : 'AWAITING_SIGNATURES';
  // a rejection is the outcome at once: whoever sees REJECTED also sees why
  const what = gate === 'vetting-review' ? 'rejected in review' : 'data-protection approval refused';
  const updated = await store.updateOnboarding(
    onboardingId,
    {
      status: next,
      pendingGate: undefined,
      ...(gate === 'vetting-review' ? { review: verdict } : { dataProtection: verdict }),
      updatedAt: at,
      ...(decision === 'reject' ? { outcomeReason: `${what} by ${by}: ${reason}` } : {}),
    },
    ['IN_REVIEW'],
  );
  if (gate === 'data-protection' && onboarding.agreementId) {
    await store.updateAgreement(onboarding.agreementId, { dataProtectionApproval: verdict }, ['PENDING_SIGNATURES']);
  }
  const event = gate === 'vetting-review' ? 'REVIEW' : 'DATA_PROTECTION';
  await record(
    onboardingId,
    `${event}_${decision === 'approve' ? 'APPROVED' : 'REJECTED'}`,
    `${by}: ${reason}`,
    gate === 'data-protection' ? onboarding.agreementId : undefined,
  );
  await workflow.succeed(onboarding.reviewTaskToken, { decision, reason, by });
  return updated;
}
