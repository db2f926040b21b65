import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { latestTemplate } from '../../agreements/index.js';
import { renderAgreement, type AgreementFacts } from '../../functions/domain/agreement.js';
import { Company, Scope } from '../../functions/domain/schemas.js';

const facts = (legalName: string): AgreementFacts => ({
  agreementId: 'agr_1', partnerId: 'ptn_1', organisationName: 'The Organisation', generatedAt: '2026-11-22T00:00:00Z', termMonths: 24,
  company: Company.parse({ legalName, country: 'DE', sector: 'telecom', lei: '529900NORDLICHT0TK20' }),
  scope: Scope.parse({ dataCategories: ['subscriber', 'content'], purposes: ['cybercrime'], direction: 'bidirectional', retentionDays: 90, excludedCountries: ['RU'] }),
  signatories: [{ name: 'Anna <b>Berger</b>', email: 'anna@example.org', title: 'CEO' }],
  countersignatory: { name: 'Legal', email: 'legal@liaison.local', title: 'Head of Legal' },
});

describe('Function: renderAgreement', () => {
  const template = latestTemplate('dsa-standard')!;

  it('states parties, purpose, data in plain words, direction, retention, term and signatories', () => {
    const { html } = renderAgreement(template, facts('Nordlicht Telekom GmbH'));
    for (const text of ['Nordlicht Telekom GmbH', 'cybercrime', 'content data', 'in both directions', '90 days', '24 months', 'RU', 'political, military, religious or racial']) {
      expect(html).toContain(text);
    }
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
    expect(rendered).toMatchObject({ templateId: 'dsa-standard', templateVersion: '1.0.0' });
    expect(rendered.templateSha256).toBe(createHash('sha256').update(template.body).digest('hex'));
  });
});
