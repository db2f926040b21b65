// The screening list in S3 (LIAISON_SANCTIONS_BUCKET + LIAISON_SANCTIONS_KEY), in the OpenSanctions
// targets.simple.csv layout or OFAC's sdn.csv (alt.csv beside it supplies aliases), and its index.
// An upload wakes the index-list function, which parses and indexes the list once and publishes the index beside it
// (lists/index/<sha256>.bin, and lists/index/current.json naming the newest); the screening functions open that
// index without rebuilding it, and look for a newer one at most every S3_RECHECK_MS. A list that cannot be used is
// not published, so the previous index stays. Until one is, there is nothing to screen against: the empty list is
// marked provisional, and vetting never answers CLEAR against it.
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import {
  type ParsedList,
  altKeyOf,
  indexFolderOf,
  parseOfacSdn,
  parseTargetsSimpleCsv,
  partnersFolderOf,
} from '../domain/sanctions-list.js';
import { type ListEntry, type ListVersion, MATCHING_RULES } from '../domain/screening.js';
import { ScreeningIndex } from '../domain/screening-index.js';
import { settings } from './config.js';
import { logger, screeningListAge } from '../lib/telemetry.js';

const isOfac = (text: string) => /^"?\d+"?,/.test(text.slice(0, text.indexOf('\n') >>> 0).replace(/^\uFEFF/, ''));

/** Parses list text in whichever supported layout it has; `alt` is OFAC's alias file when there is one. */
export function parseList(text: string, source: string, alt?: string): ParsedList {
  return isOfac(text) ? parseOfacSdn(text, alt, source) : parseTargetsSimpleCsv(text, source);
}

/** The object naming a list's newest index. */
export const currentIndexKeyOf = (listKey: string) => `${indexFolderOf(listKey)}current.json`;

/** What current.json holds. */
export interface PublishedIndex {
  /** The index object's key. */
  index: string;
  version: ListVersion;
  /** The matching rules the index was built with. */
  rules?: string;
  /** The version indexed before this one, and the key of the entries added or changed since (when few enough). */
  previous?: string;
  changes?: string;
  /** When the list object the index was built from was last modified. */
  listModifiedAt?: string;
  builtAt: string;
}

/** No list indexed yet: nothing to screen against, marked provisional so vetting never clears. */
function noList(bucket: string, key: string): ScreeningIndex {
  return ScreeningIndex.fromEntries([], {
    sha256: '',
    rows: 0,
    source: `s3://${bucket}/${key}`,
    provisional: `no screening list uploaded to s3://${bucket}/${key} has been indexed yet: nothing was screened`,
  });
}

let s3Client: S3Client | undefined;
const s3 = () => (s3Client ??= new S3Client({}));
const isMissing = (error: unknown) => error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey';

/** The object, or undefined when there is none. */
async function objectIfAny(bucket: string, key: string): Promise<GetObjectCommandOutput | undefined> {
  try {
    return await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function objectText(bucket: string, key: string): Promise<string | undefined> {
  const object = await objectIfAny(bucket, key);
  return object && object.Body!.transformToString('utf8');
}

/** The list object, parsed (with OFAC's alt.csv when the list is OFAC's); undefined when there is none. */
export async function listFromS3(
  bucket: string,
  key: string,
): Promise<{ list: ParsedList; modifiedAt?: Date } | undefined> {
  const object = await objectIfAny(bucket, key);
  if (!object) return undefined;
  const text = await object.Body!.transformToString('utf8');
  const alt = isOfac(text) ? await objectText(bucket, altKeyOf(key)) : undefined;
  return { list: parseList(text, `s3://${bucket}/${key}`, alt), modifiedAt: object.LastModified };
}

/** The index current.json names, if any. */
export async function publishedIndex(bucket: string, listKey: string): Promise<PublishedIndex | undefined> {
  const text = await objectText(bucket, currentIndexKeyOf(listKey));
  return text === undefined ? undefined : (JSON.parse(text) as PublishedIndex);
}

/** A published index, opened (for the list indexer, to tell what changed since). */
export async function openPublishedIndex(bucket: string, published: PublishedIndex): Promise<ScreeningIndex> {
  return ScreeningIndex.fromBytes(await downloadBytes(bucket, published.index));
}

/** The entries added or changed since the version before, as the index-list function wrote them. */
export async function listChanges(bucket: string, published: PublishedIndex): Promise<ListEntry[] | undefined> {
  if (!published.changes) return undefined;
  const text = await objectText(bucket, published.changes);
  return text === undefined ? undefined : (JSON.parse(text) as { entries: ListEntry[] }).entries;
}

/**
 * Writes an index (and the entries changed since the previous version, when given) and then names it in
 * current.json, so a reader never finds a name before its object.
 */
export async function publishIndex(
  bucket: string,
  listKey: string,
  index: ScreeningIndex,
  since: { previous: string; changed: ListEntry[] } | undefined,
  listModifiedAt: Date | undefined,
  now: Date,
): Promise<PublishedIndex> {
  const folder = indexFolderOf(listKey);
  const key = `${folder}${index.version.sha256}.bin`;
  await s3().send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: index.toBytes(), ContentType: 'application/octet-stream' }),
  );
  const changes = since ? `${folder}${index.version.sha256}.changes.json` : undefined;
  if (since)
    await s3().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: changes,
        Body: JSON.stringify({ previous: since.previous, entries: since.changed }),
        ContentType: 'application/json',
      }),
    );
  const published: PublishedIndex = {
    index: key,
    version: index.version,
    rules: MATCHING_RULES,
    previous: since?.previous,
    changes,
    listModifiedAt: listModifiedAt?.toISOString(),
    builtAt: now.toISOString(),
  };
  await s3().send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: currentIndexKeyOf(listKey),
      Body: JSON.stringify(published),
      ContentType: 'application/json',
    }),
  );
  return published;
}

/** Parts an index is downloaded in, several at once: one S3 connection gives far less than the function's network. */
const PART_BYTES = 16 * 1_048_576;
const PARTS_AT_ONCE = 8;

async function downloadBytes(bucket: string, key: string): Promise<Uint8Array> {
  const part = async (start: number) => {
    const range = `bytes=${start}-${start + PART_BYTES - 1}`;
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
    return { object, bytes: await object.Body!.transformToByteArray() };
  };
  const first = await part(0);
  const total = Number(first.object.ContentRange?.split('/')[1] ?? first.bytes.length);
  const whole = new Uint8Array(total);
  whole.set(first.bytes, 0);
  const limit = pLimit(PARTS_AT_ONCE);
  const starts: number[] = [];
  for (let start = PART_BYTES; start < total; start += PART_BYTES) starts.push(start);
  await Promise.all(starts.map((start) => limit(async () => whole.set((await part(start)).bytes, start))));
  return whole;
}

/** How long a Lambda container trusts its copy of the index before asking whether a newer one was published. */
export const S3_RECHECK_MS = 5 * 60_000;
let s3Cache:
  | { listKey: string; pointerEtag?: string; indexKey?: string; checkedAt: number; index: ScreeningIndex }
  | undefined;

/**
 * The newest published index of the list in S3, checked for a newer one at most every S3_RECHECK_MS (or now, when
 * `recheck` says so).
 */
export async function screeningIndexFromS3(
  bucket: string,
  key: string,
  now = Date.now(),
  recheck = false,
): Promise<ScreeningIndex> {
  const listKey = `${bucket}/${key}`;
  const previous = s3Cache?.listKey === listKey ? s3Cache : undefined;
  if (!recheck && previous && now - previous.checkedAt < S3_RECHECK_MS) return previous.index;
  try {
    const pointer = await s3().send(
      new GetObjectCommand({ Bucket: bucket, Key: currentIndexKeyOf(key), IfNoneMatch: previous?.pointerEtag }),
    );
    const published = JSON.parse(await pointer.Body!.transformToString('utf8')) as PublishedIndex;
    if (published.index !== previous?.indexKey) {
      // the index in use stays until the next is open: a failed download keeps it
      const index = ScreeningIndex.fromBytes(await downloadBytes(bucket, published.index));
      logger.info('screening index opened', { index: published.index, rows: index.version.rows });
      s3Cache = { listKey, pointerEtag: pointer.ETag, indexKey: published.index, checkedAt: now, index };
    } else s3Cache = { ...previous, pointerEtag: pointer.ETag, checkedAt: now };
    if (published.listModifiedAt) screeningListAge((now - Date.parse(published.listModifiedAt)) / 3_600_000);
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 304 && previous) s3Cache = { ...previous, checkedAt: now };
    else if (isMissing(error)) {
      logger.warn('no screening list indexed in S3: vetting sends every onboarding to review', { bucket, key });
      s3Cache = { listKey, checkedAt: now, index: noList(bucket, key) };
    } else if (previous) {
      logger.error('could not read the screening index, keeping the one in use', { error: (error as Error).message });
      s3Cache = { ...previous, checkedAt: now };
    } else throw error;
  }
  return (s3Cache as NonNullable<typeof s3Cache>).index;
}

/** The current screening list. */
export async function screeningIndex(): Promise<ScreeningIndex> {
  const { bucket, key } = settings().sanctionsList;
  return screeningIndexFromS3(bucket, key);
}

/** The screening list at this version: the one in use, or asked for now if that is another (re-screening). */
export async function screeningIndexOf(sha256: string): Promise<ScreeningIndex> {
  const { bucket, key } = settings().sanctionsList;
  const index = await screeningIndexFromS3(bucket, key);
  if (index.version.sha256 === sha256) return index;
  const checked = await screeningIndexFromS3(bucket, key, Date.now(), true);
  if (checked.version.sha256 !== sha256)
    throw new Error(`screening list ${sha256.slice(0, 12)} is no longer the one published`);
  return checked;
}

/** Where re-screening keeps the index of the partners' names, beside the lists. */
export const partnerIndexKeyOf = (listKey: string) => `${partnersFolderOf(listKey)}index.bin`;

/** The partners' names index and the mark of the newest pointer in it; undefined when none was written. */
export async function readPartnerIndex(
  bucket: string,
  listKey: string,
): Promise<{ index: ScreeningIndex; through: string } | undefined> {
  const object = await objectIfAny(bucket, partnerIndexKeyOf(listKey));
  if (!object) return undefined;
  const index = ScreeningIndex.fromBytes(await object.Body!.transformToByteArray());
  return { index, through: object.Metadata?.through ?? '' };
}

export async function writePartnerIndex(bucket: string, listKey: string, index: ScreeningIndex, through: string) {
  await s3().send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: partnerIndexKeyOf(listKey),
      Body: index.toBytes(),
      Metadata: { through },
      ContentType: 'application/octet-stream',
    }),
  );
}
