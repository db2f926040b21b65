// Recording how an onboarding ended, for every path but ACTIVE.
import { now } from '../adapters/dependencies.js';
import { activeAgreements } from '../adapters/dynamodb/active-agreements.js';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { mailer } from '../adapters/ses-mailer.js';
import { workflow } from '../adapters/step-functions-workflow.js';
import { settings } from '../adapters/config.js';
import { emails, recipientGroups } from './emails.js';
import { record } from './history.js';
import { executionName, loadOnboarding } from './onboarding.js';
import { withdrawPendingLinks } from './signing.js';
import { count } from '../lib/telemetry.js';
import { conflict, ignoreConflict } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';
import { signersOf } from '../domain/signers.js';
import type { OnboardingRecord } from '../domain/records.js';

export type Outcome = 'REJECTED' | 'DECLINED' | 'SIGNATURE_EXPIRED' | 'FAILED';

/** An onboarding an officer may still withdraw. */
const IN_PROGRESS: OnboardingRecord['status'][] = ['VETTING', 'IN_REVIEW', 'AWAITING_SIGNATURES'];

/**
 * An officer ends an onboarding still in progress: the workflow is stopped first (no step moves it on), the links
 * stop working, the agreement and the onboarding are WITHDRAWN, and the signers who were asked and the officer are
 * told. Once every signature is in, activation is under way: the agreement is revoked afterwards instead.
 */
export async function withdrawOnboarding(onboardingId: string, reason: string, by: Actor) {
  const onboarding = await loadOnboarding(onboardingId);
  if (!IN_PROGRESS.includes(onboarding.status))
    throw conflict(`cannot withdraw onboarding ${onboardingId}: it is ${onboarding.status}`);
  const agreement = onboarding.agreementId ? await agreements.get(onboarding.agreementId) : undefined;
  const signers = signersOf(onboarding);
  if (agreement && agreement.signatures.length >= signers)
    throw conflict(`cannot withdraw onboarding ${onboardingId}: everyone has signed; revoke the agreement instead`);
  await workflow.stop(executionName(onboardingId, onboarding.signingRestarts), `withdrawn by ${by.label}: ${reason}`);
  const asked = agreement ? await withdrawPendingLinks(agreement.agreementId) : [];
  if (agreement)
    await agreements
      .update(agreement.agreementId, { status: 'WITHDRAWN', statusReason: reason }, ['PENDING_SIGNATURES'])
      .catch(ignoreConflict);
  await record(onboardingId, 'WITHDRAWN', `${by.label}: ${reason}`, onboarding.agreementId, { outcome: 'WITHDRAWN' });
  const at = now().toISOString();
  await onboardings.update(
    onboardingId,
    { status: 'WITHDRAWN', outcomeReason: reason, pendingGate: undefined, updatedAt: at, outcomeRecordedAt: at },
    IN_PROGRESS,
  );
  // the company's signers who hold a link (or signed already) hear it from us; the officer gets a copy
  const told = new Set([...asked.map((l) => l.signer.email), ...(agreement?.signatures ?? []).map((s) => s.email)]);
  const company = onboarding.signatories.filter((s) => told.has(s.email));
  const countersignatory = told.has(onboarding.countersignatory.email)
    ? onboarding.countersignatory
    : { email: settings().officerEmail };
  for (const to of recipientGroups({ signatories: company, countersignatory }, settings().officerEmail, true))
    await mailer.send(
      emails.outcome({ to, legalName: onboarding.company.legalName, onboardingId, status: 'WITHDRAWN', reason }),
    );
  return onboardings.update(onboardingId, { outcomeNotifiedAt: now().toISOString() });
}

/** The workflow's end for every path but ACTIVE: status, history, agreement, and who is told. */
export async function recordOutcome(onboardingId: string, outcome: Outcome, reason: string) {
  const onboarding = await loadOnboarding(onboardingId);
  if (onboarding.outcomeNotifiedAt) return; // a retried step that got as far as telling everyone
  if (onboarding.agreementId && (outcome === 'DECLINED' || outcome === 'SIGNATURE_EXPIRED' || outcome === 'FAILED')) {
    await withdrawPendingLinks(onboarding.agreementId);
    // an agreement nobody finished signing never comes into force
    if (outcome !== 'FAILED') {
      await agreements
        .update(onboarding.agreementId, { status: 'DECLINED', statusReason: reason }, ['PENDING_SIGNATURES'])
        .catch(ignoreConflict);
    }
  }
  if (outcome === 'FAILED' && onboarding.agreementId) await suspendPartialActivation(onboarding.agreementId, reason);
  // the status changes last: whoever sees the outcome sees the agreement, links and history line already settled
  // (the line before the status: a retry after a crash between them may repeat it, but never loses it)
  if (!onboarding.outcomeRecordedAt) {
    await record(onboardingId, outcome, reason, onboarding.agreementId, { outcome });
    const at = now().toISOString();
    await onboardings.update(onboardingId, {
      status: outcome,
      outcomeReason: reason,
      pendingGate: undefined,
      updatedAt: at,
      outcomeRecordedAt: at,
    });
    if (outcome === 'FAILED') count('OnboardingsFailed');
  }
  const company = outcome === 'DECLINED' || outcome === 'SIGNATURE_EXPIRED';
  for (const to of recipientGroups(onboarding, settings().officerEmail, company))
    await mailer.send(
      emails.outcome({ to, legalName: onboarding.company.legalName, onboardingId, status: outcome, reason }),
    );
  await onboardings.update(onboardingId, { outcomeNotifiedAt: now().toISOString() });
}

/** Activation that went ACTIVE but did not finish: suspended, so access is denied until an officer reinstates it. */
async function suspendPartialActivation(agreementId: string, reason: string) {
  const agreement = await agreements.get(agreementId);
  if (agreement?.status !== 'ACTIVE') return;
  await activeAgreements.setStatus(agreement.partnerId, agreementId, 'SUSPENDED');
  await agreements
    .update(agreementId, { status: 'SUSPENDED', statusReason: `activation did not complete: ${reason}` }, ['ACTIVE'])
    .catch(ignoreConflict);
  await record(agreement.onboardingId, 'AGREEMENT_SUSPENDED', `activation did not complete: ${reason}`, agreementId);
}
