// Rendering a data-sharing agreement from a versioned template. Mustache escapes every value.
import { createHash } from 'node:crypto';
import Mustache from 'mustache';
import type { Company, Scope, Signer } from './schemas.js';
import { CATEGORY_WORDS, DIRECTION_WORDS, PURPOSE_WORDS } from './scope-words.js';

export interface AgreementTemplate { id: string; version: string; body: string }

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
}

export interface RenderedAgreement { html: string; sha256: string; templateId: string; templateVersion: string; templateSha256: string }

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export function renderAgreement(template: AgreementTemplate, facts: AgreementFacts): RenderedAgreement {
  const view = {
    ...facts,
    templateId: template.id,
    templateVersion: template.version,
    categories: facts.scope.dataCategories.map((c) => ({ code: c, words: CATEGORY_WORDS[c] })),
    purposes: facts.scope.purposes.map((p) => ({ code: p, words: PURPOSE_WORDS[p] })),
    directionWords: DIRECTION_WORDS[facts.scope.direction],
    excludedCountries: facts.scope.excludedCountries.join(', ') || 'none',
    hasExcludedCountries: facts.scope.excludedCountries.length > 0,
  };
  const html = Mustache.render(template.body, view);
  return { html, sha256: sha256Hex(html), templateId: template.id, templateVersion: template.version, templateSha256: sha256Hex(template.body) };
}
