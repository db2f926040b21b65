import { describe, expect, it } from 'vitest';
import { ReviewRequest, StartOnboardingRequest, fieldIssues } from '../../functions/domain/schemas.js';
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

  const issueAt = (patch: Record<string, unknown>) => {
    const result = StartOnboardingRequest.safeParse({ ...valid, ...patch });
    return result.success ? undefined : fieldIssues(result.error);
  };
  const signerNamed = (name: string, title = 'CEO') => ({ signatories: [{ ...valid.signatories[0], name, title }] });

  it.each([
    ['NUL', 'CEO\u0000'],
    ['a line break', 'CEO\nBcc: x@y.z'],
    ['BEL', 'CEO\u0007'],
    ['a tab', 'Chief\tExecutive'],
  ])('refuses %s in a title, naming the field', (_what, title) => {
    expect(issueAt(signerNamed('Anna Berger', title))).toEqual([
      { path: 'signatories.0.title', message: expect.stringMatching(/^must not contain control characters/) },
    ]);
  });
  it.each([
    ['a right-to-left override', 'Anna \u202EregreB'],
    ['a zero-width space', 'An\u200Bna Berger'],
    ['a byte-order mark', 'Anna\uFEFF Berger'],
    ['a directional isolate', 'Anna \u2067Berger\u2069'],
  ])('refuses %s in a name', (_what, name) => {
    expect(issueAt(signerNamed(name))).toEqual([
      { path: 'signatories.0.name', message: 'must not contain invisible or text-direction override characters' },
    ]);
  });
  it('refuses an unpaired surrogate in a person role', () => {
    const company = { ...valid.company, people: [{ name: 'Anna Berger', role: 'Director \uD800' }] };
    expect(issueAt({ company })).toEqual([
      { path: 'company.people.0.role', message: 'must not contain unpaired surrogates (broken Unicode)' },
    ]);
  });
  it('keeps names as written in any script, with the joiners some scripts need', () => {
    for (const name of ['محمد علي', '王伟', 'Zoë Ñúñez-Łukasik', 'می\u200Cخواهم', 'Ольга Петрова']) {
      expect(issueAt(signerNamed(name)), name).toBeUndefined();
    }
  });
  it('accepts ISO 3166-1 country codes only (XX and ZZ are not countries; Kosovo is XK)', () => {
    for (const country of ['XX', 'ZZ', 'UK', 'EU']) {
      expect(issueAt({ company: { ...valid.company, country } }), country).toEqual([
        { path: 'company.country', message: 'is not an ISO 3166-1 country code' },
      ]);
    }
    for (const country of ['GB', 'XK', 'SS', 'DE']) {
      expect(issueAt({ company: { ...valid.company, country } }), country).toBeUndefined();
    }
  });
});

describe('Schema: ReviewRequest', () => {
  it('lets a reason span lines, but not carry other control characters', () => {
    const gate = 'data-protection';
    expect(
      ReviewRequest.safeParse({ gate, decision: 'approve', reason: 'retention fine\r\nscope narrow' }).success,
    ).toBe(true);
    const refused = ReviewRequest.safeParse({ gate, decision: 'approve', reason: 'fine\u001b[31m' });
    expect(refused.success).toBe(false);
  });

  it('requires the gate the approver decides, naming it when it is missing or unknown', () => {
    for (const body of [
      { decision: 'approve', reason: 'ok' },
      { gate: 'any', decision: 'approve', reason: 'ok' },
    ]) {
      const parsed = ReviewRequest.safeParse(body);
      expect(parsed.success).toBe(false);
      expect(fieldIssues(parsed.error!).map((i) => i.path)).toEqual(['gate']);
    }
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
