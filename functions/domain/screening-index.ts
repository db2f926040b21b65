// The screening index: a list's names held in a few typed arrays, so a million-row list is one compact binary built
// once per list version (toBytes) and opened by a function without rebuilding (fromBytes). Pure: no I/O.
//
// A screening compares with the names that could score above the threshold, found without scanning the list:
// - every distinct name token is a term; each term has the sorted list of names holding it (its postings);
// - a query token's similar terms are found by generating its one-edit variants and looking each up by hash
//   (deletions, substitutions, insertions, and transpositions for long tokens), long tokens also by their consonant
//   skeleton (two vowels apart: "Treiding" / "Trading"), plus an initial it may stand for;
// - a name can only score above the threshold if its tokens cover about half the query's weight (see
//   REQUIRED_COVERAGE), so the rarest query tokens are enough to find every candidate ("essential" tokens, as in
//   MaxScore), and the common ones are only checked on those candidates;
// - names whose letters are near-identical however the words are split ("Xiao Ming" / "Xiaoming", "Saddam Husayn" /
//   "Saddam Hussein") are found by the shape of the joined name: its first or last four letters and its length.
import {
  HIT_THRESHOLD,
  type ListEntry,
  type ListVersion,
  type ScreeningHit,
  compareTokens,
  SIMILAR_TOKEN,
  nameTokens,
  similarity,
  tokenSimilarity,
  tokenWeight,
} from './screening.js';

/**
 * The share of a query's token weight a listed name must match to score above the threshold by its words (see
 * compareTokens). Every word of the shorter name matched: 0.65 × the shorter's coverage + 0.35 × the longer's, so
 * the query covers (0.84 − 0.65) / 0.35 when the listed name is the shorter and fully matched, and
 * (0.84 − 0.35) / 0.65 when the query is the shorter; otherwise 0.45 × both coverages, each then at least
 * 0.84 / 0.9.
 */
export const REQUIRED_COVERAGE = (HIT_THRESHOLD - 0.65) / 0.35;
const REQUIRED_COVERAGE_UNLESS_FULLY_MATCHED = (HIT_THRESHOLD - 0.35) / 0.65;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const FORMAT = 'liaison-screening-index/2';
/** Tokens this long may be two edits away from a similar one; their terms are also found by skeleton. */
const SKELETON_TERM = 6;
/** Joined names this similar or more are hits ("near-identical spelling"): the lengths they can differ by. */
const JOINED_LENGTH_RATIO = HIT_THRESHOLD;

/** A word's consonants, doubled letters once: spellings that differ in vowels share it. */
const skeleton = (token: string) => token.replace(/[aeiouy]/g, '').replace(/(.)\1+/g, '$1');

/** A spelling of a name: its words joined as written, or joined in alphabetical order. */
type Spelling = 'joined' | 'sorted';
const shapesOf = (spelling: Spelling, text: string, length: number) =>
  new Set([`${spelling}<${text.slice(0, 4)}${length}`, `${spelling}>${text.slice(-4)}${length}`]);
const sortedSpelling = (tokens: string[]) => [...tokens].sort().join('');

/** The pairs of adjacent letters a string holds, as a 64-bit set in two words (each pair hashed to one bit). */
function letterPairs(text: string): [number, number] {
  let low = 0;
  let high = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    const bit = (Math.imul(text.charCodeAt(i) * 131 + text.charCodeAt(i + 1), 0x9e3779b1) >>> 26) & 63;
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return [low >>> 0, high >>> 0];
}

function bitCount(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** FNV-1a over the characters of an ASCII string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** First position in a sorted array holding `value` or more. */
function lowerBound(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The strings within one edit of a token that could still be similar enough to it (≥ 0.75). */
function oneEditVariants(token: string): Set<string> {
  const variants = new Set([token]);
  const n = token.length;
  for (let i = 0; i <= n; i++) {
    const head = token.slice(0, i);
    if (n >= 3) for (const c of ALPHABET) variants.add(head + c + token.slice(i)); // insertion
    if (i === n) break;
    const tail = token.slice(i + 1);
    if (n >= 4) {
      variants.add(head + tail); // deletion
      for (const c of ALPHABET) variants.add(head + c + tail); // substitution
    }
    if (n >= 8 && i + 1 < n) variants.add(head + token[i + 1] + token[i] + token.slice(i + 2)); // transposition
  }
  return variants;
}

interface Arrays {
  /** Term hashes, ascending; a term's id is its position here. */
  termHashes: Uint32Array;
  termOffsets: Uint32Array;
  termText: Uint8Array;
  postingOffsets: Uint32Array;
  postings: Uint32Array;
  /** Each name's tokens, in order, as term ids. */
  nameTermOffsets: Uint32Array;
  nameTerms: Uint32Array;
  /** Skeletons of terms of SKELETON_TERM letters or more: hashes ascending, and their terms. */
  skeletonHashes: Uint32Array;
  skeletonTerms: Uint32Array;
  nameEntry: Uint32Array;
  /** 0 for an entry's own name, k for its k-th alias. */
  nameLabel: Uint32Array;
  /** Each joined name's letter pairs, two words per name (see letterPairs): shapes that cannot be near-identical. */
  namePairs: Uint32Array;
  /** Each name's joined shapes (see joinedShapes): hashes ascending, and their names. */
  shapeHashes: Uint32Array;
  shapeNames: Uint32Array;
  identifierHashes: Uint32Array;
  identifierEntries: Uint32Array;
  identifierOffsets: Uint32Array;
  identifierText: Uint8Array;
  /** Each entry as JSON [id, schema, name, aliases, datasets, identifiers], read only for hits and changes. */
  entryOffsets: Uint32Array;
  entryText: Uint8Array;
  /** Per entry: a hash of its id, and of everything screening reads of it (to tell what changed between versions). */
  entryIds: Uint32Array;
  entryFingerprints: Uint32Array;
}
const SECTIONS: (keyof Arrays)[] = [
  'termHashes',
  'termOffsets',
  'termText',
  'postingOffsets',
  'postings',
  'nameTermOffsets',
  'nameTerms',
  'skeletonHashes',
  'skeletonTerms',
  'nameEntry',
  'nameLabel',
  'namePairs',
  'shapeHashes',
  'shapeNames',
  'identifierHashes',
  'identifierEntries',
  'identifierOffsets',
  'identifierText',
  'entryIds',
  'entryFingerprints',
  'entryOffsets',
  'entryText',
];
const BYTE_SECTIONS = new Set<keyof Arrays>(['termText', 'identifierText', 'entryText']);

type StoredEntry = [
  id: string,
  schema: string,
  name: string,
  aliases: string[],
  datasets: string[],
  identifiers: string[],
];

export function normaliseIdentifier(id: string): string {
  return id.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Strings and their byte offsets, packed. */
function pack(strings: string[], encoding: 'latin1' | 'utf8') {
  const offsets = new Uint32Array(strings.length + 1);
  const chunks = strings.map((s) => Buffer.from(s, encoding));
  let at = 0;
  chunks.forEach((chunk, i) => {
    offsets[i] = at;
    at += chunk.length;
  });
  offsets[strings.length] = at;
  return { offsets, text: new Uint8Array(Buffer.concat(chunks)) };
}

/** Pairs (hash, value) sorted by hash, as two arrays. */
function sortedByHash(hashes: number[], values: number[]) {
  const order = Uint32Array.from(hashes.keys()).sort((a, b) => hashes[a] - hashes[b] || values[a] - values[b]);
  return {
    hashes: Uint32Array.from(order, (i) => hashes[i]),
    values: Uint32Array.from(order, (i) => values[i]),
  };
}

function build(entries: readonly ListEntry[]): Arrays {
  const termIds = new Map<string, number>();
  const nameTerms: number[] = [];
  const nameTermOffsets: number[] = [0];
  const nameEntry: number[] = [];
  const nameLabel: number[] = [];
  const namePairs: number[] = [];
  const shapeHashes: number[] = [];
  const shapeNames: number[] = [];
  const identifierHashes: number[] = [];
  const identifierEntries: number[] = [];
  const identifiers: string[] = [];
  const stored: string[] = [];
  const entryIds: number[] = [];
  const entryFingerprints: number[] = [];
  entries.forEach((entry, e) => {
    const json = JSON.stringify([
      entry.id,
      entry.schema,
      entry.name,
      entry.aliases,
      entry.datasets,
      entry.identifiers,
    ] satisfies StoredEntry);
    stored.push(json);
    entryIds.push(hash(entry.id));
    entryFingerprints.push(hash(json));
    [entry.name, ...entry.aliases].forEach((label, k) => {
      const tokens = nameTokens(label);
      if (tokens.length === 0) return;
      const name = nameEntry.length;
      nameEntry.push(e);
      nameLabel.push(k);
      for (const token of tokens) {
        if (!termIds.has(token)) termIds.set(token, termIds.size);
        nameTerms.push(termIds.get(token) as number);
      }
      nameTermOffsets.push(nameTerms.length);
      const joined = tokens.join('');
      namePairs.push(...letterPairs(joined));
      const shapes = shapesOf('joined', joined, joined.length);
      if (tokens.length > 1)
        for (const shape of shapesOf('sorted', sortedSpelling(tokens), joined.length)) shapes.add(shape);
      for (const shape of shapes) {
        shapeHashes.push(hash(shape));
        shapeNames.push(name);
      }
    });
    for (const id of entry.identifiers) {
      const normalised = normaliseIdentifier(id);
      if (!normalised) continue;
      identifierHashes.push(hash(normalised));
      identifierEntries.push(e);
      identifiers.push(normalised);
    }
  });
  // terms are renumbered in hash order, so a term's id is its position in the hash table
  const terms = [...termIds.keys()];
  const byHash = sortedByHash(
    terms.map((t) => hash(t)),
    terms.map((_, i) => i),
  );
  const renumbered = new Uint32Array(terms.length);
  byHash.values.forEach((oldId, newId) => {
    renumbered[oldId] = newId;
  });
  const termStrings = Array.from(byHash.values, (oldId) => terms[oldId]);
  const nameTermArray = Uint32Array.from(nameTerms, (oldId) => renumbered[oldId]);
  // postings: each term's names, ascending and distinct
  const postingCounts = new Uint32Array(terms.length + 1);
  const offsetsOfNames = Uint32Array.from(nameTermOffsets);
  const distinctTermsOf = (name: number) =>
    new Set(nameTermArray.subarray(offsetsOfNames[name], offsetsOfNames[name + 1]));
  for (let name = 0; name < nameEntry.length; name++)
    for (const term of distinctTermsOf(name)) postingCounts[term + 1]++;
  for (let t = 0; t < terms.length; t++) postingCounts[t + 1] += postingCounts[t];
  const postings = new Uint32Array(postingCounts[terms.length]);
  const fill = postingCounts.slice(0, terms.length);
  for (let name = 0; name < nameEntry.length; name++)
    for (const term of distinctTermsOf(name)) postings[fill[term]++] = name;
  const packedTerms = pack(termStrings, 'latin1');
  const longTerms = termStrings.flatMap((t, id) => (t.length >= SKELETON_TERM ? [id] : []));
  const skeletons = sortedByHash(
    longTerms.map((id) => hash(skeleton(termStrings[id]))),
    longTerms,
  );
  const shapes = sortedByHash(shapeHashes, shapeNames);
  const ids = sortedByHash(
    identifierHashes,
    identifierHashes.map((_, i) => i),
  );
  const packedIds = pack(
    Array.from(ids.values, (i) => identifiers[i]),
    'latin1',
  );
  const packedEntries = pack(stored, 'utf8');
  return {
    termHashes: byHash.hashes,
    termOffsets: packedTerms.offsets,
    termText: packedTerms.text,
    postingOffsets: postingCounts,
    postings,
    nameTermOffsets: offsetsOfNames,
    nameTerms: nameTermArray,
    skeletonHashes: skeletons.hashes,
    skeletonTerms: skeletons.values,
    nameEntry: Uint32Array.from(nameEntry),
    nameLabel: Uint32Array.from(nameLabel),
    namePairs: Uint32Array.from(namePairs),
    shapeHashes: shapes.hashes,
    shapeNames: shapes.values,
    identifierHashes: ids.hashes,
    identifierEntries: Uint32Array.from(ids.values, (i) => identifierEntries[i]),
    identifierOffsets: packedIds.offsets,
    identifierText: packedIds.text,
    entryIds: Uint32Array.from(entryIds),
    entryFingerprints: Uint32Array.from(entryFingerprints),
    entryOffsets: packedEntries.offsets,
    entryText: packedEntries.text,
  };
}

/** What one query token can match: its weight, and the terms similar to it (none for an initial). */
interface QueryToken {
  weight: number;
  terms: Set<number>;
  postingCount: number;
}

/** A list, indexed for screening names and identifiers against it. */
export class ScreeningIndex {
  private readonly decoder = new TextDecoder();
  /** Per name: the weight a query has found so far, and the query token that last added to it. */
  private covered: Float64Array;
  private stamp: Uint32Array;
  private stampCounter = 0;

  private constructor(
    private readonly a: Arrays,
    readonly version: ListVersion,
  ) {
    this.covered = new Float64Array(a.nameEntry.length);
    this.stamp = new Uint32Array(a.nameEntry.length);
  }

  static fromEntries(entries: readonly ListEntry[], version: ListVersion): ScreeningIndex {
    return new ScreeningIndex(build(entries), version);
  }

  /** Entries on the list. */
  get size(): number {
    return this.a.entryOffsets.length - 1;
  }

  /** The index as one binary: a JSON header line, then each section, 8-byte aligned. */
  toBytes(): Uint8Array {
    const layout: { name: keyof Arrays; offset: number; length: number }[] = [];
    let at = 0;
    for (const name of SECTIONS) {
      const bytes = this.a[name].byteLength;
      layout.push({ name, offset: at, length: bytes });
      at += Math.ceil(bytes / 8) * 8;
    }
    const headerJson = Buffer.from(`${JSON.stringify({ format: FORMAT, version: this.version, layout })}\n`);
    const headerLength = Math.ceil((headerJson.length + 4) / 8) * 8;
    const out = new Uint8Array(headerLength + at);
    new DataView(out.buffer).setUint32(0, headerJson.length, true);
    out.set(headerJson, 4);
    for (const { name, offset } of layout) {
      const array = this.a[name];
      out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), headerLength + offset);
    }
    return out;
  }

  /** Opens an index made by toBytes: the arrays are views of the bytes, nothing is rebuilt. */
  static fromBytes(input: Uint8Array): ScreeningIndex {
    // typed-array views need 4-byte alignment: a buffer from a pool may start anywhere
    const bytes = input.byteOffset % 8 === 0 ? input : new Uint8Array(input);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerBytes = view.getUint32(0, true);
    const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, headerBytes).toString('utf8')) as {
      format: string;
      version: ListVersion;
      layout: { name: keyof Arrays; offset: number; length: number }[];
    };
    if (header.format !== FORMAT) throw new Error(`not a screening index of format ${FORMAT}: ${header.format}`);
    const base = bytes.byteOffset + Math.ceil((headerBytes + 4) / 8) * 8;
    const arrays = {} as Record<keyof Arrays, Uint8Array | Uint32Array>;
    for (const { name, offset, length } of header.layout) {
      arrays[name] = BYTE_SECTIONS.has(name)
        ? new Uint8Array(bytes.buffer, base + offset, length)
        : new Uint32Array(bytes.buffer, base + offset, length / 4);
    }
    return new ScreeningIndex(arrays as unknown as Arrays, header.version);
  }

  /** Hits strong enough to send an onboarding to review, best first, one per listed entity. */
  screen(name: string, _schema?: string): ScreeningHit[] {
    const tokens = nameTokens(name);
    if (tokens.length === 0) return [];
    return this.rank(tokens, this.candidates(tokens));
  }

  /** The same screening by comparing with every name on the list (the benchmark's baseline). */
  screenExhaustively(name: string): ScreeningHit[] {
    const tokens = nameTokens(name);
    return tokens.length === 0 ? [] : this.rank(tokens, this.a.nameEntry.keys());
  }

  /** An exact identifier (LEI, registration number) on the list: decisive. */
  findIdentifier(identifier: string): ListEntry | undefined {
    const normalised = normaliseIdentifier(identifier);
    const { identifierHashes, identifierOffsets, identifierText, identifierEntries } = this.a;
    const h = hash(normalised);
    for (let i = lowerBound(identifierHashes, h); identifierHashes[i] === h; i++) {
      const text = Buffer.from(identifierText.buffer, identifierText.byteOffset, identifierText.byteLength);
      if (text.toString('latin1', identifierOffsets[i], identifierOffsets[i + 1]) === normalised)
        return this.entry(identifierEntries[i]);
    }
    return undefined;
  }

  /** Every entry on the list. */
  entries(): ListEntry[] {
    return Array.from({ length: this.size }, (_, i) => this.entry(i));
  }

  /** The entries added or changed since a previous version of the list (removed ones cannot make a hit). */
  changedSince(previous: ScreeningIndex): ListEntry[] {
    const before = new Map<number, number>();
    for (let i = 0; i < previous.a.entryIds.length; i++)
      before.set(previous.a.entryIds[i], previous.a.entryFingerprints[i]);
    const changed: ListEntry[] = [];
    this.a.entryIds.forEach((id, i) => {
      if (before.get(id) !== this.a.entryFingerprints[i]) changed.push(this.entry(i));
    });
    return changed;
  }

  /** Names that could score above the threshold against these query tokens. */
  private candidates(tokens: string[]): Iterable<number> {
    const { postingOffsets, postings, nameTermOffsets, nameTerms } = this.a;
    const total = tokens.reduce((sum, t) => sum + tokenWeight(t), 0);
    // an initial may match any word with its letter: count it as found
    const initials = tokens.filter((t) => t.length === 1).reduce((sum, t) => sum + tokenWeight(t), 0);
    const need = REQUIRED_COVERAGE * total - initials - 1e-9;
    const needUnlessFullyMatched = REQUIRED_COVERAGE_UNLESS_FULLY_MATCHED * total - initials - 1e-9;
    const words: QueryToken[] = tokens
      .filter((t) => t.length > 1)
      .map((token) => {
        const terms = this.similarTerms(token);
        let postingCount = 0;
        for (const term of terms) postingCount += postingOffsets[term + 1] - postingOffsets[term];
        return { weight: tokenWeight(token), terms, postingCount };
      })
      .sort((x, y) => x.postingCount - y.postingCount);
    // the rarest words whose weight a name cannot do without: a name holding none of them cannot reach `need`
    let rest = words.reduce((sum, w) => sum + w.weight, 0);
    let essential = 0;
    while (essential < words.length && (rest >= need || essential === 0)) rest -= words[essential++].weight;
    const found = new Set<number>();
    for (let w = 0; w < essential; w++) {
      const stamp = ++this.stampCounter;
      for (const term of words[w].terms) {
        for (let p = postingOffsets[term]; p < postingOffsets[term + 1]; p++) {
          const name = postings[p];
          if (this.stamp[name] === stamp) continue;
          if (!found.has(name)) {
            found.add(name);
            this.covered[name] = 0;
          }
          this.stamp[name] = stamp;
          this.covered[name] += words[w].weight;
        }
      }
    }
    const kept = new Set<number>();
    const anyWord = new Set(words.flatMap((w) => [...w.terms]));
    const { termOffsets } = this.a;
    const initialLetters = new Set(tokens.filter((t) => t.length === 1).map((t) => t.charCodeAt(0)));
    const { termText } = this.a;
    const matchesAWord = (term: number) =>
      anyWord.has(term) ||
      termOffsets[term + 1] - termOffsets[term] === 1 ||
      initialLetters.has(termText[termOffsets[term]]);
    for (const name of found) {
      let coverage = this.covered[name];
      const own = nameTerms.subarray(nameTermOffsets[name], nameTermOffsets[name + 1]);
      for (let w = essential; w < words.length; w++)
        if (own.some((term) => words[w].terms.has(term))) coverage += words[w].weight;
      if (coverage >= needUnlessFullyMatched || (coverage >= need && own.every(matchesAWord))) kept.add(name);
    }
    for (const name of this.sameShape(tokens, 'joined')) kept.add(name);
    if (tokens.length > 1) for (const name of this.sameShape(tokens, 'sorted')) kept.add(name);
    return kept;
  }

  /**
   * Names near-identical to the query when both are spelt one way (see compareTokens), found by how that spelling
   * starts or ends at each length close enough: a near-identical spelling has its edits at one end or the middle.
   */
  private sameShape(tokens: string[], spelling: Spelling): number[] {
    const { shapeHashes, shapeNames, namePairs, nameTermOffsets } = this.a;
    const names: number[] = [];
    const joined = spelling === 'joined' ? tokens.join('') : sortedSpelling(tokens);
    const [low, high] = letterPairs(tokens.join(''));
    const shortest = Math.ceil(joined.length * JOINED_LENGTH_RATIO);
    const longest = Math.floor(joined.length / JOINED_LENGTH_RATIO);
    for (let length = shortest; length <= longest; length++) {
      // an edit changes at most four letter pairs: two go, two come
      const edits = Math.floor((1 - JOINED_LENGTH_RATIO) * Math.max(length, joined.length) + 1e-9);
      for (const shape of shapesOf(spelling, joined, length)) {
        const h = hash(shape);
        for (let i = lowerBound(shapeHashes, h); shapeHashes[i] === h; i++) {
          const name = shapeNames[i];
          // the pairs kept are of the words as written: a sorted spelling differs in the pairs across words
          const across =
            spelling === 'sorted' ? 2 * (tokens.length - 1 + nameTermOffsets[name + 1] - nameTermOffsets[name] - 1) : 0;
          const pairsApart = bitCount(namePairs[2 * name] ^ low) + bitCount(namePairs[2 * name + 1] ^ high);
          if (pairsApart > 4 * edits + across) continue;
          const own = this.tokensOf(name);
          const spelt = spelling === 'joined' ? own.join('') : sortedSpelling(own);
          if (similarity(joined, spelt) >= HIT_THRESHOLD) names.push(name);
        }
      }
    }
    return names;
  }

  /** Terms within one edit of a query token, and the initial that may stand for it. */
  private similarTerms(token: string): Set<number> {
    const terms = new Set<number>();
    for (const variant of oneEditVariants(token)) {
      const term = this.termId(variant);
      if (term !== undefined) terms.add(term);
    }
    if (token.length >= SKELETON_TERM) {
      const { skeletonHashes, skeletonTerms } = this.a;
      const h = hash(skeleton(token));
      for (let i = lowerBound(skeletonHashes, h); skeletonHashes[i] === h; i++)
        if (tokenSimilarity(token, this.term(skeletonTerms[i])) >= SIMILAR_TOKEN) terms.add(skeletonTerms[i]);
    }
    const initial = this.termId(token[0]);
    if (initial !== undefined) terms.add(initial);
    return terms;
  }

  private termId(text: string): number | undefined {
    const { termHashes } = this.a;
    const h = hash(text);
    for (let i = lowerBound(termHashes, h); termHashes[i] === h; i++) if (this.term(i) === text) return i;
    return undefined;
  }

  private tokensOf(name: number): string[] {
    const { nameTermOffsets, nameTerms } = this.a;
    const tokens: string[] = [];
    for (let i = nameTermOffsets[name]; i < nameTermOffsets[name + 1]; i++) tokens.push(this.term(nameTerms[i]));
    return tokens;
  }

  private term(id: number): string {
    const { termText, termOffsets } = this.a;
    let text = '';
    for (let i = termOffsets[id]; i < termOffsets[id + 1]; i++) text += String.fromCharCode(termText[i]);
    return text;
  }

  private entry(index: number): ListEntry {
    const { entryText, entryOffsets } = this.a;
    const [id, schema, name, aliases, datasets, identifiers] = JSON.parse(
      this.decoder.decode(entryText.subarray(entryOffsets[index], entryOffsets[index + 1])),
    ) as StoredEntry;
    return { id, schema, name, aliases, datasets, countries: [], identifiers };
  }

  private rank(tokens: string[], names: Iterable<number>): ScreeningHit[] {
    const { nameTermOffsets, nameTerms, nameEntry, nameLabel } = this.a;
    const termCache = new Map<number, string>();
    const best = new Map<number, { score: number; how: string; name: number }>();
    for (const name of names) {
      const own: string[] = [];
      for (let i = nameTermOffsets[name]; i < nameTermOffsets[name + 1]; i++) {
        const id = nameTerms[i];
        if (!termCache.has(id)) termCache.set(id, this.term(id));
        own.push(termCache.get(id) as string);
      }
      const { score, how } = compareTokens(tokens, own);
      if (score < HIT_THRESHOLD) continue;
      const previous = best.get(nameEntry[name]);
      if (previous && (previous.score > score || (previous.score === score && previous.name < name))) continue;
      best.set(nameEntry[name], { score, how, name });
    }
    return [...best.entries()]
      .sort(([e1, x], [e2, y]) => y.score - x.score || e1 - e2)
      .map(([entryIndex, { score, how, name }]) => {
        const entry = this.entry(entryIndex);
        const label = nameLabel[name] === 0 ? entry.name : entry.aliases[nameLabel[name] - 1];
        const which = nameLabel[name] === 0 ? 'listed name' : 'alias';
        return {
          entityId: entry.id,
          name: entry.name,
          score: Math.round(score * 1000) / 1000,
          datasets: entry.datasets,
          explanation: `${how}: matches ${which} "${label}" (${Math.round(score * 100)}%)`,
        };
      });
  }
}
