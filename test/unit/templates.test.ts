// Published templates are immutable, and every template renders safely for any scope.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import manifest from '../../agreements/published.json' with { type: 'json' };
import { publishedTemplates } from '../../agreements/index.js';
import { clauseApplies, renderAgreement, templateHash, type AgreementFacts } from '../../functions/domain/agreement.js';
import { DATA_CATEGORIES, DIRECTIONS, PURPOSES } from '../../functions/domain/schemas.js';
import { compileStrict } from '../../functions/domain/template-engine.js';
import { PRECOMPILED } from '../../functions/domain/precompiled-agreements.js';
import { GENERATED } from '../../infra/generate.js';
import { PROJECT_ROOT } from '../../infra/project.js';

describe('Published templates', () => {
  it.each(publishedTemplates.map((t) => [`${t.id} ${t.version}`, t] as const))(
    '%s still has the content hash it was published with',
    (_name, template) => {
      const entry = manifest.find((m) => m.id === template.id && m.version === template.version);
      expect(entry, 'publish it with `npm run templates:publish`').toBeDefined();
      expect(
        templateHash(template),
        `${template.id} ${template.version} is published: restore it and publish a new version instead`,
      ).toBe(entry!.sha256);
    },
  );

  it('are all still available (a published version is never removed)', () => {
    for (const entry of manifest)
      expect(publishedTemplates.some((t) => t.id === entry.id && t.version === entry.version)).toBe(true);
  });
});

describe('Generated files', () => {
  const files = Object.entries(GENERATED).map(
    ([file, contents]) => [relative(PROJECT_ROOT, file), file, contents] as const,
  );
  it.each(files)('%s holds what its sources make now', (_name, file, contents) => {
    // the bundles carry no template compiler and no OpenAPI generator: what they read must be current
    expect(readFileSync(file, 'utf8'), 'run `npm run generate`').toBe(contents());
  });
});

describe('Precompiled templates', () => {
  it('render as the compiler would, strictness included', () => {
    const layout = publishedTemplates[0].layout;
    const compiled = compileStrict(layout, PRECOMPILED);
    // a template per call, made from its precompiled form
    expect(compiled).not.toBe(compileStrict(layout, PRECOMPILED));
    expect(() => compiled({})).toThrow(/not defined in/);
    const adHoc = compileStrict('Hello {{name}}', PRECOMPILED); // only a test knows it: compiled when first used
    expect(adHoc({ name: '<b>' })).toBe('Hello &lt;b&gt;');
    expect(() => adHoc({})).toThrow(/"name" not defined/);
  });
});

const name = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.constantFrom(
      '<script>alert(1)</script> Ltd',
      '"><img src=x onerror=alert(1)>',
      '{{organisationName}} GmbH',
      'Ünïcödé Ålesund AS',
      "O'Brien & Sons <b>",
    ),
  )
  .filter((s) => s.trim().length > 0);

const facts: fc.Arbitrary<AgreementFacts> = fc
  .record({
    legalName: name,
    signerName: name,
    categories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }),
    purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
    direction: fc.constantFrom(...DIRECTIONS),
    retentionDays: fc.integer({ min: 1, max: 3650 }),
    excluded: fc.subarray(['RU', 'BY', 'IR', 'KP']),
    termMonths: fc.integer({ min: 1, max: 60 }),
    partnerAdequate: fc.boolean(),
    lei: fc.option(fc.constant('529900NORDLICHT0TK20'), { nil: undefined }),
  })
  .map((f) => ({
    agreementId: 'agr_x',
    partnerId: 'ptn_x',
    organisationName: 'The Organisation',
    generatedAt: '2026-11-22T00:00:00Z',
    termMonths: f.termMonths,
    partnerAdequate: f.partnerAdequate,
    company: {
      legalName: f.legalName,
      country: 'DE',
      sector: 'telecom' as const,
      people: [],
      ...(f.lei ? { lei: f.lei } : {}),
    },
    scope: {
      dataCategories: f.categories,
      purposes: f.purposes,
      direction: f.direction,
      retentionDays: f.retentionDays,
      excludedCountries: f.excluded,
    },
    signatories: [{ name: f.signerName, email: 'signer@example.org', title: 'CEO' }],
    countersignatory: { name: 'Legal', email: 'legal@example.org', title: 'Head of Legal' },
  }));

const escaped = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');

describe('Property: every template renders for every scope', () => {
  for (const template of publishedTemplates) {
    const name = `${template.id} ${template.version}`;
    it(`${name}: no unresolved placeholder, every required section, no injected markup`, () => {
      fc.assert(
        fc.property(facts, (f) => {
          const { html, clauseIds } = renderAgreement(template, f);
          const injectedValues = [f.company.legalName, f.signatories[0].name]
            .map(escaped)
            .sort((a, b) => b.length - a.length);
          // placeholders typed into names stay literal text (checked below); none may come from the template
          expect(injectedValues.reduce((text, v) => text.split(v).join(''), html)).not.toMatch(/\{\{|\}\}/);
          for (const clause of template.clauses) {
            expect(clauseIds.includes(clause.id)).toBe(clauseApplies(clause.when, f));
            if (clauseApplies(clause.when, f)) expect(html).toContain(`<section id="clause-${clause.id}">`);
          }
          for (const injected of [f.company.legalName, f.signatories[0].name]) {
            if (/<[a-z/!]/i.test(injected)) expect(html).not.toContain(injected); // a tag never survives raw
            expect(html).toContain(escaped(injected));
          }
          expect(html).not.toMatch(/<(script|img)\b/i);
        }),
        { numRuns: 150 },
      );
    });
  }
});
