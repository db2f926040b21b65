// Rendering a data-sharing agreement from a versioned template and its clause library.
// Handlebars in strict mode: a value the template names but the facts lack is an error, never an
// empty string; every value is HTML-escaped unless a template says otherwise (only for clause
// bodies this module rendered itself).
import { canonicalJson } from './audit-chain.js';
import { PRECOMPILED } from './precompiled-agreements.js';
import { compileStrict } from './template-engine.js';
import type { Company, Scope, Signer } from './schemas.js';
import { sharesPersonalData } from './personal-data.js';
import { CATEGORY_WORDS, DIRECTION_WORDS, PURPOSE_WORDS } from './scope-words.js';
import { createHash } from 'node:crypto';

/** When a clause belongs in an agreement: declarative, so it is part of the template's hashed content. */
export type ClauseCondition =
  | { always: true }
  | { anyCategory: Scope['dataCategories'][number][] }
  | { direction: Scope['direction'] }
  | { partnerOutsideAdequacyWithPersonalData: true };

export interface Clause {
  id: string;
  title: string;
  when: ClauseCondition;
  body: string;
}

export interface AgreementTemplate {
  id: string;
  version: string;
  /** The document around the clauses; `{{#each clauses}}` places them. */
  layout: string;
  clauses: Clause[];
}

export interface AgreementFacts {
  agreementId: string;
  partnerId: string;
  company: Company;
  scope: Scope;
  termMonths: number;
  signatories: Signer[];
  countersignatory: Signer;
  organisationName: string;
  generatedAt: string;
  /** The partner's country has an EU adequacy decision (or is in the EEA). */
  partnerAdequate: boolean;
}

export interface RenderedAgreement {
  html: string;
  sha256: string;
  templateId: string;
  templateVersion: string;
  templateSha256: string;
  clauseIds: string[];
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The content hash a published template version is pinned to. */
export const templateHash = (template: AgreementTemplate) => sha256Hex(canonicalJson(template));

export const BREACH_NOTIFICATION_HOURS = 72;

export function clauseApplies(
  condition: ClauseCondition,
  facts: Pick<AgreementFacts, 'scope' | 'partnerAdequate'>,
): boolean {
  if ('always' in condition) return true;
  if ('anyCategory' in condition) return facts.scope.dataCategories.some((c) => condition.anyCategory.includes(c));
  if ('direction' in condition) return facts.scope.direction === condition.direction;
  return !facts.partnerAdequate && sharesPersonalData(facts.scope);
}

export function renderAgreement(template: AgreementTemplate, facts: AgreementFacts): RenderedAgreement {
  // every optional value is present (as null) so strict mode can tell "absent" from "forgotten"
  const view = {
    ...facts,
    company: { registrationNumber: null, lei: null, website: null, ...facts.company },
    templateId: template.id,
    templateVersion: template.version,
    categories: facts.scope.dataCategories.map((c) => ({ code: c, words: CATEGORY_WORDS[c] })),
    purposes: facts.scope.purposes.map((p) => ({ code: p, words: PURPOSE_WORDS[p] })),
    directionWords: DIRECTION_WORDS[facts.scope.direction],
    excludedCountries: facts.scope.excludedCountries.join(', ') || 'none',
    hasExcludedCountries: facts.scope.excludedCountries.length > 0,
    breachNotificationHours: BREACH_NOTIFICATION_HOURS,
  };
  const chosen = template.clauses.filter((clause) => clauseApplies(clause.when, facts));
  const clauses = chosen.map((clause, i) => ({
    id: clause.id,
    number: i + 1,
    title: clause.title,
    body: compileStrict(clause.body, PRECOMPILED)(view),
  }));
  const html = compileStrict(template.layout, PRECOMPILED)({ ...view, clauses });
  return {
    html,
    sha256: sha256Hex(html),
    templateId: template.id,
    templateVersion: template.version,
    templateSha256: templateHash(template),
    clauseIds: chosen.map((c) => c.id),
  };
}
