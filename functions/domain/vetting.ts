// Vetting rules: each check reports an outcome and findings; the decision is the worst outcome.
import { personalDataIn } from './personal-data.js';
import type { Company, Scope } from './schemas.js';
import type { ListVersion } from './screening.js';
import type { ScreeningIndex } from './screening-index.js';

export type Outcome = 'CLEAR' | 'REVIEW' | 'FAIL';
export interface CheckResult {
  check: string;
  outcome: Outcome;
  findings: string[];
}
export interface VettingReport {
  decision: Outcome;
  checks: CheckResult[];
  screenedAt: string;
  listVersion: ListVersion;
  referenceData: { fatf: string; adequacy: string };
}

export interface FatfLists {
  source: string;
  asOf: string;
  callForAction: string[];
  increasedMonitoring: string[];
}
export interface AdequacyList {
  source: string;
  asOf: string;
  countries: Record<string, string>;
  eea: string[];
}
export interface ExistingPartner {
  partnerId: string;
  legalName: string;
  matchedOn: string;
}

/** The identifiers that make two partners the same company, as [kind, value] (registration numbers are per country). */
export function identifiersOf(company: Partial<Pick<Company, 'country' | 'lei' | 'registrationNumber'>>) {
  const keys: [string, string][] = [];
  if (company.lei) keys.push(['LEI', company.lei]);
  if (company.registrationNumber && company.country)
    keys.push(['registration number', `${company.country}:${company.registrationNumber}`]);
  return keys;
}

/** What a partner is screened by, again whenever the list changes: its names and identifiers. */
export interface PartnerNames {
  legalName: string;
  lei?: string;
  registrationNumber?: string;
  people: { role: string; name: string }[];
}

export const partnerNamesOf = (company: Company): PartnerNames => ({
  legalName: company.legalName,
  lei: company.lei,
  registrationNumber: company.registrationNumber,
  people: company.people.map((p) => ({ role: p.role, name: p.name })),
});

/** Each name screened, with who bears it: the company, then its people by role. */
const namesToScreen = (names: PartnerNames): [string, string][] => [
  ['company', names.legalName],
  ...names.people.map((p): [string, string] => [p.role, p.name]),
];

/** The list's hits on a partner's names, one finding each. */
export function nameFindings(names: PartnerNames, list: ScreeningIndex): string[] {
  return namesToScreen(names).flatMap(([who, name]) =>
    list
      .screen(name)
      .map((hit) => `${who} "${name}" ~ ${hit.name} [${hit.entityId}, ${hit.datasets.join(', ')}]: ${hit.explanation}`),
  );
}

/** A partner's identifiers the list holds: decisive. */
export function identifierFindings(names: PartnerNames, list: ScreeningIndex): string[] {
  const findings: string[] = [];
  for (const [kind, value] of [
    ['LEI', names.lei],
    ['registration number', names.registrationNumber],
  ] as const) {
    if (!value) continue;
    const listed = list.findIdentifier(value);
    if (listed) findings.push(`${kind} ${value} is listed for ${listed.name} [${listed.id}]`);
  }
  return findings;
}

const RANK: Record<Outcome, number> = { CLEAR: 0, REVIEW: 1, FAIL: 2 };
const worst = (outcomes: Outcome[]): Outcome => outcomes.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'CLEAR');

export interface VettingInput {
  company: Company;
  scope: Scope;
  list: ScreeningIndex;
  fatf: FatfLists;
  adequacy: AdequacyList;
  duplicates: ExistingPartner[];
  now: Date;
}

export function vet(input: VettingInput): VettingReport {
  const checks = [
    sanctionsCheck(input),
    identifierCheck(input),
    jurisdictionCheck(input),
    dataProtectionCheck(input),
    duplicateCheck(input),
  ];
  return {
    decision: worst(checks.map((c) => c.outcome)),
    checks,
    screenedAt: input.now.toISOString(),
    listVersion: input.list.version,
    referenceData: {
      fatf: `FATF lists as of ${input.fatf.asOf}`,
      adequacy: `EU adequacy list as of ${input.adequacy.asOf}`,
    },
  };
}

function sanctionsCheck({ company, list }: VettingInput): CheckResult {
  const findings = nameFindings(partnerNamesOf(company), list);
  // a provisional list (no real list loaded) can never clear anyone: a person must look
  if (list.version.provisional) findings.push(list.version.provisional);
  return { check: 'sanctions-screening', outcome: findings.length > 0 ? 'REVIEW' : 'CLEAR', findings };
}

function identifierCheck({ company, list }: VettingInput): CheckResult {
  const findings = identifierFindings(partnerNamesOf(company), list);
  if (!company.lei)
    return {
      check: 'identifiers',
      outcome: findings.length ? 'FAIL' : 'CLEAR',
      findings: [...findings, 'no LEI given'],
    };
  return {
    check: 'identifiers',
    outcome: findings.length ? 'FAIL' : 'CLEAR',
    findings: findings.length ? findings : [`LEI ${company.lei} check digits valid`],
  };
}

function jurisdictionCheck({ company, fatf }: VettingInput): CheckResult {
  if (fatf.callForAction.includes(company.country)) {
    return {
      check: 'jurisdiction',
      outcome: 'FAIL',
      findings: [`${company.country} is a FATF high-risk jurisdiction subject to a call for action (${fatf.asOf})`],
    };
  }
  if (fatf.increasedMonitoring.includes(company.country)) {
    return {
      check: 'jurisdiction',
      outcome: 'REVIEW',
      findings: [`${company.country} is under FATF increased monitoring (${fatf.asOf})`],
    };
  }
  return { check: 'jurisdiction', outcome: 'CLEAR', findings: [] };
}

/** The country has an EU adequacy decision or is in the EEA. */
export const hasAdequacy = (country: string, adequacy: AdequacyList) =>
  country in adequacy.countries || adequacy.eea.includes(country);

function dataProtectionCheck({ company, scope, adequacy }: VettingInput): CheckResult {
  const personal = personalDataIn(scope);
  const adequate = hasAdequacy(company.country, adequacy);
  if (personal.length > 0 && !adequate) {
    return {
      check: 'data-protection',
      outcome: 'REVIEW',
      findings: [
        `${company.country} has no EU adequacy decision (${adequacy.asOf}) ` +
          `and the scope includes personal data: ${personal.join(', ')}`,
      ],
    };
  }
  return { check: 'data-protection', outcome: 'CLEAR', findings: [] };
}

function duplicateCheck({ duplicates }: VettingInput): CheckResult {
  return {
    check: 'duplicates',
    outcome: duplicates.length > 0 ? 'REVIEW' : 'CLEAR',
    findings: duplicates.map((d) => `existing partner ${d.partnerId} (${d.legalName}) has the same ${d.matchedOn}`),
  };
}
