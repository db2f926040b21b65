// The safeguards as properties over 10,000 generated cases each: the access check never allows an exchange outside
// the agreement's scope, outside its term, while it is not ACTIVE, or against refugee protection; and every decision
// carries its codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECISION_CODES, type AgreementForAccess, decideAccess } from '../../functions/domain/access.js';
import {
  AGREEMENT_STATUSES,
  type AccessCheckRequest,
  DATA_CATEGORIES,
  DIRECTIONS,
  PURPOSES,
} from '../../functions/domain/schemas.js';

const RUNS = { numRuns: 10_000 };
const COUNTRIES = ['FR', 'DE', 'RU', 'IR', 'SY', 'US', 'NG', 'BR'] as const;
const DAY = 86_400_000;
const NOW = Date.parse('2027-03-01T00:00:00Z');

const subset = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
const agreementArbitrary = fc.record({
  agreementId: fc.constant('agr_1'),
  status: fc.constantFrom(...AGREEMENT_STATUSES, 'ACTIVE', 'ACTIVE'),
  effectiveAt: fc.integer({ min: -400, max: 30 }).map((d) => new Date(NOW + d * DAY).toISOString()),
  expiresAt: fc.integer({ min: -30, max: 400 }).map((d) => new Date(NOW + d * DAY).toISOString()),
  scope: fc.record({
    dataCategories: subset(DATA_CATEGORIES),
    purposes: subset(PURPOSES),
    direction: fc.constantFrom(...DIRECTIONS),
    retentionDays: fc.constant(365),
    excludedCountries: fc.subarray([...COUNTRIES]),
  }),
}) as fc.Arbitrary<AgreementForAccess>;
const requestArbitrary = fc.record(
  {
    partnerId: fc.constant('ptn_1'),
    dataCategory: fc.constantFrom(...DATA_CATEGORIES),
    purpose: fc.constantFrom(...PURPOSES),
    direction: fc.constantFrom(...DIRECTIONS),
    requestingCountry: fc.constantFrom(...COUNTRIES),
    at: fc.integer({ min: -60, max: 60 }).map((d) => new Date(NOW + d * DAY).toISOString()),
    protectedFromCountries: fc.subarray([...COUNTRIES]),
  },
  { requiredKeys: ['partnerId', 'dataCategory', 'purpose', 'direction', 'requestingCountry'] },
) as fc.Arbitrary<AccessCheckRequest>;
const caseArbitrary = fc.tuple(requestArbitrary, fc.option(agreementArbitrary, { nil: undefined, freq: 8 }));

const inside = (request: AccessCheckRequest, agreement: AgreementForAccess) => {
  const at = Date.parse(request.at ?? new Date(NOW).toISOString());
  const { scope } = agreement;
  return {
    active: agreement.status === 'ACTIVE',
    inTerm: at >= Date.parse(agreement.effectiveAt) && at < Date.parse(agreement.expiresAt),
    category: scope.dataCategories.includes(request.dataCategory),
    purpose: scope.purposes.includes(request.purpose),
    direction: scope.direction === 'bidirectional' || scope.direction === request.direction,
    country: !scope.excludedCountries.includes(request.requestingCountry),
    notProtected: !request.protectedFromCountries?.includes(request.requestingCountry),
  };
};

describe('Safeguards as properties of the access check', () => {
  it('never allows outside scope, outside the term, unless ACTIVE, or against refugee protection', () => {
    fc.assert(
      fc.property(caseArbitrary, ([request, agreement]) => {
        const { decision } = decideAccess(request, agreement, new Date(NOW));
        if (decision !== 'ALLOW') return;
        expect(agreement).toBeDefined();
        expect(Object.values(inside(request, agreement!)).every(Boolean)).toBe(true);
      }),
      RUNS,
    );
  });

  it('allows every request that is inside an active agreement and protects nobody from the requester', () => {
    fc.assert(
      fc.property(caseArbitrary, ([request, agreement]) => {
        if (!agreement || !Object.values(inside(request, agreement)).every(Boolean)) return;
        expect(decideAccess(request, agreement, new Date(NOW))).toMatchObject({
          decision: 'ALLOW',
          codes: ['WITHIN_AGREEMENT'],
        });
      }),
      RUNS,
    );
  });

  it('denies against refugee protection whatever the agreement says, and says so with its code', () => {
    fc.assert(
      fc.property(caseArbitrary, ([request, agreement]) => {
        const protectedFromRequester = request.protectedFromCountries?.includes(request.requestingCountry) ?? false;
        const { decision, codes } = decideAccess(request, agreement, new Date(NOW));
        expect(codes.includes('REFUGEE_PROTECTION')).toBe(protectedFromRequester);
        if (protectedFromRequester) expect(decision).toBe('DENY');
      }),
      RUNS,
    );
  });

  it('gives every decision codes from the closed list, one per distinct reason, and a reason for each', () => {
    fc.assert(
      fc.property(caseArbitrary, ([request, agreement]) => {
        const { decision, codes, reasons } = decideAccess(request, agreement, new Date(NOW));
        expect(codes.length).toBeGreaterThan(0);
        expect(codes.every((code) => (DECISION_CODES as readonly string[]).includes(code))).toBe(true);
        expect(new Set(codes).size).toBe(codes.length);
        expect(reasons.length).toBeGreaterThanOrEqual(codes.length);
        expect(codes.includes('WITHIN_AGREEMENT')).toBe(decision === 'ALLOW');
        if (!agreement) expect(codes).toContain('NO_ACTIVE_AGREEMENT');
        if (agreement && agreement.status !== 'ACTIVE') expect(codes).not.toContain('WITHIN_AGREEMENT');
      }),
      RUNS,
    );
  });
});
