// Screening at the size of OpenSanctions' default collection: a synthetic list of 1,000,000 entries (see
// synthetic-list.ts). Three processes, as on AWS:
// - the builder (the index-list function, at its memory's heap limit) parses the CSV, indexes it, writes the binary;
// - a cold function opens the binary and answers its first screening: wall time, CPU time, and the CPU time scaled
//   to the share of a vCPU the configured memory buys (Lambda gives a full vCPU at 1,769 MB);
// - the same function then screens 400 names (median, p99) and, as the baseline, compares a few of them with every
//   listed name; the planted variants found are counted against those the exhaustive comparison finds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTargetsSimpleCsv } from '../functions/domain/sanctions-list.js';
import { ScreeningIndex } from '../functions/domain/screening-index.js';
import { INDEXING_MEMORY_MB, SCREENING_MEMORY_MB } from '../infra/liaison-stack.js';
import { heapLimitMb } from '../infra/liaison-function.js';
import { median, ownPeakRssMb, result, type Result } from './measure.js';
import { type Query, syntheticList, syntheticQueries, toTargetsCsv } from './synthetic-list.js';

const FULL_VCPU_MB = 1_769;
const QUERIES = 400;
const EXHAUSTIVE_QUERIES = 3;
type Planted = Query & { targetEntry?: ReturnType<typeof syntheticList>[number] };

function build(rows: number, dir: string) {
  const list = syntheticList(rows);
  const csv = toTargetsCsv(list);
  const start = performance.now();
  const parsed = parseTargetsSimpleCsv(csv, 'synthetic');
  const index = ScreeningIndex.fromEntries(parsed.entries, parsed.version);
  writeFileSync(join(dir, 'index.bin'), index.toBytes());
  const buildMs = performance.now() - start;
  const queries: Planted[] = syntheticQueries(list, QUERIES).map((q) => ({
    ...q,
    targetEntry: q.target ? list.find((e) => e.id === q.target) : undefined,
  }));
  writeFileSync(join(dir, 'queries.json'), JSON.stringify(queries));
  return { buildMs, peakMb: ownPeakRssMb() };
}

function cold(dir: string) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const queries = JSON.parse(readFileSync(join(dir, 'queries.json'), 'utf8')) as Planted[];
  const index = ScreeningIndex.fromBytes(readFileSync(join(dir, 'index.bin')));
  const first = index.screen(queries[0].name);
  const firstMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const firstCpuMs = (used.user + used.system) / 1000;
  const times: number[] = [];
  let planted = 0;
  let found = 0;
  for (const q of queries) {
    const t = performance.now();
    const hits = index.screen(q.name);
    times.push(performance.now() - t);
    if (!q.targetEntry) continue;
    // what comparing with every name would find for this query's target: the target alone as a list
    const exhaustive = ScreeningIndex.fromEntries([q.targetEntry], index.version).screenExhaustively(q.name);
    if (exhaustive.length === 0) continue;
    planted++;
    if (hits.some((h) => h.entityId === q.target)) found++;
  }
  const peakMb = ownPeakRssMb();
  // a warm function that finds a new version opens it before letting the one in use go
  const next = ScreeningIndex.fromBytes(readFileSync(join(dir, 'index.bin')));
  next.screen(queries[1].name);
  const switchPeakMb = ownPeakRssMb();
  const exhaustive: number[] = [];
  for (const q of queries.slice(0, EXHAUSTIVE_QUERIES)) {
    const t = performance.now();
    index.screenExhaustively(q.name);
    exhaustive.push(performance.now() - t);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    firstMs,
    firstCpuMs,
    firstHits: first.length,
    medianMs: median(times),
    p99Ms: sorted[Math.floor(sorted.length * 0.99)],
    exhaustiveMs: median(exhaustive),
    planted,
    found,
    peakMb,
    switchPeakMb,
  };
}

function child<T>(mode: string, dir: string, rows: number, heapMb?: number): T {
  const run = spawnSync(
    process.execPath,
    [
      ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
      '--import',
      'tsx',
      import.meta.filename,
      mode,
      dir,
      String(rows),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`screening ${mode} child failed: ${run.stderr || run.stdout}`);
  }
}

export function screeningScale(rows = 1_000_000): Result[] {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-screening-'));
  try {
    const built = child<ReturnType<typeof build>>('build', dir, rows, heapLimitMb(INDEXING_MEMORY_MB));
    const sizeMb = statSync(join(dir, 'index.bin')).size / 1_048_576;
    const c = child<ReturnType<typeof cold>>('cold', dir, rows, heapLimitMb(SCREENING_MEMORY_MB));
    const share = Math.min(1, SCREENING_MEMORY_MB / FULL_VCPU_MB);
    const scaledCpuMs = c.firstCpuMs / share;
    const label = `screening ${rows / 1_000_000}M entries`;
    return [
      result(
        `${label}: median per name`,
        c.medianMs,
        'ms',
        c.exhaustiveMs,
        `baseline: compare with every name (${EXHAUSTIVE_QUERIES} names); p99 ${c.p99Ms.toFixed(1)} ms over ` +
          `${QUERIES} names; planted variants found ${c.found}/${c.planted} of those the exhaustive comparison finds`,
      ),
      result(`${label}: p99 per name`, c.p99Ms, 'ms', c.exhaustiveMs, 'baseline: the exhaustive comparison’s median'),
      result(
        `${label}: cold function's first screening`,
        c.firstMs,
        'ms',
        built.buildMs,
        `baseline: building the index instead (the index-list job, done once per list version); CPU ` +
          `${c.firstCpuMs.toFixed(0)} ms, ${scaledCpuMs.toFixed(0)} ms at ${SCREENING_MEMORY_MB} MB ` +
          `(${share.toFixed(2)} vCPU); the ${sizeMb.toFixed(0)} MB index download from S3 comes on top`,
      ),
      result(
        `${label}: cold function's peak memory`,
        c.peakMb,
        'MB',
        built.peakMb,
        `baseline: the builder's peak (parsing and indexing the CSV, ${INDEXING_MEMORY_MB} MB function); ` +
          `index file ${sizeMb.toFixed(0)} MB; function memory ${SCREENING_MEMORY_MB} MB`,
      ),
      result(
        `${label}: warm function's peak while opening a new version`,
        c.switchPeakMb,
        'MB',
        c.peakMb,
        'baseline: the cold peak with one version open; the one in use is let go once the new one is open',
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, dir, rows] = process.argv.slice(2);
if (mode === 'build') console.log(JSON.stringify(build(Number(rows), dir)));
else if (mode === 'cold') console.log(JSON.stringify(cold(dir)));
else if (process.argv[1]?.endsWith('screening-scale.ts')) {
  for (const r of screeningScale(Number(process.env.ROWS ?? 1_000_000))) console.log(r);
}
