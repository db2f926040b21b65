// Peak memory of a warm function rebuilding its screening index when the list changes (the vet, API and jobs
// functions hold one): a list of N rows is loaded, a changed list of N rows replaces it. Each measurement runs in
// its own process with the heap limit the stack gives those functions, so its peak RSS is what Lambda would see;
// the baseline is a process that loads the same code and no list.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screeningIndexFromFile } from '../functions/adapters/screening-source.js';
import { heapLimitMb } from '../infra/liaison-function.js';
import { SCREENING_MEMORY_MB } from '../infra/liaison-stack.js';
import { ownPeakRssMb, result, type Result } from './measure.js';
import { generatedList, toCsv } from './screening-speed.js';

function child(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-list-'));
  const path = join(dir, 'targets.simple.csv');
  try {
    if (rows > 0) {
      writeFileSync(path, toCsv(generatedList(rows, 1)));
      screeningIndexFromFile(path).screen('warm up');
      writeFileSync(path, toCsv(generatedList(rows, 2)));
      utimesSync(path, new Date(), new Date(Date.now() + 5_000));
      screeningIndexFromFile(path).screen('after the change');
    }
    return ownPeakRssMb();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function peakRssMb(rows: number): number {
  const heap = `--max-old-space-size=${heapLimitMb(SCREENING_MEMORY_MB)}`;
  const run = spawnSync(process.execPath, [heap, '--import', 'tsx', import.meta.filename, 'child', String(rows)], {
    encoding: 'utf8',
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  const peak = Number(line);
  if (!Number.isFinite(peak)) throw new Error(`memory child failed: ${run.stderr || run.stdout}`);
  return peak;
}

export function screeningMemory(sizes = [100_000, 200_000]): Result[] {
  const idle = peakRssMb(0);
  return sizes.map((rows) => {
    const peak = peakRssMb(rows);
    return result(
      `screening list rebuild, ${rows / 1000}k rows: peak RSS of a warm function`,
      peak,
      'MB',
      idle,
      `baseline: the same code, no list; function memory ${SCREENING_MEMORY_MB} MB, ` +
        `heap limit ${heapLimitMb(SCREENING_MEMORY_MB)} MB: ${Math.round((peak / SCREENING_MEMORY_MB) * 100)}% used`,
    );
  });
}

if (process.argv[2] === 'child') console.log(child(Number(process.argv[3])));
else if (process.argv[1]?.endsWith('screening-memory.ts')) {
  for (const r of screeningMemory()) console.log(r);
}
