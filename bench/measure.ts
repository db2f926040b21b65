// Small measuring helpers shared by the benchmarks.
import { readFileSync } from 'node:fs';
export interface Result {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  note?: string;
}

export async function timeEach(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * Times several ways of doing the same thing against each other: warmed up first, then one of each per round in a
 * rotating order, so drift in the machine (JIT, GC, the database's caches) falls on all of them alike.
 */
export async function timeInterleaved<K extends string>(
  runs: number,
  fns: Record<K, () => Promise<unknown>>,
  warmup = 50,
): Promise<Record<K, number[]>> {
  const names = Object.keys(fns) as K[];
  for (let i = 0; i < warmup; i++) for (const name of names) await fns[name]();
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const start = performance.now();
      await fns[name]();
      times[name].push(performance.now() - start);
    }
  }
  return times;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function result(name: string, value: number, unit: string, baseline: number, note?: string): Result {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: round(value / baseline),
    ...(note ? { note } : {}),
  };
}

export function print(results: Result[]) {
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    console.log(
      `${r.name.padEnd(width)}  ${String(r.value).padStart(10)} ${r.unit.padEnd(6)} ` +
        `baseline ${String(r.baseline).padStart(10)}  ratio ${r.ratio}${r.note ? `  (${r.note})` : ''}`,
    );
  }
}

/**
 * This process's peak resident set, in MB: the kernel's high-water mark of its own memory (VmHWM). Not getrusage's
 * maxRSS, which Linux carries from a parent into the child it forks, so a small child would report a big parent.
 */
export function ownPeakRssMb(): number {
  const kb = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m)?.[1];
  if (!kb) throw new Error('no VmHWM in /proc/self/status (the memory benchmarks need Linux)');
  return Number(kb) / 1024;
}
