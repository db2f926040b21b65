import { describe, expect, it } from 'vitest';
import { ScreeningIndex } from '../../functions/domain/screening-index.js';
import { vet, type VettingInput } from '../../functions/domain/vetting.js';
import { Company, Scope } from '../../functions/domain/schemas.js';

const list = ScreeningIndex.fromEntries(
  [
    {
      id: 'x1',
      schema: 'Company',
      name: 'Darkwave Hosting Ltd',
      aliases: [],
      countries: ['GB'],
      identifiers: ['213800DARKWAVEHOST52'],
      datasets: ['sample'],
    },
    {
      id: 'x2',
      schema: 'Person',
      name: 'Sergei Petrov',
      aliases: [],
      countries: ['RU'],
      identifiers: [],
      datasets: ['sample'],
    },
  ],
  { sha256: 'abc', rows: 2, source: 'test' },
);
const fatf = { source: 'FATF', asOf: '2026-06', callForAction: ['KP'], increasedMonitoring: ['VN'] };
const adequacy = { source: 'EU', asOf: '2026-11', countries: { CH: 'Switzerland' }, eea: ['DE', 'FR'] };

function input(company: Partial<Company> = {}, scope: Partial<Scope> = {}): VettingInput {
  return {
    company: Company.parse({ legalName: 'Clean Telecom GmbH', country: 'DE', sector: 'telecom', ...company }),
    scope: Scope.parse({
      dataCategories: ['subscriber'],
      purposes: ['cybercrime'],
      direction: 'partner-to-organisation',
      retentionDays: 30,
      ...scope,
    }),
    list,
    fatf,
    adequacy,
    duplicates: [],
    now: new Date('2026-11-22T10:00:00Z'),
  };
}
const check = (report: ReturnType<typeof vet>, name: string) => report.checks.find((c) => c.check === name)!;

describe('Function: vet', () => {
  it('clears a clean company and records the list version and reference dates', () => {
    const report = vet(input());
    expect(report.decision).toBe('CLEAR');
    expect(report.listVersion).toMatchObject({ sha256: 'abc', rows: 2 });
    expect(report.referenceData.fatf).toContain('2026-06');
  });
  it('sends a sanctions hit on the company or a person to review', () => {
    expect(check(vet(input({ legalName: 'Darkwave Hosting Limited' })), 'sanctions-screening').outcome).toBe('REVIEW');
    const person = vet(input({ people: [{ name: 'Petrov Sergei', role: 'director' }] }));
    expect(person.decision).toBe('REVIEW');
    expect(check(person, 'sanctions-screening').findings[0]).toContain('director');
  });
  it('fails a listed LEI (decisive) and a FATF call-for-action country', () => {
    expect(vet(input({ lei: '213800DARKWAVEHOST52' })).decision).toBe('FAIL');
    expect(vet(input({ country: 'KP' })).decision).toBe('FAIL');
  });
  it('reviews increased-monitoring countries and personal data to a country without adequacy', () => {
    expect(
      check(vet(input({ country: 'VN' }, { dataCategories: ['threat-intelligence'] })), 'jurisdiction').outcome,
    ).toBe('REVIEW');
    const dp = vet(input({ country: 'SG' }));
    expect(check(dp, 'data-protection').findings[0]).toContain('no EU adequacy decision');
    expect(
      check(vet(input({ country: 'SG' }, { dataCategories: ['threat-intelligence'] })), 'data-protection').outcome,
    ).toBe('CLEAR');
    expect(check(vet(input({ country: 'CH' })), 'data-protection').outcome).toBe('CLEAR');
  });
  it('reviews a duplicate partner, naming it', () => {
    const report = vet({ ...input(), duplicates: [{ partnerId: 'ptn_1', legalName: 'Old GmbH', matchedOn: 'LEI' }] });
    expect(check(report, 'duplicates')).toMatchObject({
      outcome: 'REVIEW',
      findings: ['existing partner ptn_1 (Old GmbH) has the same LEI'],
    });
  });
});
