import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { latestTemplate } from '../../agreements/index.js';
import { renderAgreement, templateHash, type AgreementFacts } from '../../functions/domain/agreement.js';
import { Company, Scope } from '../../functions/domain/schemas.js';

const facts = (legalName: string, scope: Partial<Scope> = {}, partnerAdequate = true): AgreementFacts => ({
  agreementId: 'agr_1',
  partnerId: 'ptn_1',
  organisationName: 'The Organisation',
  generatedAt: '2026-11-22T00:00:00Z',
  termMonths: 24,
  partnerAdequate,
  company: Company.parse({ legalName, country: 'DE', sector: 'telecom', lei: '529900NORDLICHT0TK20' }),
  scope: Scope.parse({
    dataCategories: ['subscriber', 'content'],
    purposes: ['cybercrime'],
    direction: 'bidirectional',
    retentionDays: 90,
    excludedCountries: ['RU'],
    ...scope,
  }),
  signatories: [{ name: 'Anna <b>Berger</b>', email: 'anna@example.org', title: 'CEO' }],
  countersignatory: { name: 'Legal', email: 'legal@liaison.local', title: 'Head of Legal' },
});

describe('Function: renderAgreement', () => {
  const template = latestTemplate('dsa-standard')!;

  it('uses the newest published version for new agreements', () => {
    expect(template.version).toBe('2.0.0');
  });

  it(
    'states parties, purpose, data in plain words, direction, retention, breach deadline, ' + 'term and signatories',
    () => {
      const { html } = renderAgreement(template, facts('Nordlicht Telekom GmbH'));
      for (const text of [
        'Nordlicht Telekom GmbH',
        'cybercrime',
        'content data',
        'in both directions',
        '90 days',
        '72 hours',
        '24 months',
        'RU',
        'political, military, religious or racial',
        'refugee status',
      ]) {
        expect(html).toContain(text);
      }
    },
  );

  it('adds clauses when the scope needs them, and only then', () => {
    const wide = renderAgreement(
      template,
      facts('A GmbH', { dataCategories: ['content', 'financial-transaction'], direction: 'bidirectional' }, false),
    );
    expect(wide.clauseIds).toEqual(
      expect.arrayContaining(['content-data', 'financial-transactions', 'bidirectional', 'international-transfer']),
    );
    const narrow = renderAgreement(
      template,
      facts('A GmbH', { dataCategories: ['threat-intelligence'], direction: 'partner-to-organisation' }, false),
    );
    expect(narrow.clauseIds).not.toEqual(expect.arrayContaining(['content-data']));
    for (const id of ['content-data', 'financial-transactions', 'bidirectional', 'international-transfer'])
      expect(narrow.clauseIds).not.toContain(id);
  });

  it('escapes markup from company and signer names', () => {
    const { html } = renderAgreement(template, facts('Evil <script>alert(1)</script> Ltd'));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Berger');
    expect(html).toContain('&lt;script&gt;');
  });

  it('records the SHA-256 of exactly the rendered bytes and the template version and hash', () => {
    const rendered = renderAgreement(template, facts('Nordlicht Telekom GmbH'));
    expect(rendered.sha256).toBe(createHash('sha256').update(rendered.html).digest('hex'));
    expect(rendered).toMatchObject({
      templateId: 'dsa-standard',
      templateVersion: '2.0.0',
      templateSha256: templateHash(template),
    });
  });

  it('fails instead of leaving a blank when the template names a value the facts lack (strict mode)', () => {
    const broken = {
      ...template,
      version: '9.9.9',
      clauses: [{ id: 'x', title: 'X', when: { always: true as const }, body: '<p>{{company.vatNumber}}</p>' }],
    };
    expect(() => renderAgreement(broken, facts('A GmbH'))).toThrow(/vatNumber/);
  });
});
