// Which shared data identifies people: the one rule behind the data-protection approval gate, vetting's
// adequacy check, and the agreement's transfer clauses.
import type { DataCategory, Scope } from './schemas.js';

export const PERSONAL_DATA_CATEGORIES: ReadonlySet<DataCategory> = new Set<DataCategory>([
  'subscriber',
  'traffic',
  'content',
]);

/** The categories of a scope that identify people, in the scope's order. */
export const personalDataIn = (scope: Pick<Scope, 'dataCategories'>) =>
  scope.dataCategories.filter((category) => PERSONAL_DATA_CATEGORIES.has(category));

/** A scope that shares personal data needs the data-protection approval before anyone is asked to sign. */
export const sharesPersonalData = (scope: Pick<Scope, 'dataCategories'>) => personalDataIn(scope).length > 0;
