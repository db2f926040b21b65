// Screening quality held in place: a labelled evaluation set of spelling variants and hard
// negatives, and OpenSanctions' name-bench side by side with their reference matcher logic-v2.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nameBench } from '../../bench/name-bench.js';
import { ScreeningIndex } from '../../functions/domain/screening-index.js';

const cases = parse(readFileSync(new URL('./screening-evaluation.csv', import.meta.url), 'utf8'), {
  columns: true,
}) as { kind: string; listed: string; query: string; expected: string }[];
const hits = (listed: string, query: string) =>
  ScreeningIndex.fromEntries(
    [{ id: 'e', schema: 'LegalEntity', name: listed, aliases: [], countries: [], identifiers: [], datasets: [] }],
    { sha256: '', rows: 1, source: 'eval' },
  ).screen(query).length > 0;

describe('Screening evaluation set', () => {
  const positives = cases.filter((c) => c.expected === 'match');
  const negatives = cases.filter((c) => c.expected === 'no');

  it.each(positives.map((c) => [c.kind, c.query, c.listed]))('finds a %s: "%s" ~ "%s"', (_kind, query, listed) => {
    expect(hits(listed, query)).toBe(true);
  });

  it.each(negatives.map((c) => [c.kind, c.query, c.listed]))(
    'does not flag a %s: "%s" vs "%s"',
    (_kind, query, listed) => {
      expect(hits(listed, query)).toBe(false);
    },
  );

  const counts = `${positives.length} positives, ${negatives.length} hard negatives`;
  it(`keeps recall at 100% and false alarms at 0% (${counts})`, () => {
    const recall = positives.filter((c) => hits(c.listed, c.query)).length / positives.length;
    const falseAlarms = negatives.filter((c) => hits(c.listed, c.query)).length / negatives.length;
    expect({ recall, falseAlarms }).toEqual({ recall: 1, falseAlarms: 0 });
  });
});

describe('name-bench against logic-v2', () => {
  const results = Object.fromEntries(nameBench().map((r) => [r.slice, r]));
  it('has a higher F1 than logic-v2 overall and on companies', () => {
    expect(results.overall.liaison.f1).toBeGreaterThan(results.overall.logicV2.f1);
    expect(results['companies/organisations'].liaison.f1).toBeGreaterThan(
      results['companies/organisations'].logicV2.f1,
    );
  });
  it('keeps its precision at least as high as logic-v2 overall', () => {
    expect(results.overall.liaison.precision).toBeGreaterThanOrEqual(results.overall.logicV2.precision);
  });
});
