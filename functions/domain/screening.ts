// Name screening against a sanctions / watch list: normalise, block on token keys, score.
// Pure: the list arrives parsed (see sanctions-list.ts), nothing here reads files.
import anyAscii from 'any-ascii';
import { distance } from 'fastest-levenshtein';

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
  /** Set when this is not a real screening list (only the bundled sample): why vetting cannot clear. */
  provisional?: string;
}

export interface ScreeningHit {
  entityId: string;
  name: string;
  score: number;
  datasets: string[];
  explanation: string;
}

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

/** Lower-case ASCII tokens with punctuation, quotes and legal forms removed. */
export function nameTokens(name: string): string[] {
  let s = ` ${anyAscii(name)
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

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

interface Scored {
  score: number;
  how: string;
}

const weight = (token: string) => (GENERIC.has(token) ? 0.25 : 1) * Math.max(token.length, 3);

/** Two tokens: edit-distance similarity, or an initial against a word that starts with it. */
function tokenSimilarity(a: string, b: string): number {
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 0.85 : 0;
  return similarity(a, b);
}

/** One-to-one alignment of the shorter name's tokens onto the longer's, best pairs first. */
function align(short: string[], long: string[]) {
  const pairs: { i: number; j: number; s: number }[] = [];
  short.forEach((a, i) => {
    long.forEach((b, j) => {
      const s = tokenSimilarity(a, b);
      if (s >= 0.75) pairs.push({ i, j, s });
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
    shortCovered += s * weight(short[i]);
    longCovered += s * weight(long[j]);
  }
  const total = (tokens: string[]) => tokens.reduce((sum, t) => sum + weight(t), 0);
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

interface IndexedName {
  entry: ListEntry;
  label: string;
  tokens: string[];
}

/** An inverted index on token keys, so a screening compares with a few candidates, not the whole list. */
export class ScreeningIndex {
  private readonly names: IndexedName[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly byIdentifier = new Map<string, ListEntry>();

  constructor(
    readonly entries: readonly ListEntry[],
    readonly version: ListVersion,
  ) {
    for (const entry of entries) {
      for (const label of [entry.name, ...entry.aliases]) {
        const tokens = nameTokens(label);
        if (tokens.length === 0) continue;
        const position = this.names.push({ entry, label, tokens }) - 1;
        for (const key of blockingKeys(tokens)) {
          const bucket = this.byKey.get(key);
          if (bucket) bucket.push(position);
          else this.byKey.set(key, [position]);
        }
      }
      for (const id of entry.identifiers) this.byIdentifier.set(normaliseIdentifier(id), entry);
    }
  }

  /** Hits strong enough to send an onboarding to review, best first, one per listed entity. */
  screen(name: string, _schema?: string): ScreeningHit[] {
    const tokens = nameTokens(name);
    if (tokens.length === 0) return [];
    // keys shared by a large part of the list (a common ending, a common first name) say little:
    // use the selective ones, and the most selective key when none is
    const buckets = [...blockingKeys(tokens)]
      .map((key) => this.byKey.get(key) ?? [])
      .sort((a, b) => a.length - b.length);
    const cap = Math.max(500, this.names.length / 40);
    const selective = buckets.filter((bucket) => bucket.length <= cap);
    const candidates = new Set<number>();
    for (const bucket of selective.length ? selective : buckets.slice(0, 1))
      for (const position of bucket) candidates.add(position);
    return this.rank(
      tokens,
      [...candidates].map((p) => this.names[p]),
    );
  }

  /** The same screening by comparing with every name on the list (the benchmark's baseline). */
  screenExhaustively(name: string): ScreeningHit[] {
    const tokens = nameTokens(name);
    return tokens.length === 0 ? [] : this.rank(tokens, this.names);
  }

  /** An exact identifier (LEI, registration number) on the list: decisive. */
  findIdentifier(identifier: string): ListEntry | undefined {
    return this.byIdentifier.get(normaliseIdentifier(identifier));
  }

  private rank(tokens: string[], candidates: Iterable<IndexedName>): ScreeningHit[] {
    const best = new Map<string, ScreeningHit>();
    for (const candidate of candidates) {
      const { score, how } = compareTokens(tokens, candidate.tokens);
      if (score < HIT_THRESHOLD) continue;
      const previous = best.get(candidate.entry.id);
      if (previous && previous.score >= score) continue;
      const which = candidate.label === candidate.entry.name ? 'listed name' : 'alias';
      best.set(candidate.entry.id, {
        entityId: candidate.entry.id,
        name: candidate.entry.name,
        score: Math.round(score * 1000) / 1000,
        datasets: candidate.entry.datasets,
        explanation: `${how}: matches ${which} "${candidate.label}" (${Math.round(score * 100)}%)`,
      });
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }
}

function normaliseIdentifier(id: string): string {
  return id.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

// Keys shared by names that could score above the threshold: for each distinctive token its first
// three letters, its consonant skeleton's first three (Cristalord / Crystalord) and its last three
// (Gazprom / Gasprom); and the start of the whole name without spaces (Xiao Ming / Xiaoming).
function blockingKeys(tokens: string[]): Set<string> {
  const keys = new Set<string>();
  const distinctive = tokens.filter((t) => !GENERIC.has(t));
  for (const token of distinctive.length ? distinctive : tokens) {
    keys.add(`t:${token.slice(0, 3)}`);
    const skeleton = token.replace(/[aeiouy]/g, '');
    if (skeleton.length >= 3) keys.add(`s:${skeleton.slice(0, 3)}`);
    if (token.length >= 5) keys.add(`e:${token.slice(-3)}`);
  }
  keys.add(`j:${tokens.join('').slice(0, 3)}`);
  return keys;
}
