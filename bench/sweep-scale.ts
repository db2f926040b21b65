// The daily sweep's reads at 100,000 agreements in force: the sparse index sorted by each agreement's next expiry
// action (what the sweep queries now) against the same agreements indexed by their expiry (what it queried before:
// everything expiring within 90 days, flagged or not). Both tables are dynalite's, queried through the real adapter;
// expiries are spread over three years and each agreement's warnings are those a daily job would have sent by then.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { DynamoDbAgreements } from '../functions/adapters/dynamodb/agreements.js';
import { DUE_PARTITION, TABLE, keys, partitions } from '../functions/adapters/dynamodb/keys.js';
import { dynamoDbClient } from '../functions/adapters/dynamodb/table.js';
import { EXPIRY_WARNING_DAYS, expiryAction, nextExpiryActionAt } from '../functions/domain/expiry.js';
import type { AgreementRecord } from '../functions/domain/records.js';
import { DAY_MS } from '../functions/domain/time.js';
import { ensureTable, startDynalite } from '../local/services/dynamodb.js';
import { LOCAL_SETTINGS } from '../local/runtime.js';
import { cachedTemplate } from '../local/template-cache.js';
import { readModel } from '../local/template.js';
import { agreementRecord } from '../test/support/records.js';
import { result, type Result } from './measure.js';

const AGREEMENTS = Number(process.env.BENCH_SWEEP_AGREEMENTS ?? 100_000);
const AS_OF = new Date('2027-06-01T05:00:00.000Z');
const SPREAD_DAYS = 3 * 365;

/** The warning a daily job would last have sent by the day before: the narrowest threshold already passed. */
function flaggedBy(expiresAt: string, asOf: Date): number | undefined {
  const yesterday = new Date(asOf.getTime() - DAY_MS);
  return EXPIRY_WARNING_DAYS.filter((days) => Date.parse(expiresAt) - days * DAY_MS <= yesterday.getTime()).at(-1);
}

function agreements(): AgreementRecord[] {
  return Array.from({ length: AGREEMENTS }, (_, i) => {
    const expiresAt = new Date(AS_OF.getTime() + ((i * SPREAD_DAYS) / AGREEMENTS) * DAY_MS + 1).toISOString();
    const expiryFlaggedDays = flaggedBy(expiresAt, AS_OF);
    return agreementRecord({
      agreementId: `agr_${i.toString(36).padStart(8, '0')}`,
      status: 'ACTIVE',
      expiresAt,
      expiryFlaggedDays,
      expiryNextActionAt: nextExpiryActionAt(expiresAt, expiryFlaggedDays),
      signatures: [],
    });
  });
}

const clientOf = (endpoint: string) =>
  dynamoDbClient(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );

/** Writes the agreements as the adapter keeps ACTIVE ones, with the sparse index keyed by `dueAt`. */
async function load(
  endpoint: string,
  tableName: string,
  all: AgreementRecord[],
  dueAt: (a: AgreementRecord) => string,
) {
  const db = clientOf(endpoint);
  const limit = pLimit(16);
  const batches = Array.from({ length: Math.ceil(all.length / 25) }, (_, b) => all.slice(b * 25, b * 25 + 25));
  await Promise.all(
    batches.map((batch) =>
      limit(() =>
        db.send(
          new BatchWriteCommand({
            RequestItems: {
              [tableName]: batch.map((a) => ({
                PutRequest: {
                  Item: {
                    ...keys.agreement(a.agreementId),
                    statusPk: partitions.agreementsIn('ACTIVE'),
                    statusSk: `${a.createdAt}#${a.agreementId}`,
                    [TABLE.byExpiry.partitionKey]: DUE_PARTITION,
                    [TABLE.byExpiry.sortKey]: `${dueAt(a)}#${a.agreementId}`,
                    ...a,
                  },
                },
              })),
            },
          }),
        ),
      ),
    ),
  );
}

export async function sweepScale(): Promise<Result[]> {
  const database = await startDynalite(''); // in memory
  try {
    const table = readModel(await cachedTemplate(LOCAL_SETTINGS), 'http://localhost').table;
    const all = agreements();
    await ensureTable(database.endpoint, 'ByNextAction', table);
    await ensureTable(database.endpoint, 'ByExpiry', table);
    await load(database.endpoint, 'ByNextAction', all, (a) => a.expiryNextActionAt!);
    await load(database.endpoint, 'ByExpiry', all, (a) => a.expiresAt!);
    const acting = (read: AgreementRecord[]) =>
      read.filter((a) => expiryAction(a.expiresAt!, a.expiryFlaggedDays, AS_OF).kind !== 'none').length;

    const client = clientOf(database.endpoint);
    let started = performance.now();
    const now = await new DynamoDbAgreements(client, 'ByNextAction').dueBy(AS_OF.toISOString());
    const nowMs = performance.now() - started;
    const horizon = new Date(AS_OF.getTime() + EXPIRY_WARNING_DAYS[0] * DAY_MS).toISOString();
    started = performance.now();
    const before = await new DynamoDbAgreements(client, 'ByExpiry').dueBy(horizon);
    const beforeMs = performance.now() - started;
    const acted = acting(now);
    const note = `${AGREEMENTS.toLocaleString('en')} agreements in force; ${acted} due`;
    return [
      result(
        'daily sweep: agreements read per agreement acted on',
        now.length / acted,
        'x',
        before.length / acting(before),
        `${note}; read ${now.length}; baseline: indexed by expiry, read ${before.length}`,
      ),
      result('daily sweep: query for the due agreements', nowMs, 'ms', beforeMs, `${note}; baseline: by expiry`),
    ];
  } finally {
    await database.stop();
  }
}
