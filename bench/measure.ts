// Small measuring helpers shared by the benchmarks.
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
