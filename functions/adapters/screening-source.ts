// The screening list: a file locally (LIAISON_SANCTIONS_FILE, default the sample list that ships)
// or an S3 object on AWS (LIAISON_SANCTIONS_BUCKET + LIAISON_SANCTIONS_KEY), in the OpenSanctions
// targets.simple.csv layout or OFAC's sdn.csv (alt.csv beside it). A changed list is picked up
// without a deploy; a list that cannot be used keeps the previous one.
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseOfacSdn, parseTargetsSimpleCsv, unusableReason, type ParsedList } from '../domain/sanctions-list.js';
import { ScreeningIndex } from '../domain/screening.js';

export const DEFAULT_LIST = 'data/sanctions/sample-targets.simple.csv';

/** Parses list text in whichever supported layout it has; `alt` is OFAC's alias file when there is one. */
export function parseList(text: string, source: string, alt?: string): ParsedList {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0).replace(/^\uFEFF/, '');
  // OFAC: no header, the first cell is an entity number
  return /^"?\d+"?,/.test(firstLine) ? parseOfacSdn(text, alt, source) : parseTargetsSimpleCsv(text, source);
}

export function readList(path: string): ParsedList {
  const alt = join(dirname(path), basename(path).replace(/sdn/i, 'alt'));
  return parseList(readFileSync(path, 'utf8'), path, alt !== path && existsSync(alt) ? readFileSync(alt, 'utf8') : undefined);
}

/** Builds the index, or keeps `previous` (logged) when the new list is unusable. */
function indexOrPrevious(load: () => ParsedList, previous: ScreeningIndex | undefined, source: string): ScreeningIndex {
  try {
    const parsed = load();
    for (const bad of parsed.badRows.slice(0, 50)) console.warn(JSON.stringify({ msg: 'screening list row skipped', source, ...bad }));
    const unusable = unusableReason(parsed);
    if (unusable) throw new Error(`list ${source} is unusable: ${unusable}`);
    console.log(JSON.stringify({ msg: 'screening list loaded', source, rows: parsed.version.rows, sha256: parsed.version.sha256, badRows: parsed.badRows.length }));
    return new ScreeningIndex(parsed.entries, parsed.version);
  } catch (error) {
    if (!previous) throw error;
    console.error(JSON.stringify({ msg: 'screening list unusable, keeping the previous one', source, error: (error as Error).message, keeping: previous.version }));
    return previous;
  }
}

let fileCache: { path: string; mtimeMs: number; index: ScreeningIndex } | undefined;

function fromFile(path: string): ScreeningIndex {
  const { mtimeMs } = statSync(path);
  if (fileCache?.path === path && fileCache.mtimeMs === mtimeMs) return fileCache.index;
  fileCache = { path, mtimeMs, index: indexOrPrevious(() => readList(path), fileCache?.path === path ? fileCache.index : undefined, path) };
  return fileCache.index;
}

/** How long a Lambda container trusts its copy of the S3 list before asking whether it changed. */
export const S3_RECHECK_MS = 5 * 60_000;
let s3Cache: { key: string; etag?: string; checkedAt: number; index: ScreeningIndex } | undefined;
let s3: S3Client | undefined;

async function fromS3(bucket: string, key: string, now = Date.now()): Promise<ScreeningIndex> {
  const cacheKey = `${bucket}/${key}`;
  if (s3Cache?.key === cacheKey && now - s3Cache.checkedAt < S3_RECHECK_MS) return s3Cache.index;
  s3 ??= new S3Client({});
  const previous = s3Cache?.key === cacheKey ? s3Cache : undefined;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfNoneMatch: previous?.etag }));
    const text = await object.Body!.transformToString('utf8');
    s3Cache = { key: cacheKey, etag: object.ETag, checkedAt: now, index: indexOrPrevious(() => parseList(text, `s3://${cacheKey}`), previous?.index, `s3://${cacheKey}`) };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 304 && previous) s3Cache = { ...previous, checkedAt: now }; // unchanged
    else if (error instanceof NoSuchKey || status === 404) {
      // no list uploaded yet: screen against the list bundled with the function, and say so
      console.warn(JSON.stringify({ msg: 'no screening list in S3, using the bundled one', bucket, key }));
      s3Cache = { key: cacheKey, checkedAt: now, index: previous?.index ?? fromFile(process.env.LIAISON_SANCTIONS_FILE || DEFAULT_LIST) };
    } else if (previous) {
      console.error(JSON.stringify({ msg: 'could not read the screening list, keeping the previous one', error: (error as Error).message }));
      s3Cache = { ...previous, checkedAt: now };
    } else throw error;
  }
  return s3Cache.index;
}

/** The current screening list. */
export async function screeningIndex(): Promise<ScreeningIndex> {
  const bucket = process.env.LIAISON_SANCTIONS_BUCKET;
  if (bucket) return fromS3(bucket, process.env.LIAISON_SANCTIONS_KEY || 'lists/targets.simple.csv');
  return fromFile(process.env.LIAISON_SANCTIONS_FILE || DEFAULT_LIST);
}

/** Loads a list file directly (tests, benchmarks). */
export const screeningIndexFromFile = fromFile;
export const screeningIndexFromS3 = fromS3;
