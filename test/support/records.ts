// Records for store and service tests, each a valid record with the fields a test names overridden.
import type { AgreementRecord, LinkRecord, OnboardingRecord, SignatureRecord } from '../../functions/domain/records.js';
import type { Scope, Signer } from '../../functions/domain/schemas.js';

export const AT = '2026-11-23T09:00:00.000Z';
export const scope: Scope = {
  dataCategories: ['threat-intelligence'],
  purposes: ['cybercrime'],
  direction: 'partner-to-organisation',
  retentionDays: 30,
  excludedCountries: [],
};
export const signer: Signer = { name: 'Sam Signer', email: 'sam@example.org', title: 'CEO' };
export const officerSigner: Signer = { name: 'Olu Officer', email: 'olu@liaison.example', title: 'Head of Legal' };

export function onboardingRecord(overrides: Partial<OnboardingRecord> = {}): OnboardingRecord {
  const id = overrides.onboardingId ?? 'onb_1';
  return {
    onboardingId: id,
    partnerId: `ptn_${id}`,
    status: 'VETTING',
    company: { legalName: 'Example Telecom Ltd', country: 'IE', sector: 'telecom', people: [] },
    scope,
    signatories: [signer],
    countersignatory: officerSigner,
    termMonths: 12,
    templateId: 'dsa-standard',
    signingOrder: 'sequential',
    signingLinkDays: 14,
    createdAt: AT,
    updatedAt: AT,
    createdBy: 'Olu Officer <olu@liaison.example>',
    createdBySubject: 'sub-olu',
    ...overrides,
  };
}

export function agreementRecord(overrides: Partial<AgreementRecord> = {}): AgreementRecord {
  const id = overrides.agreementId ?? 'agr_1';
  return {
    agreementId: id,
    onboardingId: 'onb_1',
    partnerId: 'ptn_onb_1',
    status: 'PENDING_SIGNATURES',
    scope,
    termMonths: 12,
    templateId: 'dsa-standard',
    templateVersion: '2.0.0',
    templateSha256: 't'.repeat(64),
    documentSha256: 'd'.repeat(64),
    documentKey: `agreements/${id}/agreement.html`,
    signatures: [],
    createdAt: AT,
    legalName: 'Example Telecom Ltd',
    ...overrides,
  };
}

export function linkRecord(overrides: Partial<LinkRecord> = {}): LinkRecord {
  return {
    tokenHash: 'h'.repeat(64),
    kind: 'signature',
    status: 'PENDING',
    onboardingId: 'onb_1',
    agreementId: 'agr_1',
    signerId: 'company-0',
    signer,
    role: 'company',
    taskToken: 'task-1',
    documentSha256: 'd'.repeat(64),
    legalName: 'Example Telecom Ltd',
    sentAt: AT,
    expiresAt: '2026-12-07T09:00:00.000Z',
    remindersSent: 0,
    ...overrides,
  };
}

export function signatureRecord(overrides: Partial<SignatureRecord> = {}): SignatureRecord {
  return {
    signerId: 'company-0',
    ...signer,
    role: 'company',
    typedName: signer.name,
    sentAt: AT,
    signedAt: AT,
    documentSha256: 'd'.repeat(64),
    ip: '192.0.2.1',
    userAgent: 'test',
    ...overrides,
  };
}
