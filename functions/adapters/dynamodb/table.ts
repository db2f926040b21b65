// What every DynamoDB adapter shares: the document client, conditional writes that fail as Conflict, page tokens
// checked before DynamoDB sees them, and queries that follow LastEvaluatedKey. AWS DynamoDB, DynamoDB Local or
// dynalite, chosen by the SDK's endpoint configuration (AWS_ENDPOINT_URL_DYNAMODB offline).
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { conflict, ignoreConflict, invalidPageToken } from '../../domain/errors.js';
import type { Page } from '../../ports/store.js';
import { TABLE, keys, partitions } from './keys.js';
import { settings } from '../config.js';

/** A document client; the endpoint comes from the SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB offline). */
export function dynamoDbClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

const INTERNAL = ['pk', 'sk', 'typePk', 'typeSk', 'statusPk', 'statusSk', 'duePk', 'dueSk'];
export function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const k of INTERNAL) delete copy[k];
  return copy as T;
}

const encodeToken = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
/**
 * A page token is the last key of the page before: the table's key and the index's, with the index partition the
 * query reads. Anything else is refused here, before DynamoDB would answer a crafted one with a server error.
 */
function decodeToken(
  token: string | undefined,
  index: { partitionKey: string; sortKey: string },
  partition: string,
): Record<string, string> | undefined {
  if (!token) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidPageToken();
  }
  const expected = [TABLE.partitionKey, TABLE.sortKey, index.partitionKey, index.sortKey].sort();
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    JSON.stringify(Object.keys(key).sort()) === JSON.stringify(expected) &&
    Object.values(key).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024) &&
    (key as Record<string, string>)[index.partitionKey] === partition;
  if (!valid) throw invalidPageToken();
  return key as Record<string, string>;
}

export async function conditional<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException')
      throw conflict(message);
    throw error;
  }
}

/** A conditional write's outcome as a yes or no: false when its condition did not hold. */
export const wrote = (write: Promise<unknown>, message: string): Promise<boolean> =>
  conditional(write, message).then(
    () => true,
    (error) => ignoreConflict(error) ?? false,
  );

/** The record exists and, when statuses are given, is in one of them (placeholders added to names and values). */
export function existsInStatus(
  expectStatus: readonly string[] | undefined,
  names: Record<string, string>,
  values: Record<string, unknown>,
) {
  if (!expectStatus?.length) return 'attribute_exists(pk)';
  names['#status'] = 'status';
  const placeholders = expectStatus.map((status, i) => {
    values[`:s${i}`] = status;
    return `:s${i}`;
  });
  return `attribute_exists(pk) AND #status IN (${placeholders.join(', ')})`;
}

/** SET a = :a for each defined field of a patch, with placeholders safe for any attribute name. */
export function setExpression(patch: Record<string, unknown>, remove: string[] = []) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(patch).forEach(([field, value], i) => {
    if (value === undefined) return;
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    sets.push(`#f${i} = :v${i}`);
  });
  const removals = remove.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  const expression = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removals.length ? `REMOVE ${removals.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { expression, names, values };
}

/** BatchGetItem reads at most 100 keys a call. */
const BATCH_GET_LIMIT = 100;

/** One table, reached through one document client. */
export abstract class TableAdapter {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /**
   * The items an index query found, read from the table: the indexes hold keys (and byType the few attributes the
   * partners' listing reads), so a write that changes no index key costs no index write. An item that has left the
   * index partition since (the index is eventually consistent) is left out, as a later query would.
   */
  protected async fromTable<T>(
    index: { partitionKey: string; sortKey: string },
    found: Record<string, unknown>[],
  ): Promise<T[]> {
    const key = (item: Record<string, unknown>) => `${item.pk}\n${item.sk}`;
    const read = new Map<string, Record<string, unknown>>();
    const batches = [];
    for (let i = 0; i < found.length; i += BATCH_GET_LIMIT) batches.push(found.slice(i, i + BATCH_GET_LIMIT));
    await Promise.all(
      batches.map(async (batch) => {
        let keys: Record<string, unknown>[] | undefined = batch.map(({ pk, sk }) => ({ pk, sk }));
        while (keys?.length) {
          const answer: BatchGetCommandOutput = await this.db.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of answer.Responses?.[this.tableName] ?? []) read.set(key(item), item);
          keys = answer.UnprocessedKeys?.[this.tableName]?.Keys;
        }
      }),
    );
    return found.flatMap((entry) => {
      const item = read.get(key(entry));
      const stillListed =
        item?.[index.partitionKey] === entry[index.partitionKey] && item?.[index.sortKey] === entry[index.sortKey];
      return stillListed ? [strip<T>(item)!] : [];
    });
  }

  /** Every item a query matches, following LastEvaluatedKey. */
  protected async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  protected events(pk: string) {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': pk, ':evt': keys.eventPrefix },
      ConsistentRead: true,
    });
  }

  protected page<T>(type: 'onboardings' | 'agreements', status: string | undefined, limit: number, nextToken?: string) {
    if (!status) return this.indexPage<T>(TABLE.byType, partitions[type], limit, nextToken);
    const partition = type === 'onboardings' ? partitions.onboardingsIn(status) : partitions.agreementsIn(status);
    return this.indexPage<T>(TABLE.byStatus, partition, limit, nextToken);
  }

  /**
   * One page of an index partition after a sort key (from the start when undefined), oldest first: the attributes the
   * index holds only (keys.ts: PARTNER_LISTING).
   */
  protected async indexPageAfter<T>(
    index: typeof TABLE.byType,
    partition: string,
    after: string | undefined,
    limit: number,
    nextToken?: string,
  ): Promise<Page<T & { mark: string }>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: `${index.partitionKey} = :p${after ? ` AND ${index.sortKey} > :a` : ''}`,
        ExpressionAttributeValues: { ':p': partition, ...(after ? { ':a': after } : {}) },
        Limit: limit,
        ExclusiveStartKey: decodeToken(nextToken, index, partition),
      }),
    );
    return {
      items: (page.Items ?? []).map((i) => ({ ...strip<T>(i)!, mark: String(i[index.sortKey]) })),
      nextToken: encodeToken(page.LastEvaluatedKey),
    };
  }

  /** One page of an index partition, newest first. */
  protected async indexPage<T>(
    index: typeof TABLE.byType | typeof TABLE.byStatus,
    partition: string,
    limit: number,
    nextToken?: string,
  ): Promise<Page<T>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: `${index.partitionKey} = :p`,
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeToken(nextToken, index, partition),
      }),
    );
    return { items: await this.fromTable<T>(index, page.Items ?? []), nextToken: encodeToken(page.LastEvaluatedKey) };
  }
}

let sharedClient: DynamoDBDocumentClient | undefined;
/** The function's one document client and its table, made when the first store is used. */
export function onTable(): [DynamoDBDocumentClient, string] {
  sharedClient ??= dynamoDbClient();
  return [sharedClient, settings().tableName];
}
