// A synthetic sanctions list shaped like OpenSanctions' default collection: 62% people, 35% companies, 3% vessels;
// names drawn from large generated pools (so tokens are as varied and as skewed as real ones), a third of entries
// with aliases: other spellings, other word orders, and renderings in seven other scripts. Deterministic by seed.
// Planted queries are realistic variants of listed names; the others are names of companies not on the list.
import type { ListEntry } from '../functions/domain/screening.js';

export function rng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const ONSETS = ['', 'b', 'ch', 'd', 'f', 'g', 'h', 'k', 'kh', 'l', 'm', 'n', 'p', 'r', 's', 'sh', 't', 'v', 'z', 'zh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ia', 'ou', 'y'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'm', 'k', 'v', 'd', 't'];

function word(r: () => number, syllables: number): string {
  let text = '';
  for (let i = 0; i < syllables; i++)
    text +=
      ONSETS[Math.floor(r() * ONSETS.length)] +
      VOWELS[Math.floor(r() * VOWELS.length)] +
      CODAS[Math.floor(r() * CODAS.length)];
  return text[0].toUpperCase() + text.slice(1);
}

function pool(seed: number, size: number, syllables: [number, number], suffixes: string[] = ['']): string[] {
  const r = rng(seed);
  return Array.from(
    { length: size },
    () =>
      word(r, syllables[0] + Math.floor(r() * (syllables[1] - syllables[0] + 1))) +
      suffixes[Math.floor(r() * suffixes.length)],
  );
}

/** Zipf-like choice: a few items very often, most rarely, as names are. */
function skewed<T>(r: () => number, items: T[]): T {
  return items[Math.floor(items.length * r() ** 2.5)];
}

const FIRST = pool(11, 3_000, [1, 3]);
const LAST = pool(12, 60_000, [2, 4], ['', '', 'ov', 'ova', 'enko', 'ian', 'i', 'son', 'ez', 'stein']);
const COMPANY_WORDS = pool(13, 40_000, [2, 3]);
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
  'Bank',
  'Group',
  'Aviation',
  'Telecom',
  'Chemicals',
];
const FORMS = ['LLC', 'Ltd', 'OOO', 'AO', 'JSC', 'GmbH', 'S.A.', 'FZE', 'FZCO', 'Co., Ltd.', 'B.V.', 'SARL', 'PJSC'];

// Latin letters to other scripts, letter by letter: enough to give aliases the characters real lists carry
const SCRIPTS: Record<string, string> = {
  cyrillic: 'абцдефгхийклмнопкрстувwксыз',
  greek: 'αβκδεφγηιξκλμνοπκρστυβωξυζ',
  arabic: 'ابكدیفغهيجكلمنوپقرستووكسيز',
  hebrew: 'אבצדאפגהיגכלמנופקרסטובווסיז',
  georgian: 'აბცდეფგჰიჯკლმნოპქრსტუვწხყზ',
  armenian: 'աբցդեֆգհիջկլմնոպքրստուվւխյզ',
};
const HAN =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

function inScript(name: string, script: string): string {
  const letters = SCRIPTS[script];
  return [...name.toLowerCase()].map((c) => (c >= 'a' && c <= 'z' ? letters[c.charCodeAt(0) - 97] : c)).join('');
}

/** Another spelling of the same name, as transliterations and clerks produce. */
function respelled(r: () => number, name: string): string {
  const swaps: [RegExp, string][] = [
    [/y/g, 'i'],
    [/i/g, 'y'],
    [/kh/g, 'h'],
    [/ou/g, 'u'],
    [/v\b/g, 'ff'],
    [/sh/g, 'sch'],
    [/zh/g, 'j'],
    [/ai/g, 'ay'],
  ];
  const [pattern, replacement] = swaps[Math.floor(r() * swaps.length)];
  return name.replace(pattern, replacement);
}

export function syntheticList(size: number, seed = 42): ListEntry[] {
  const r = rng(seed);
  const entries: ListEntry[] = [];
  for (let i = 0; i < size; i++) {
    const kind = r();
    let name: string;
    let schema: string;
    const aliases: string[] = [];
    if (kind < 0.62) {
      schema = 'Person';
      if (r() < 0.05) {
        name = Array.from({ length: 2 + Math.floor(r() * 2) }, () => HAN[Math.floor(r() * HAN.length)]).join('');
      } else {
        const first = skewed(r, FIRST);
        const middle = r() < 0.4 ? ` ${skewed(r, FIRST)}${r() < 0.5 ? 'ovich' : ''}` : '';
        const last = skewed(r, LAST);
        name = `${first}${middle} ${last}`;
        if (r() < 0.3) aliases.push(`${last} ${first}`);
      }
    } else if (kind < 0.97) {
      schema = 'Company';
      const words = Array.from({ length: 1 + Math.floor(r() * 2) }, () => skewed(r, COMPANY_WORDS)).join(' ');
      name = `${words} ${TRADE[Math.floor(r() * TRADE.length)]} ${FORMS[Math.floor(r() * FORMS.length)]}`;
      if (r() < 0.2) aliases.push(`${FORMS[Math.floor(r() * FORMS.length)]} ${words}`);
    } else {
      schema = 'Vessel';
      name = `${skewed(r, COMPANY_WORDS)} ${skewed(r, COMPANY_WORDS)}`;
    }
    if (r() < 0.25) aliases.push(respelled(r, name));
    if (r() < 0.15) {
      const scripts = Object.keys(SCRIPTS);
      aliases.push(inScript(name, scripts[Math.floor(r() * scripts.length)]));
    }
    entries.push({
      id: `NK-${i.toString(36)}`,
      schema,
      name,
      aliases: [...new Set(aliases)].filter((a) => a !== name),
      countries: [],
      identifiers: r() < 0.1 ? [`REG${i}`] : [],
      datasets: ['synthetic'],
    });
  }
  return entries;
}

export interface Query {
  name: string;
  /** The listed entry the query is a variant of. */
  target?: string;
}

const VARIANTS: ((r: () => number, name: string) => string)[] = [
  (_r, name) => name.replace(/[aeiou](?=[a-z])/, ''), // a dropped letter
  (r, name) => {
    const at = 1 + Math.floor(r() * (name.length - 3));
    return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2); // two letters swapped
  },
  (r, name) => respelled(r, name),
  (_r, name) => name.split(' ').reverse().join(' '), // another word order
  (_r, name) => name.toUpperCase(),
  (_r, name) => `${name} Ltd`, // a legal form added
];

/** Half planted variants of listed names, half names not on the list. */
export function syntheticQueries(list: ListEntry[], count: number, seed = 7): Query[] {
  const r = rng(seed);
  const outsiders = pool(99, count, [2, 3]);
  return Array.from({ length: count }, (_, i) => {
    if (i % 2 === 1)
      return { name: `${outsiders[i]} ${['Telekom', 'Cloud', 'Mobil', 'Networks'][i % 4]} ${FORMS[i % FORMS.length]}` };
    let entry = list[Math.floor(r() * list.length)];
    while (!/^[A-Za-z]/.test(entry.name)) entry = list[Math.floor(r() * list.length)];
    return { name: VARIANTS[(i / 2) % VARIANTS.length](r, entry.name), target: entry.id };
  });
}

/** The list as OpenSanctions' targets.simple.csv, as the index-list function reads it. */
export function toTargetsCsv(list: ListEntry[]): string {
  const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const header =
    'id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,dataset,' +
    'first_seen,last_seen,last_change';
  const rows = list.map((e) =>
    [
      e.id,
      e.schema,
      cell(e.name),
      cell(e.aliases.join(';')),
      '',
      '',
      '',
      e.identifiers.join(';'),
      '',
      '',
      '',
      e.datasets.join(';'),
      '2026-01-01',
      '2026-11-01',
      '2026-11-01',
    ].join(','),
  );
  return `${header}\n${rows.join('\n')}\n`;
}
