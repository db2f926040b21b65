// Which categories identify people, and so need the data-protection approval: all but threat intelligence, unless
// the scope says its threat intelligence names people.
import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA_CATEGORIES, personalDataIn, sharesPersonalData } from '../../functions/domain/personal-data.js';
import { DATA_CATEGORIES } from '../../functions/domain/schemas.js';

describe('Rule: personal data', () => {
  it('counts every category but threat intelligence as identifying people', () => {
    expect([...PERSONAL_DATA_CATEGORIES].sort()).toEqual(
      DATA_CATEGORIES.filter((c) => c !== 'threat-intelligence').sort(),
    );
    for (const category of ['travel', 'financial-transaction', 'subscriber', 'traffic', 'content'] as const)
      expect(sharesPersonalData({ dataCategories: [category] }), category).toBe(true);
  });

  it('counts threat intelligence only when the scope says it names people', () => {
    expect(sharesPersonalData({ dataCategories: ['threat-intelligence'] })).toBe(false);
    expect(
      personalDataIn({ dataCategories: ['threat-intelligence', 'travel'], threatIntelligenceIdentifiesPeople: true }),
    ).toEqual(['threat-intelligence', 'travel']);
  });
});
