// Screening speed on a generated list of 20,000 entries: the token-blocking index against comparing
// with every entry, same queries, same run. Also the list's load (parse + index) time and memory.
import type { ListEntry } from '../functions/domain/screening.js';
import { ScreeningIndex } from '../functions/domain/screening-index.js';
import { parseTargetsSimpleCsv } from '../functions/domain/sanctions-list.js';
import { median, result, type Result } from './measure.js';

// a small deterministic PRNG, so every run screens the same list
function rng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}
const FIRST = [
  'Sergei',
  'Ivan',
  'Olga',
  'Anna',
  'Mohammed',
  'Ali',
  'Fatima',
  'Wei',
  'Li',
  'Jin',
  'Maria',
  'Jose',
  'Ahmed',
  'Yusuf',
  'Elena',
  'Dmitry',
  'Pavel',
  'Kim',
  'Hassan',
  'Omar',
  'Nikolai',
  'Viktor',
  'Svetlana',
  'Chen',
  'Hyun',
  'Abdul',
  'Karim',
  'Leila',
  'Igor',
  'Andrei',
];
const LAST = [
  'Petrov',
  'Ivanov',
  'Smirnov',
  'Kuznetsov',
  'Popov',
  'Al-Rashid',
  'Haddad',
  'Khan',
  'Wang',
  'Zhang',
  'Liu',
  'Park',
  'Choi',
  'Garcia',
  'Rodriguez',
  'Hosseini',
  'Rahimi',
  'Volkov',
  'Sokolov',
  'Lebedev',
  'Kozlov',
  'Novak',
  'Horvat',
  'Yilmaz',
  'Demir',
  'Nguyen',
  'Tran',
  'Osman',
  'Abbasi',
  'Karimov',
];
const WORDS = [
  'Golden',
  'Crescent',
  'Northern',
  'Star',
  'Eagle',
  'Ocean',
  'Atlas',
  'Falcon',
  'Silk',
  'Road',
  'Phoenix',
  'Delta',
  'Orion',
  'Vega',
  'Baltic',
  'Caspian',
  'Pacific',
  'Summit',
  'Apex',
  'Nova',
  'Cobalt',
  'Granite',
  'Amber',
  'Zenith',
  'Horizon',
  'Meridian',
  'Sapphire',
  'Titan',
  'Aurora',
  'Polar',
];
const TRADE = [
  'Trading',
  'Shipping',
  'Logistics',
  'Energy',
  'Petroleum',
  'Metals',
  'Holdings',
  'Investments',
  'Technologies',
  'Finance',
  'Exchange',
  'Minerals',
  'Engineering',
  'Industries',
  'Maritime',
];
const FORMS = [
  'LLC',
  'Ltd',
  'OOO',
  'AO',
  'JSC',
  'GmbH',
  'S.A.',
  'FZE',
  'FZCO',
  'Co., Ltd.',
  'B.V.',
  'SARL',
  'd.o.o.',
  'A.Ş.',
];

export function generatedList(size: number, seed = 42): ListEntry[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: size }, (_, i) => {
    const person = r() < 0.5;
    const name = person
      ? `${pick(FIRST)} ${pick(FIRST)}ovich ${pick(LAST)}${i % 7 === 0 ? `-${pick(LAST)}` : ''}`
      : `${pick(WORDS)} ${pick(WORDS)} ${pick(TRADE)} ${pick(FORMS)}`;
    return {
      id: `gen-${i}`,
      schema: person ? 'Person' : 'Company',
      name: `${name} ${i.toString(36)}`,
      aliases: r() < 0.3 ? [`${name.split(' ').reverse().join(' ')}`] : [],
      countries: [],
      identifiers: [],
      datasets: ['generated'],
    };
  });
}

export function queries(list: ListEntry[], count: number, seed = 7): { name: string; target?: string }[] {
  const r = rng(seed);
  const out: { name: string; target?: string }[] = [];
  for (let i = 0; i < count; i++) {
    const entry = list[Math.floor(r() * list.length)];
    // half near-misses of listed names (a dropped letter), half names not on the list
    out.push(
      i % 2 === 0
        ? { name: entry.name.replace(/[aeiou](?=[a-z])/, ''), target: entry.id }
        : {
            name:
              `${['Nordlicht', 'Helvetic', 'Fjord', 'Baltic Link', 'Kernel'][i % 5]} ` +
              `${['Telekom', 'Cloud', 'Mobil', 'Networks'][i % 4]} ${i}`,
          },
    );
  }
  return out;
}

export function toCsv(list: ListEntry[]): string {
  const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    'id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,dataset,' +
      'first_seen,last_seen,last_change',
    ...list.map((e) =>
      [
        e.id,
        e.schema,
        cell(e.name),
        cell(e.aliases.join(';')),
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'generated',
        '',
        '',
        '',
      ].join(','),
    ),
  ].join('\n');
}

export function screeningSpeed(size = 20_000, queryCount = 200): Result[] {
  const list = generatedList(size);
  const csv = toCsv(list);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStart = performance.now();
  const parsed = parseTargetsSimpleCsv(csv, 'generated');
  const index = ScreeningIndex.fromEntries(parsed.entries, parsed.version);
  const loadMs = performance.now() - loadStart;
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;

  const names = queries(list, queryCount);
  const indexed: number[] = [];
  const brute: number[] = [];
  let differing = 0;
  let targetsFound = 0;
  for (const { name, target } of names) {
    let t = performance.now();
    const a = index.screen(name);
    indexed.push(performance.now() - t);
    t = performance.now();
    const b = index.screenExhaustively(name);
    brute.push(performance.now() - t);
    if (JSON.stringify(a) !== JSON.stringify(b)) differing++;
    if (target && a.some((h) => h.entityId === target)) targetsFound++;
  }
  const targets = names.filter((n) => n.target).length;
  return [
    result(
      `screening ${size} entries: median per name (index)`,
      median(indexed),
      'ms',
      median(brute),
      `baseline: compare with every entry; speed-up ${(median(brute) / median(indexed)).toFixed(0)}x; planted ` +
        `targets found ${targetsFound}/${targets}; ` +
        `queries where brute force finds additional hits the index skips: ${differing}/${names.length}`,
    ),
    result(
      `screening ${size} entries: list load (parse + index)`,
      loadMs,
      'ms',
      loadMs,
      'no baseline: absolute figure',
    ),
    result(
      `screening ${size} entries: heap for list + index`,
      heapMb,
      'MiB',
      heapMb,
      global.gc ? 'measured with --expose-gc' : 'approximate (run with --expose-gc for exact)',
    ),
  ];
}

if (process.argv[1]?.endsWith('screening-speed.ts')) {
  for (const r of screeningSpeed())
    console.log(
      `${r.name.padEnd(52)} ${String(r.value).padStart(9)} ${r.unit.padEnd(4)} ` +
        `baseline ${String(r.baseline).padStart(9)}  ratio ${r.ratio}  (${r.note})`,
    );
}
