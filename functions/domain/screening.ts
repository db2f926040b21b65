// Name screening against a sanctions / watch list: normalise names and score their similarity.
// Pure: the list arrives parsed (see sanctions-list.ts) and is indexed in screening-index.ts.
import { distance } from 'fastest-levenshtein';
import { createRequire } from 'node:module';

export interface ListEntry {
  id: string;
  schema: string;
  name: string;
  aliases: string[];
  countries: string[];
  identifiers: string[];
  datasets: string[];
}

export interface ListVersion {
  sha256: string;
  rows: number;
  source: string;
  /** Set when this is not a real screening list (none is indexed yet): why vetting cannot clear. */
  provisional?: string;
}

export interface ScreeningHit {
  entityId: string;
  name: string;
  score: number;
  datasets: string[];
  explanation: string;
}

/**
 * The matching rules' edition: changed whenever normalisation or scoring changes, so partners are screened again in
 * full (a list change alone needs only its changed entries compared).
 */
export const MATCHING_RULES = '2026-11-24';

/** Score at or above which a name is a hit (sends an onboarding to review). */
export const HIT_THRESHOLD = 0.84;

// Legal forms carry no identity: "Acme LLC" and "ACME Ltd." are the same name for screening.
const LEGAL_FORMS = new Set([
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'sa',
  'sarl',
  'srl',
  'bv',
  'nv',
  'fze',
  'fzco',
  'fzc',
  'fzllc',
  'co',
  'jsc',
  'pjsc',
  'ojsc',
  'cjsc',
  'doo',
  'as',
  'ooo',
  'ao',
  'pao',
  'zao',
  'oao',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'plc',
  'ag',
  'kg',
  'spa',
  'sas',
  'oy',
  'ab',
  'lp',
  'llp',
  'company',
  'kft',
  'sp',
  'zoo',
  'sro',
  'as',
  'aps',
  'pte',
  'pty',
  'bhd',
  'sdn',
]);
const LEGAL_PHRASES = [
  'limited liability company',
  'joint stock company',
  'public joint stock company',
  'closed joint stock company',
  'obshchestvo s ogranichennoy otvetstvennostyu',
  'obshchestvo s ogranichennoi otvetstvennostiu',
  'aktsionernoe obshchestvo',
  'publichnoe aktsionernoe obshchestvo',
  'free zone establishment',
  'free zone company',
  'gesellschaft mit beschrankter haftung',
  'societe a responsabilite limitee',
  'societa a responsabilita limitata',
  'besloten vennootschap',
  'anonim sirketi',
  'drustvo s ogranicenom odgovornoscu',
  'societatea cu raspundere limitata',
  'aktiengesellschaft',
  'aktiengeselschaft',
  'naamloze vennootschap',
  'sociedad anonima',
  'sociedade anonima',
  'societe anonyme',
  'public limited company',
  'private limited company',
  'limited partnership',
  'aktsionernoe obshchestvo',
  'obshchestvo',
];
// Romanisations of the same Cyrillic letters differ (Sergey/Sergei, Yuri/Iuri, Khodorkovsky/Hodorkovsky,
// Khrushchev/Khruschev): fold them to one spelling on both sides before comparing.
const foldTransliteration = (token: string) => token.replace(/shch/g, 'sch').replace(/kh/g, 'h').replace(/y/g, 'i');

const GLUED_LEGAL_FORMS = ['gmbh', 'llc', 'ltd', 'inc', 'plc', 'ag'];
// Titles and honorifics say nothing about who a person is.
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'sir',
  'madam',
  'monsieur',
  'madame',
  'herr',
  'frau',
  'president',
  'prasident',
  'presidente',
  'minister',
  'general',
  'colonel',
  'haji',
  'hajji',
  'sheikh',
  'shaikh',
  'sayyid',
  'mullah',
  'imam',
  'his',
  'her',
  'excellency',
]);
// Words many unrelated companies share: they count for little when comparing names.
const GENERIC = new Set([
  'the',
  'of',
  'and',
  'de',
  'la',
  'le',
  'del',
  'der',
  'und',
  'et',
  'y',
  'group',
  'holding',
  'holdings',
  'international',
  'intl',
  'trading',
  'services',
  'service',
  'bank',
  'national',
  'global',
  'industries',
  'industrial',
  'solutions',
  'technologies',
  'technology',
  'systems',
  'enterprises',
  'partners',
  'capital',
  'investment',
  'investments',
  'management',
  'development',
  'consulting',
  'shipping',
  'logistics',
  'energy',
  'telecom',
  'media',
  'network',
  'networks',
  'data',
  'hosting',
  'finance',
  'financial',
  'corporation',
  'company',
  'plant',
  'factory',
  'state',
  'united',
  'first',
]);

// any-ascii's transliteration table is half a megabyte: it travels beside the bundle (infra/liaison-function.ts) and
// is loaded for the first name with a letter outside ASCII, so a function that never meets one never parses it
const TRANSLITERATION = 'any-ascii';
let anyAscii: ((text: string) => string) | undefined;
const NOT_ASCII = /[\u0080-\uffff]/;

/** The name in ASCII letters: Cyrillic, Arabic, Han and the rest in their usual romanisation. */
function transliterated(name: string): string {
  if (!NOT_ASCII.test(name)) return name;
  anyAscii ??= (createRequire(import.meta.url)(TRANSLITERATION) as { default: (text: string) => string }).default;
  return anyAscii(name);
}

/** Lower-case ASCII tokens with punctuation, quotes and legal forms removed. */
export function nameTokens(name: string): string[] {
  let s = ` ${transliterated(name)
    .toLowerCase()
    .replace(/['’`"«»„“”]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')} `;
  for (const phrase of LEGAL_PHRASES) s = s.split(` ${phrase} `).join(' ');
  // dotted abbreviations such as "s. a." or "d. o. o." have been split into letters: rejoin runs of single letters
  const raw = s.trim().split(/\s+/).filter(Boolean);
  const merged: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i].length === 1) {
      let run = raw[i];
      while (i + 1 < raw.length && raw[i + 1].length === 1) run += raw[++i];
      merged.push(run);
    } else merged.push(raw[i]);
  }
  // a legal form glued to the name ("SiemensAG", "AcmeLtd")
  const unglued = merged.flatMap((t) => {
    const suffix = GLUED_LEGAL_FORMS.find((f) => t.endsWith(f) && t.length - f.length >= 4);
    return suffix ? [t.slice(0, -suffix.length), suffix] : [t];
  });
  const kept = unglued.filter((t) => !LEGAL_FORMS.has(t) && !HONORIFICS.has(t));
  return (kept.length > 0 ? kept : unglued).map(foldTransliteration);
}

/** Edit-distance similarity of two strings, 0 to 1. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

interface Scored {
  score: number;
  how: string;
}

/** How much a token counts when comparing names: generic words a quarter, short ones as three letters. */
export const tokenWeight = (token: string) => (GENERIC.has(token) ? 0.25 : 1) * Math.max(token.length, 3);

/** Two tokens at least this similar can be aligned with each other. */
export const SIMILAR_TOKEN = 0.75;

/** Two tokens: edit-distance similarity, or an initial against a word that starts with it. */
export function tokenSimilarity(a: string, b: string): number {
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 0.85 : 0;
  return similarity(a, b);
}

/** One-to-one alignment of the shorter name's tokens onto the longer's, best pairs first. */
function align(short: string[], long: string[]) {
  const pairs: { i: number; j: number; s: number }[] = [];
  short.forEach((a, i) => {
    long.forEach((b, j) => {
      const s = tokenSimilarity(a, b);
      if (s >= SIMILAR_TOKEN) pairs.push({ i, j, s });
    });
  });
  pairs.sort((x, y) => y.s - x.s);
  const usedShort = new Set<number>();
  const usedLong = new Set<number>();
  let shortCovered = 0;
  let longCovered = 0;
  for (const { i, j, s } of pairs) {
    if (usedShort.has(i) || usedLong.has(j)) continue;
    usedShort.add(i);
    usedLong.add(j);
    shortCovered += s * tokenWeight(short[i]);
    longCovered += s * tokenWeight(long[j]);
  }
  const total = (tokens: string[]) => tokens.reduce((sum, t) => sum + tokenWeight(t), 0);
  return {
    allShortMatched: usedShort.size === short.length,
    short: shortCovered / total(short),
    long: longCovered / total(long),
  };
}

/**
 * Similarity of two token lists: the best of joined (spacing-insensitive), sorted (word-order-insensitive)
 * and aligned.
 */
export function compareTokens(query: string[], candidate: string[]): Scored {
  const joined = similarity(query.join(''), candidate.join(''));
  const sorted = similarity([...query].sort().join(''), [...candidate].sort().join(''));
  const [short, long] = query.length <= candidate.length ? [query, candidate] : [candidate, query];
  const coverage = align(short, long);
  // every word of the shorter name found in the longer one (middle names, patronymics, initials)
  const distinctive = short.some((t) => !GENERIC.has(t) && t.length >= 4);
  const aligned =
    coverage.allShortMatched && distinctive
      ? 0.65 * coverage.short + 0.35 * coverage.long
      : 0.5 * (coverage.short + coverage.long) * 0.9;
  if (joined >= sorted && joined >= aligned)
    return { score: joined, how: joined === 1 ? 'identical after normalisation' : 'near-identical spelling' };
  if (sorted >= aligned) return { score: sorted, how: 'same words in another order' };
  return {
    score: aligned,
    how:
      coverage.allShortMatched && short.length < long.length
        ? 'every word of the shorter name matches'
        : 'matching words',
  };
}
