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

export interface ListVersion { sha256: string; rows: number; source: string }

export interface ScreeningHit {
  entityId: string;
  name: string;
  score: number;
  datasets: string[];
  explanation: string;
}

/** Score at or above which a name is a hit (sends an onboarding to review). */
export const HIT_THRESHOLD = 0.88;

// Legal forms carry no identity: "Acme LLC" and "ACME Ltd." are the same name for screening.
const LEGAL_FORMS = new Set([
  'llc', 'ltd', 'limited', 'gmbh', 'sa', 'sarl', 'srl', 'bv', 'nv', 'fze', 'fzco', 'fzc', 'fzllc', 'co', 'jsc', 'pjsc', 'ojsc',
  'cjsc', 'doo', 'as', 'ooo', 'ao', 'pao', 'zao', 'oao', 'inc', 'incorporated', 'corp', 'corporation', 'plc', 'ag', 'kg',
  'spa', 'sas', 'oy', 'ab', 'lp', 'llp', 'company', 'kft', 'sp', 'zoo', 'sro', 'as', 'aps', 'pte', 'pty', 'bhd', 'sdn',
]);
const LEGAL_PHRASES = [
  'limited liability company', 'joint stock company', 'public joint stock company', 'closed joint stock company',
  'obshchestvo s ogranichennoy otvetstvennostyu', 'obshchestvo s ogranichennoi otvetstvennostiu',
  'aktsionernoe obshchestvo', 'publichnoe aktsionernoe obshchestvo', 'free zone establishment', 'free zone company',
  'gesellschaft mit beschrankter haftung', 'societe a responsabilite limitee', 'societa a responsabilita limitata',
  'besloten vennootschap', 'anonim sirketi', 'drustvo s ogranicenom odgovornoscu',
];

/** Lower-case ASCII tokens with punctuation, quotes and legal forms removed. */
export function nameTokens(name: string): string[] {
  let s = ` ${anyAscii(name).toLowerCase().replace(/['’`"«»„“”]/g, '').replace(/[^a-z0-9]+/g, ' ')} `;
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
  const kept = merged.filter((t) => !LEGAL_FORMS.has(t));
  return kept.length > 0 ? kept : merged;
}

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

interface Scored { score: number; how: string }

/** Similarity of two token lists: the best of joined (spacing-insensitive), sorted (word-order-insensitive) and aligned. */
export function compareTokens(query: string[], candidate: string[]): Scored {
  const joined = similarity(query.join(''), candidate.join(''));
  const sorted = similarity([...query].sort().join(''), [...candidate].sort().join(''));
  // token alignment: every token of the shorter side must find a close partner on the other side
  const [short, long] = query.length <= candidate.length ? [query, candidate] : [candidate, query];
  let matchedChars = 0;
  for (const token of short) {
    const best = Math.max(...long.map((other) => similarity(token, other)));
    if (best >= 0.8) matchedChars += best * token.length;
  }
  const totalChars = short.join('').length + long.join('').length;
  const aligned = totalChars === 0 ? 0 : (2 * matchedChars) / totalChars;
  if (joined >= sorted && joined >= aligned) return { score: joined, how: joined === 1 ? 'identical after normalisation' : 'near-identical spelling' };
  if (sorted >= aligned) return { score: sorted, how: 'same words in another order' };
  return { score: aligned, how: 'matching words' };
}

interface IndexedName { entry: ListEntry; label: string; tokens: string[] }

/** An inverted index on token keys, so a screening compares with a few candidates, not the whole list. */
export class ScreeningIndex {
  private readonly names: IndexedName[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly byIdentifier = new Map<string, ListEntry>();

  constructor(readonly entries: readonly ListEntry[], readonly version: ListVersion) {
    for (const entry of entries) {
      for (const label of [entry.name, ...entry.aliases]) {
        const tokens = nameTokens(label);
        if (tokens.length === 0) continue;
        const position = this.names.push({ entry, label, tokens }) - 1;
        for (const key of blockingKeys(tokens)) {
          const bucket = this.byKey.get(key);
          if (bucket) bucket.push(position); else this.byKey.set(key, [position]);
        }
      }
      for (const id of entry.identifiers) this.byIdentifier.set(normaliseIdentifier(id), entry);
    }
  }

  /** Hits strong enough to send an onboarding to review, best first, one per listed entity. */
  screen(name: string): ScreeningHit[] {
    const tokens = nameTokens(name);
    if (tokens.length === 0) return [];
    const candidates = new Set<number>();
    for (const key of blockingKeys(tokens)) for (const position of this.byKey.get(key) ?? []) candidates.add(position);
    return this.rank(tokens, [...candidates].map((p) => this.names[p]));
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

// Keys shared by names that could score above the threshold: each token's first three letters,
// and the first three letters of the whole name without spaces (catches "Xiao Ming" / "Xiaoming").
function blockingKeys(tokens: string[]): Set<string> {
  const keys = new Set<string>();
  for (const token of tokens) keys.add(`t:${token.slice(0, 3)}`);
  keys.add(`j:${tokens.join('').slice(0, 3)}`);
  return keys;
}
