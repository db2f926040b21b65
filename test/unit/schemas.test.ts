import { describe, expect, it } from 'vitest';
import { StartOnboardingRequest, fieldIssues } from '../../functions/domain/schemas.js';
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from '../../functions/domain/link-token.js';

const valid = {
  company: { legalName: 'Nordlicht Telekom GmbH', country: 'DE', sector: 'telecom' },
  signatories: [{ name: 'Anna Berger', email: 'anna@nordlicht.example', title: 'CEO' }],
  scope: {
    dataCategories: ['subscriber'],
    purposes: ['cybercrime'],
    direction: 'partner-to-organisation',
    retentionDays: 365,
  },
  termMonths: 24,
};

describe('Schema: StartOnboardingRequest', () => {
  it('fills the documented defaults', () => {
    expect(StartOnboardingRequest.parse(valid)).toMatchObject({
      templateId: 'dsa-standard',
      signingOrder: 'sequential',
      signingLinkDays: 14,
      scope: { excludedCountries: [] },
      company: { people: [] },
    });
  });
  it('names every field at fault with a dotted path', () => {
    const result = StartOnboardingRequest.safeParse({
      ...valid,
      signatories: [valid.signatories[0], valid.signatories[0]],
      signingLinkDays: 91,
      company: { ...valid.company, name: 'x\u0000' },
    });
    expect(result.success).toBe(false);
    expect(
      fieldIssues(result.error!)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['company', 'signatories', 'signingLinkDays']);
  });
  it('refuses control characters in names (no header injection)', () => {
    const result = StartOnboardingRequest.safeParse({
      ...valid,
      signatories: [{ ...valid.signatories[0], name: 'Anna\r\nBcc: x@y.z' }],
    });
    expect(fieldIssues(result.error!)[0].path).toBe('signatories.0.name');
  });
});

describe('Function: newLinkToken', () => {
  it('issues 256-bit URL-safe tokens and keeps only their SHA-256', () => {
    const { token, hash } = newLinkToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedLinkToken(token)).toBe(true);
    expect(hash).toBe(hashLinkToken(token));
    expect(hash).not.toContain(token);
    expect(newLinkToken().token).not.toBe(token);
  });
  it('refuses malformed tokens before any lookup', () => {
    expect(isWellFormedLinkToken('../../etc/passwd')).toBe(false);
    expect(isWellFormedLinkToken('a'.repeat(44))).toBe(false);
  });
});
