// The transparency report over a generated history with known counts: every cell compared with a count made
// independently, small counts published as "1-4", and the report's hash that of its CSV.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReportInputs, published, transparencyReport } from '../../functions/domain/transparency.js';

const period = { from: '2026-07-01', to: '2026-09-30' };
const inPeriod = fc.integer({ min: Date.parse('2026-07-01T00:00:00Z'), max: Date.parse('2026-09-30T23:59:59Z') });
const outside = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-06-30T23:59:59Z') }),
  fc.integer({ min: Date.parse('2026-10-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }),
);
const iso = (t: number) => new Date(t).toISOString();
const decision = (at: fc.Arbitrary<number>) =>
  fc.record({
    at: at.map(iso),
    requestingCountry: fc.constantFrom('FR', 'DE', 'NG'),
    dataCategory: fc.constantFrom('traffic', 'subscriber'),
    purpose: fc.constantFrom('cybercrime', 'terrorism'),
    decision: fc.constantFrom('ALLOW', 'DENY'),
    codes: fc.subarray(['PURPOSE_OUTSIDE_SCOPE', 'EXPIRED', 'REFUGEE_PROTECTION'], { minLength: 1 }),
  });

/** Counts by hand: how many items have exactly these values. */
const countWhere = <T>(items: T[], where: Record<string, string>) =>
  items.filter((item) => Object.entries(where).every(([k, v]) => item[k as keyof T] === v)).length;

describe('The transparency report', () => {
  it('counts every cell of a generated history as an independent count does, small counts as "1-4"', () => {
    fc.assert(
      fc.property(
        fc.array(decision(inPeriod), { maxLength: 300 }),
        fc.array(decision(outside), { maxLength: 50 }),
        (inside, before) => {
          const decisions = inside.map((d) => (d.decision === 'ALLOW' ? { ...d, codes: ['WITHIN_AGREEMENT'] } : d));
          const { report } = transparencyReport({
            period,
            decisions: [...decisions, ...before],
            agreements: [],
            onboardings: [],
            gateDecisions: [],
          });
          let total = 0;
          for (const row of report.accessDecisions) {
            const { count, ...cell } = row;
            const expected = countWhere(decisions, cell);
            expect(count).toEqual(published(expected));
            total += expected;
          }
          expect(total).toBe(decisions.length); // no decision of the period left out, none from outside it
          let monthly = 0;
          for (const { count, month, ...cell } of report.accessDecisionsByMonth) {
            const expected = countWhere(
              decisions.filter((d) => d.at.startsWith(month)),
              cell,
            );
            expect(count).toEqual(published(expected));
            monthly += expected;
          }
          expect(monthly).toBe(decisions.length);
          const denied = decisions.filter((d) => d.decision === 'DENY');
          for (const { code, count } of report.denyReasons)
            expect(count).toEqual(published(denied.filter((d) => d.codes.includes(code)).length));
          expect(report.denyReasons.length).toBe(new Set(denied.flatMap((d) => d.codes)).size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts agreements in force during the period, onboardings by outcome, vetting, reviews and changes', () => {
    const day = (d: string) => `${d}T12:00:00.000Z`;
    const inputs: ReportInputs = {
      period,
      decisions: [],
      agreements: [
        // in force all along
        ...Array.from({ length: 6 }, () => ({
          sector: 'telecom',
          country: 'DE',
          events: [{ at: day('2026-01-10'), event: 'ACTIVE' }],
        })),
        // began during the period, suspended in it
        {
          sector: 'isp',
          country: 'SE',
          events: [
            { at: day('2026-08-01'), event: 'ACTIVE' },
            { at: day('2026-08-15'), event: 'AGREEMENT_SUSPENDED' },
          ],
        },
        // revoked before the period: not in force; began after it: not in force
        {
          sector: 'isp',
          country: 'SE',
          events: [
            { at: day('2026-02-01'), event: 'ACTIVE' },
            { at: day('2026-03-01'), event: 'AGREEMENT_REVOKED' },
          ],
        },
        { sector: 'bank', country: 'FR', events: [{ at: day('2026-11-01'), event: 'ACTIVE' }] },
      ],
      onboardings: [
        ...Array.from({ length: 5 }, () => ({
          createdAt: day('2026-07-05'),
          status: 'ACTIVE',
          vettingOutcome: 'CLEAR',
        })),
        { createdAt: day('2026-07-06'), status: 'REJECTED', vettingOutcome: 'FAIL' },
        { createdAt: day('2026-07-07'), status: 'IN_REVIEW', vettingOutcome: 'REVIEW' },
        { createdAt: day('2026-05-01'), status: 'ACTIVE', vettingOutcome: 'CLEAR' },
      ],
      gateDecisions: [
        { at: day('2026-07-08'), gate: 'data-protection', decision: 'approve' },
        { at: day('2026-04-08'), gate: 'data-protection', decision: 'approve' },
      ],
    };
    const { report, csv, sha256 } = transparencyReport(inputs);
    expect(report.agreementsInForce).toEqual([
      { sector: 'isp', country: 'SE', count: '1-4' },
      { sector: 'telecom', country: 'DE', count: 6 },
    ]);
    expect(report.onboardings).toEqual([
      { outcome: 'ACTIVE', count: 5 },
      { outcome: 'IN_PROGRESS', count: '1-4' },
      { outcome: 'REJECTED', count: '1-4' },
    ]);
    expect(report.vettingOutcomes).toEqual([
      { outcome: 'CLEAR', count: 5 },
      { outcome: 'FAIL', count: '1-4' },
      { outcome: 'REVIEW', count: '1-4' },
    ]);
    expect(report.reviewDecisions).toEqual([{ gate: 'data-protection', decision: 'approve', count: '1-4' }]);
    expect(report.agreementChanges).toEqual([{ event: 'AGREEMENT_SUSPENDED', count: '1-4' }]);

    expect(sha256).toBe(createHash('sha256').update(csv).digest('hex'));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'section,from,to,requestingCountry,dataCategory,purpose,decision,code,sector,country,outcome,gate,event,' +
        'month,count',
    );
    expect(lines[1]).toBe('period,2026-07-01,2026-09-30,,,,,,,,,,,,');
    expect(lines).toContain('agreementsInForce,,,,,,,,telecom,DE,,,,,6');
    expect(lines).toContain('onboardings,,,,,,,,,,ACTIVE,,,,5');
  });
});
