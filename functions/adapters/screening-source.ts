// The screening list: an S3 object (LIAISON_SANCTIONS_BUCKET + LIAISON_SANCTIONS_KEY) in the
// OpenSanctions targets.simple.csv layout or OFAC's sdn.csv (alt.csv beside it supplies aliases).
// A changed object is picked up without a deploy; a list that cannot be used keeps the previous one.
// Until a list is uploaded, the sample list bundled with the function is used, marked provisional:
// vetting never answers CLEAR against it.
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type ParsedList, parseOfacSdn, parseTargetsSimpleCsv, unusableReason } from '../domain/sanctions-list.js';
import { ScreeningIndex } from '../domain/screening-index.js';
import { settings } from './config.js';
import { logger, screeningListAge } from '../lib/telemetry.js';

/** The sample list that ships with every screening function, relative to its code folder. */
export const BUNDLED_LIST = 'data/sanctions/sample-targets.simple.csv';

const isOfac = (text: string) => /^"?\d+"?,/.test(text.slice(0, text.indexOf('\n') >>> 0).replace(/^\uFEFF/, ''));

/** Parses list text in whichever supported layout it has; `alt` is OFAC's alias file when there is one. */
export function parseList(text: string, source: string, alt?: string): ParsedList {
  return isOfac(text) ? parseOfacSdn(text, alt, source) : parseTargetsSimpleCsv(text, source);
}

export function readList(path: string): ParsedList {
  const alt = join(dirname(path), basename(path).replace(/sdn/i, 'alt'));
  const altText = alt !== path && existsSync(alt) ? readFileSync(alt, 'utf8') : undefined;
  return parseList(readFileSync(path, 'utf8'), path, altText);
}

/** Where OFAC's alias file sits beside a list object: same folder, named alt.csv. */
export const altKeyOf = (key: string) =>
  key.includes('/') ? `${key.slice(0, key.lastIndexOf('/'))}/alt.csv` : 'alt.csv';

/**
 * Builds the index of a parsed list, or keeps `previous` (logged) when the new list is unusable.
 * The previous index is released before the new one is built, so a warm function never holds two.
 */
function indexOrPrevious(
  parsed: () => ParsedList,
  cached: () => ScreeningIndex | undefined,
  source: string,
  release: () => void,
): { index: ScreeningIndex; kept: boolean } {
  let list: ParsedList;
  try {
    list = parsed();
    const unusable = unusableReason(list);
    if (unusable) throw new Error(`list ${source} is unusable: ${unusable}`);
  } catch (error) {
    const previous = cached();
    if (!previous) throw error;
    const message = (error as Error).message;
    logger.error('screening list unusable, keeping the previous one', {
      source,
      error: message,
      keeping: previous.version,
    });
    return { index: previous, kept: true };
  }
  for (const bad of list.badRows.slice(0, 50)) logger.warn('screening list row skipped', { source, ...bad });
  release();
  const { version } = list;
  logger.info('screening list loaded', {
    source,
    rows: version.rows,
    sha256: version.sha256,
    badRows: list.badRows.length,
  });
  return { index: ScreeningIndex.fromEntries(list.entries, version), kept: false };
}

let fileCache: { path: string; mtimeMs: number; index: ScreeningIndex } | undefined;

/** A list file (the bundled sample, tests, benchmarks), reloaded when the file changes. */
export function screeningIndexFromFile(path: string): ScreeningIndex {
  const { mtimeMs } = statSync(path);
  if (fileCache?.path === path && fileCache.mtimeMs === mtimeMs) return fileCache.index;
  // the previous index is read through the cache, never held here, so release() lets it go
  const { index } = indexOrPrevious(
    () => readList(path),
    () => (fileCache?.path === path ? fileCache.index : undefined),
    path,
    () => {
      fileCache = undefined;
    },
  );
  fileCache = { path, mtimeMs, index };
  return index;
}

/** The bundled sample list, marked provisional: it is not a real screening list. */
function bundledList(bucket: string, key: string): ScreeningIndex {
  const index = screeningIndexFromFile(join(settings().taskRoot, BUNDLED_LIST));
  const expected = `s3://${bucket}/${key}`;
  return index.describedAs({
    ...index.version,
    provisional: `no screening list has been uploaded to ${expected}: only the bundled sample list was checked`,
  });
}

/** How long a Lambda container trusts its copy of the S3 list before asking whether it changed. */
export const S3_RECHECK_MS = 5 * 60_000;
let s3Cache: { key: string; etag?: string; modifiedAt?: number; checkedAt: number; index: ScreeningIndex } | undefined;
let s3Client: S3Client | undefined;
const s3 = () => (s3Client ??= new S3Client({}));

async function objectText(bucket: string, key: string): Promise<string | undefined> {
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body!.transformToString('utf8');
  } catch (error) {
    if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** The list in S3, checked for a change (ETag) at most every S3_RECHECK_MS. */
export async function screeningIndexFromS3(bucket: string, key: string, now = Date.now()): Promise<ScreeningIndex> {
  const cacheKey = `${bucket}/${key}`;
  if (s3Cache?.key === cacheKey && now - s3Cache.checkedAt < S3_RECHECK_MS) return s3Cache.index;
  let previous = s3Cache?.key === cacheKey ? s3Cache : undefined;
  const source = `s3://${cacheKey}`;
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key, IfNoneMatch: previous?.etag }));
    const text = await object.Body!.transformToString('utf8');
    const alt = isOfac(text) ? await objectText(bucket, altKeyOf(key)) : undefined;
    const release = () => {
      s3Cache = undefined;
      previous = undefined;
    };
    const { index, kept } = indexOrPrevious(
      () => parseList(text, source, alt),
      () => previous?.index,
      source,
      release,
    );
    s3Cache =
      kept && previous
        ? { ...previous, checkedAt: now }
        : { key: cacheKey, etag: object.ETag, modifiedAt: object.LastModified?.getTime(), checkedAt: now, index };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 304 && previous)
      s3Cache = { ...previous, checkedAt: now }; // unchanged
    else if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') {
      logger.warn('no screening list in S3: vetting sends every onboarding to review', { bucket, key });
      s3Cache = { key: cacheKey, checkedAt: now, index: bundledList(bucket, key) };
    } else if (previous) {
      logger.error('could not read the screening list, keeping the previous one', { error: (error as Error).message });
      s3Cache = { ...previous, checkedAt: now };
    } else throw error;
  }
  if (s3Cache.modifiedAt) screeningListAge((now - s3Cache.modifiedAt) / 3_600_000);
  return s3Cache.index;
}

/** The current screening list. */
export async function screeningIndex(): Promise<ScreeningIndex> {
  const { bucket, key } = settings().sanctionsList;
  return screeningIndexFromS3(bucket, key);
}
