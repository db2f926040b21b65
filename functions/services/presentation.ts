// What the API shows of an onboarding: its record, its agreement, where signing stands, and its history.
import { agreements } from '../adapters/dynamodb/agreements.js';
import type { OnboardingRecord } from '../domain/records.js';
import { onboardingHistory } from './history.js';
import { signingStatus } from './signing.js';

/** The onboarding as the API shows it (task tokens and internals never leave the server). */
export async function presentOnboarding(onboarding: OnboardingRecord) {
  const agreement = onboarding.agreementId ? await agreements.get(onboarding.agreementId) : undefined;
  return {
    onboardingId: onboarding.onboardingId,
    partnerId: onboarding.partnerId,
    status: onboarding.status,
    pendingGate: onboarding.pendingGate ?? null,
    company: onboarding.company,
    scope: onboarding.scope,
    signatories: onboarding.signatories,
    countersignatory: onboarding.countersignatory,
    termMonths: onboarding.termMonths,
    signingOrder: onboarding.signingOrder,
    createdAt: onboarding.createdAt,
    createdBy: onboarding.createdBy,
    renewsAgreementId: onboarding.renewsAgreementId ?? null,
    outcomeReason: onboarding.outcomeReason ?? null,
    vetting: onboarding.vetting ?? null,
    review: onboarding.review ?? null,
    dataProtection: onboarding.dataProtection ?? null,
    agreement: agreement
      ? {
          agreementId: agreement.agreementId,
          status: agreement.status,
          documentSha256: agreement.documentSha256,
          signatures: agreement.signatures.map((s) => ({
            name: s.name,
            typedName: s.typedName,
            email: s.email,
            role: s.role,
            signedAt: s.signedAt,
          })),
        }
      : null,
    signing: await signingStatus(onboarding, agreement),
    history: await onboardingHistory(onboarding),
  };
}
