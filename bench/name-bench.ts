// `npm run bench:names`: Liaison's screening on OpenSanctions' labelled name pairs (name-bench),
// side by side with their reference matcher logic-v2, computed from its frozen scores in the same run.
// Each pair: name2 is put on a one-entity list with its schema, name1 is screened; a hit on it is
// a predicted match. Figures are on the cases logic-v2 scored, so both are judged on the same pairs.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScreeningIndex } from '../functions/domain/screening-index.js';

const DIR = process.env.NAME_BENCH_DIR ?? join(import.meta.dirname, '..', 'data', 'name-bench');
type Row = Record<string, string>;
const read = (file: string): Row[] =>
  parse(readFileSync(join(DIR, file), 'utf8'), { columns: true, skip_empty_lines: true });

const frozen = read('logicv2-frozen.csv');
const LLM = 'LLM-proposed deviation';
const COMPANY_LIKE = new Set(['Company', 'Organization', 'LegalEntity']);

interface Judged {
  schema: string;
  category: string;
  truth: boolean;
  predicted: boolean;
}

export function liaisonPredicts(schema: string, name1: string, name2: string): boolean {
  const index = ScreeningIndex.fromEntries(
    [{ id: 'x', schema, name: name2, aliases: [], countries: [], identifiers: [], datasets: [] }],
    { sha256: '', rows: 1, source: 'bench' },
  );
  return index.screen(name1, schema).some((h) => h.entityId === 'x');
}

function score(rows: Judged[]) {
  const tp = rows.filter((r) => r.truth && r.predicted).length;
  const fp = rows.filter((r) => !r.truth && r.predicted).length;
  const fn = rows.filter((r) => r.truth && !r.predicted).length;
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { n: rows.length, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

const ours: Judged[] = frozen.map((r) => ({
  schema: r.schema,
  category: r.category,
  truth: r.is_match === 'true',
  predicted: liaisonPredicts(r.schema, r.name1, r.name2),
}));
const theirs: Judged[] = frozen.map((r) => ({
  schema: r.schema,
  category: r.category,
  truth: r.is_match === 'true',
  predicted: r.predicted_match === 'true',
}));

const slices: [string, (r: Judged) => boolean][] = [
  ['overall', () => true],
  ['companies/organisations', (r) => COMPANY_LIKE.has(r.schema)],
  ['persons', (r) => r.schema === 'Person'],
  ['outside LLM-proposed', (r) => r.category !== LLM],
];

export function nameBench() {
  return slices.map(([name, keep]) => ({
    slice: name,
    liaison: score(ours.filter(keep)),
    logicV2: score(theirs.filter(keep)),
  }));
}

if (process.argv[1]?.endsWith('name-bench.ts')) {
  const f = (x: number) => x.toFixed(3);
  console.log(`name-bench: ${frozen.length} scored pairs (logic-v2 at threshold 0.7, from its frozen scores)\n`);
  console.log('slice                      n     Liaison P / R / F1        logic-v2 P / R / F1      F1 ratio');
  for (const { slice, liaison, logicV2 } of nameBench()) {
    console.log(
      `${slice.padEnd(24)} ${String(liaison.n).padStart(4)}   ` +
        `${f(liaison.precision)} / ${f(liaison.recall)} / ${f(liaison.f1)}     ` +
        `${f(logicV2.precision)} / ${f(logicV2.recall)} / ${f(logicV2.f1)}     ${f(liaison.f1 / logicV2.f1)}`,
    );
  }
  if (process.env.SHOW_ERRORS) {
    frozen.forEach((r, i) => {
      if (ours[i].predicted !== ours[i].truth)
        console.log(`${ours[i].truth ? 'MISS' : 'FALSE'} ${r.schema} | ${r.name1} | ${r.name2} | ${r.category}`);
    });
  }
}
