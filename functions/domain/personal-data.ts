// Which shared data identifies people: the one rule behind the data-protection approval gate, vetting's
// adequacy check, and the agreement's transfer clauses. Every category can identify a person (subscribers, traffic,
// content, payments, passengers) except threat intelligence, which is about infrastructure unless the scope says it
// names people; a category added later counts as personal until this says otherwise.
import { DATA_CATEGORIES, type DataCategory, type Scope } from './schemas.js';

const NOT_PERSONAL_BY_DEFAULT: ReadonlySet<DataCategory> = new Set<DataCategory>(['threat-intelligence']);

export const PERSONAL_DATA_CATEGORIES: ReadonlySet<DataCategory> = new Set(
  DATA_CATEGORIES.filter((category) => !NOT_PERSONAL_BY_DEFAULT.has(category)),
);

/** The categories of a scope that identify people, in the scope's order. */
export const personalDataIn = (scope: Pick<Scope, 'dataCategories' | 'threatIntelligenceIdentifiesPeople'>) =>
  scope.dataCategories.filter(
    (category) =>
      PERSONAL_DATA_CATEGORIES.has(category) ||
      (category === 'threat-intelligence' && scope.threatIntelligenceIdentifiesPeople === true),
  );

/** A scope that shares personal data needs the data-protection approval before anyone is asked to sign. */
export const sharesPersonalData = (scope: Pick<Scope, 'dataCategories' | 'threatIntelligenceIdentifiesPeople'>) =>
  personalDataIn(scope).length > 0;
