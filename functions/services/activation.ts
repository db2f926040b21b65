// The Activate step: the agreement goes into force with its executed PDF. Its own module, so only the function that
// runs it carries the PDF engine and its fonts.
import { now } from '../adapters/dependencies.js';
import { activeAgreements } from '../adapters/dynamodb/active-agreements.js';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { decisions } from '../adapters/dynamodb/decisions.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { partnerKeys } from '../adapters/dynamodb/partner-keys.js';
import { documents } from '../adapters/s3-documents.js';
import { mailer } from '../adapters/ses-mailer.js';
import { settings } from '../adapters/config.js';
import { documentKeys } from '../ports/documents.js';
import { type CertificateAction, executedPdf } from './executed-pdf.js';
import { GATES, GATE_NAMES } from '../domain/schemas.js';
import type { AgreementRecord, AgreementStatus, OnboardingRecord } from '../domain/records.js';
import { agreementTerm } from '../domain/time.js';
import { nextExpiryActionAt } from '../domain/expiry.js';
import { identifiersOf, partnerNamesOf } from '../domain/vetting.js';
import { emails, recipientGroups } from './emails.js';
import { record } from './history.js';
import { loadOnboarding } from './onboarding.js';
import { count } from '../lib/telemetry.js';
import { ignoreConflict, notFound } from '../domain/errors.js';

/**
 * Activate step: every signature is in. All or nothing: the dates are fixed, then the executed PDF is stored and the
 * copies sent while the agreement is still PENDING_SIGNATURES; one write then records the PDF and the copies and makes
 * it ACTIVE; then the partner's access pointer, then the onboarding. A retried step skips what it finds done (the
 * copies go out again only if the step failed between sending them and that write). If the step fails for good
 * after the agreement went ACTIVE, recordOutcome(FAILED) suspends it, so access is never allowed for a failed
 * onboarding.
 */
export async function activateAgreement(onboardingId: string, agreementId: string) {
  const onboarding = await loadOnboarding(onboardingId);
  let agreement = await agreements.get(agreementId);
  if (!agreement) throw notFound(`agreement ${agreementId}`);
  const pending = ['PENDING_SIGNATURES'] as AgreementStatus[];
  // the last signature fixed the dates with it; a signature that could not tell it was the last leaves it to here
  if (!agreement.effectiveAt) {
    agreement = await agreements.update(agreementId, agreementTerm(now(), agreement.termMonths), pending);
  }
  const { effectiveAt, expiresAt } = agreement as Required<AgreementRecord>;
  if (agreement.status === 'PENDING_SIGNATURES') {
    // a retry that finds the agreement still pending makes the PDF again (the same dates, the same key)
    const pdf = await buildExecutedPdf(agreement, onboarding);
    const pdfKey = documentKeys.agreementPdf(agreementId);
    await documents.put(pdfKey, pdf, 'application/pdf');
    for (const to of recipientGroups(onboarding, settings().officerEmail, true))
      await mailer.send(
        emails.activated({
          to,
          legalName: onboarding.company.legalName,
          agreementId,
          expiresAt,
          documentSha256: agreement.documentSha256,
          pdf,
        }),
      );
    // the PDF, the copies sent and the status in one write: a step that fails before it sends the copies again
    const expiryNextActionAt = nextExpiryActionAt(expiresAt, agreement.expiryFlaggedDays);
    agreement = await agreements.update(
      agreementId,
      { status: 'ACTIVE', expiresAt, expiryNextActionAt, pdfKey, executedCopiesSentAt: now().toISOString() },
      pending,
    );
  }
  if (onboarding.status === 'ACTIVE') return { agreementId, status: 'ACTIVE', expiresAt };
  await activeAgreements.put(
    agreement.partnerId,
    { agreementId, status: agreement.status, scope: agreement.scope, effectiveAt, expiresAt },
    partnerNamesOf(onboarding.company),
    now().toISOString(),
  );
  for (const [kind, value] of identifiersOf(onboarding.company)) {
    await partnerKeys.claim(kind, value, agreement.partnerId, onboarding.company.legalName);
  }
  if (agreement.renewsAgreementId) {
    await agreements
      .update(agreement.renewsAgreementId, { status: 'SUPERSEDED', statusReason: `renewed by ${agreementId}` }, [
        'ACTIVE',
        'SUSPENDED',
        'EXPIRED',
      ])
      .catch(ignoreConflict);
  }
  // the audit line before the status: a retry may repeat it, but never loses it
  await record(onboardingId, 'ACTIVE', `agreement ${agreementId} in force until ${expiresAt}`, agreementId, {
    outcome: 'ACTIVE',
    effectiveAt,
    expiresAt,
  });
  await onboardings.update(onboardingId, { status: 'ACTIVE', updatedAt: now().toISOString() });
  count('OnboardingsActivated');
  return { agreementId, status: 'ACTIVE', expiresAt };
}

async function buildExecutedPdf(agreement: AgreementRecord, onboarding: OnboardingRecord) {
  const html = await documents.get(agreement.documentKey);
  if (!html) throw new Error(`document of ${agreement.agreementId} is missing`);
  // the Organisation's people who acted on it, by name and email, as the audit trail names them
  const acted: CertificateAction[] = [
    { what: 'Started the onboarding', by: onboarding.createdBy, at: onboarding.createdAt },
  ];
  for (const gate of GATES) {
    const decision = await decisions.get(onboarding.onboardingId, gate);
    if (decision)
      acted.push({
        what: `${GATE_NAMES[gate]}: ${decision.decision}d (${decision.reason})`,
        by: decision.by,
        at: decision.at,
      });
  }
  return executedPdf({
    organisation: settings().organisationName,
    agreementHtml: new TextDecoder().decode(html),
    agreement,
    producedAt: now(),
    signers: agreement.signatures,
    acted,
  });
}
