// Agreement lifecycle: generate from a template, revoke / suspend / reinstate, renew (activation: activation.ts).
import { latestTemplate } from '../../agreements/index.js';
import { now } from '../adapters/dependencies.js';
import { activeAgreements } from '../adapters/dynamodb/active-agreements.js';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { documents } from '../adapters/s3-documents.js';
import { settings } from '../adapters/config.js';
import { documentKeys } from '../ports/documents.js';
import { renderAgreement } from '../domain/agreement.js';
import type { StartOnboardingRequest } from '../domain/schemas.js';
import type { AgreementRecord, AgreementStatus, OnboardingRecord } from '../domain/records.js';
import { sharesPersonalData } from '../domain/personal-data.js';
import { companySignerId } from '../domain/signers.js';
import { hasAdequacy, partnerNamesOf } from '../domain/vetting.js';
import { nextExpiryActionAt } from '../domain/expiry.js';
import { adequacyList } from '../adapters/reference-data.js';
import { emails } from './emails.js';
import { tellParties } from './notifications.js';
import { record } from './history.js';
import { loadOnboarding, startOnboarding } from './onboarding.js';
import { newId } from '../domain/ids.js';
import { conflict, notFound } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';

/** The agreement text a request would get, rendered as the GenerateAgreement step will, for the officer to read. */
export function previewAgreement(request: StartOnboardingRequest) {
  const template = latestTemplate(request.templateId);
  if (!template) throw notFound(`template ${request.templateId}`);
  const rendered = renderAgreement(template, {
    agreementId: PREVIEW,
    partnerId: PREVIEW,
    company: request.company,
    scope: request.scope,
    termMonths: request.termMonths,
    signatories: request.signatories,
    countersignatory: request.countersignatory ?? settings().countersignatory,
    organisationName: settings().organisationName,
    generatedAt: now().toISOString(),
    partnerAdequate: hasAdequacy(request.company.country, adequacyList),
  });
  return { templateId: rendered.templateId, templateVersion: rendered.templateVersion, html: rendered.html };
}
/** Stands for the identifiers an onboarding gets when it is started. */
const PREVIEW = '(assigned when sent)';

/** GenerateAgreement step: render, store the exact bytes, record their hash. Returns the signers to collect. */
export async function generateAgreement(onboardingId: string) {
  const onboarding = await loadOnboarding(onboardingId);
  const signers = onboarding.signatories.map((_, i) => ({ signerId: companySignerId(i) }));
  if (onboarding.agreementId) {
    // a retried step, or signing restarted after it expired: ask only those who have not signed
    const agreement = await agreements.get(onboarding.agreementId);
    const signed = new Set(agreement?.signatures.map((s) => s.signerId));
    return {
      agreementId: onboarding.agreementId,
      companySigners: signers.filter((s) => !signed.has(s.signerId)),
      needsDataProtectionApproval:
        needsDataProtectionApproval(onboarding) && agreement?.dataProtectionApproval?.decision !== 'approve',
    };
  }
  const template = latestTemplate(onboarding.templateId);
  if (!template) throw new Error(`no published template ${onboarding.templateId}`);
  const agreementId = newId('agreement');
  const at = now().toISOString();
  const rendered = renderAgreement(template, {
    agreementId,
    partnerId: onboarding.partnerId,
    company: onboarding.company,
    scope: onboarding.scope,
    termMonths: onboarding.termMonths,
    signatories: onboarding.signatories,
    countersignatory: onboarding.countersignatory,
    organisationName: settings().organisationName,
    generatedAt: at,
    partnerAdequate: hasAdequacy(onboarding.company.country, adequacyList),
  });
  const documentKey = documentKeys.agreementHtml(agreementId);
  await documents.put(documentKey, rendered.html, 'text/html; charset=utf-8');
  await agreements.create({
    agreementId,
    onboardingId,
    partnerId: onboarding.partnerId,
    status: 'PENDING_SIGNATURES',
    scope: onboarding.scope,
    termMonths: onboarding.termMonths,
    templateId: rendered.templateId,
    templateVersion: rendered.templateVersion,
    templateSha256: rendered.templateSha256,
    documentSha256: rendered.sha256,
    documentKey,
    signatures: [],
    createdAt: at,
    legalName: onboarding.company.legalName,
    renewsAgreementId: onboarding.renewsAgreementId,
  });
  // never a moment of AWAITING_SIGNATURES before the data-protection gate: the onboarding goes straight into that
  // review (its approver can decide once the review step has opened it)
  const next: Partial<OnboardingRecord> = needsDataProtectionApproval(onboarding)
    ? { status: 'IN_REVIEW', pendingGate: 'data-protection', reviewTaskToken: undefined }
    : { status: 'AWAITING_SIGNATURES' };
  await onboardings.update(onboardingId, { agreementId, ...next, updatedAt: at }, [
    'VETTING',
    'IN_REVIEW',
    'AWAITING_SIGNATURES',
  ]);
  await record(
    onboardingId,
    'AGREEMENT_GENERATED',
    `agreement ${agreementId} from ${rendered.templateId} v${rendered.templateVersion} (clauses: ` +
      `${rendered.clauseIds.join(', ')}), document SHA-256 ${rendered.sha256}`,
    agreementId,
    {
      documentSha256: rendered.sha256,
      templateId: rendered.templateId,
      templateVersion: rendered.templateVersion,
      templateSha256: rendered.templateSha256,
    },
  );
  return { agreementId, companySigners: signers, needsDataProtectionApproval: needsDataProtectionApproval(onboarding) };
}

/** INTERPOL's rules and the ICO code: agreements that share personal data need the data-protection body's approval. */
const needsDataProtectionApproval = (onboarding: OnboardingRecord) => sharesPersonalData(onboarding.scope);

const TRANSITIONS: Record<'revoke' | 'suspend' | 'reinstate', { from: AgreementStatus[]; to: AgreementStatus }> = {
  revoke: { from: ['ACTIVE', 'SUSPENDED'], to: 'REVOKED' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  reinstate: { from: ['SUSPENDED'], to: 'ACTIVE' },
};

export async function changeAgreementStatus(
  agreementId: string,
  action: keyof typeof TRANSITIONS,
  reason: string,
  by: string,
) {
  const agreement = await agreements.get(agreementId);
  if (!agreement) throw notFound(`agreement ${agreementId}`);
  const { from, to } = TRANSITIONS[action];
  if (!from.includes(agreement.status))
    throw conflict(`cannot ${action} agreement ${agreementId}: it is ${agreement.status}`);
  if (to === 'ACTIVE' && Date.parse(agreement.expiresAt!) <= now().getTime())
    throw conflict(`cannot reinstate agreement ${agreementId}: it expired at ${agreement.expiresAt}`);
  // the partner's access pointer first: access is denied before the record says so, never after
  await activeAgreements.setStatus(agreement.partnerId, agreementId, to);
  if (to === 'ACTIVE' && !(await activeAgreements.get(agreement.partnerId))) {
    // an activation that failed before it pointed the partner at this agreement (it was suspended for that)
    const { scope, effectiveAt, expiresAt } = agreement as Required<AgreementRecord>;
    const onboarding = await loadOnboarding(agreement.onboardingId);
    await activeAgreements.put(
      agreement.partnerId,
      { agreementId, status: to, scope, effectiveAt, expiresAt },
      partnerNamesOf(onboarding.company),
      now().toISOString(),
    );
  }
  // back in force: into the daily job's index again, at the next warning not yet sent (or the expiry)
  const reinstated =
    to === 'ACTIVE'
      ? {
          expiresAt: agreement.expiresAt,
          expiryNextActionAt: nextExpiryActionAt(agreement.expiresAt!, agreement.expiryFlaggedDays),
        }
      : {};
  const updated = await agreements.update(agreementId, { status: to, statusReason: reason, ...reinstated }, from);
  await record(agreement.onboardingId, `AGREEMENT_${to}`, `${by}: ${reason}`, agreementId);
  await tellParties(agreement.onboardingId, (recipients) =>
    emails.statusChanged({
      to: recipients,
      legalName: agreement.legalName,
      agreementId,
      status: to as 'SUSPENDED' | 'ACTIVE' | 'REVOKED',
      reason,
      expiresAt: updated.expiresAt,
    }),
  );
  return updated;
}

export async function renewAgreement(agreementId: string, by: Actor, reason?: string) {
  const agreement = await agreements.get(agreementId);
  if (!agreement) throw notFound(`agreement ${agreementId}`);
  if (!['ACTIVE', 'SUSPENDED', 'EXPIRED'].includes(agreement.status))
    throw conflict(`cannot renew agreement ${agreementId}: it is ${agreement.status}`);
  const onboarding = await loadOnboarding(agreement.onboardingId);
  return startOnboarding(
    {
      company: onboarding.company,
      signatories: onboarding.signatories,
      scope: onboarding.scope,
      termMonths: onboarding.termMonths,
      templateId: onboarding.templateId,
      countersignatory: onboarding.countersignatory,
      signingOrder: onboarding.signingOrder,
      signingLinkDays: onboarding.signingLinkDays,
    },
    by,
    { partnerId: agreement.partnerId, renewsAgreementId: agreementId, reason },
  );
}

export function presentAgreement(a: AgreementRecord) {
  return {
    agreementId: a.agreementId,
    partnerId: a.partnerId,
    onboardingId: a.onboardingId,
    legalName: a.legalName,
    status: a.status,
    statusReason: a.statusReason ?? null,
    scope: a.scope,
    effectiveAt: a.effectiveAt ?? null,
    expiresAt: a.expiresAt ?? null,
    expiringWithinDays: a.expiryFlaggedDays ?? null,
    templateId: a.templateId,
    templateVersion: a.templateVersion,
    templateSha256: a.templateSha256,
    documentSha256: a.documentSha256,
    renewsAgreementId: a.renewsAgreementId ?? null,
    dataProtectionApproval: a.dataProtectionApproval ?? null,
    signatures: a.signatures.map((s) => ({
      name: s.name,
      /** What the signer typed to sign (their name, forgiving case, accents and spacing). */
      typedName: s.typedName,
      email: s.email,
      title: s.title,
      role: s.role,
      signedAt: s.signedAt,
      documentSha256: s.documentSha256,
    })),
  };
}
