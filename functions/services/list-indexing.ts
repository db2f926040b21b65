// Indexing the screening list once per version, when one is uploaded: the screening functions then open the index
// instead of parsing and indexing the list themselves (which a million-row list would not let them do in time).
import { settings } from '../adapters/config.js';
import { listFromS3, openPublishedIndex, publishIndex, publishedIndex } from '../adapters/screening-source.js';
import { unusableReason } from '../domain/sanctions-list.js';
import { type ListEntry, type ListVersion, MATCHING_RULES } from '../domain/screening.js';
import { ScreeningIndex } from '../domain/screening-index.js';
import { logger } from '../lib/telemetry.js';

/** More changed entries than this and re-screening compares every partner instead (and none are listed). */
export const MAX_LISTED_CHANGES = 10_000;

export type IndexingResult =
  | { indexed: true; index: string; version: ListVersion }
  | { indexed: false; reason: string; version?: ListVersion };

/** Indexes the list now at the configured key, unless its index is already published or the list is unusable. */
export async function indexScreeningList(now: Date): Promise<IndexingResult> {
  const { bucket, key } = settings().sanctionsList;
  const found = await listFromS3(bucket, key);
  if (!found) return { indexed: false, reason: `no list at s3://${bucket}/${key}` };
  const { list } = found;
  const unusable = unusableReason(list);
  if (unusable) {
    // the index published before stays in use
    logger.error('screening list unusable, keeping the previous index', { source: list.version.source, unusable });
    return { indexed: false, reason: `list unusable: ${unusable}`, version: list.version };
  }
  for (const bad of list.badRows.slice(0, 50)) logger.warn('screening list row skipped', { ...bad });
  const current = await publishedIndex(bucket, key);
  if (current?.version.sha256 === list.version.sha256 && current.rules === MATCHING_RULES)
    return { indexed: false, reason: 'this list version is already indexed', version: list.version };
  const started = Date.now();
  const index = ScreeningIndex.fromEntries(list.entries, list.version);
  // what changed since the version before, so partners are compared with those entries only
  let since: { previous: string; changed: ListEntry[] } | undefined;
  if (current && current.rules === MATCHING_RULES) {
    const changed = index.changedSince(await openPublishedIndex(bucket, current));
    if (changed.length <= MAX_LISTED_CHANGES) since = { previous: current.version.sha256, changed };
  }
  // two uploads close together (OFAC's alt.csv and sdn.csv) index twice: the older list must not be named last
  const latest = await publishedIndex(bucket, key);
  if (latest?.listModifiedAt && found.modifiedAt && Date.parse(latest.listModifiedAt) > found.modifiedAt.getTime())
    return { indexed: false, reason: 'a newer list version was indexed meanwhile', version: list.version };
  const published = await publishIndex(bucket, key, index, since, found.modifiedAt, now);
  logger.info('screening list indexed', {
    index: published.index,
    rows: list.version.rows,
    badRows: list.badRows.length,
    changedSincePrevious: since?.changed.length ?? 'not listed',
    ms: Date.now() - started,
  });
  return { indexed: true, index: published.index, version: list.version };
}
