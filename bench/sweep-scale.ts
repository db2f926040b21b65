// The daily sweep's reads at 100,000 agreements in force: the sparse index sorted by each agreement's next expiry
// action (what the sweep queries now) against the same agreements indexed by their expiry (what it queried before:
// everything expiring within 90 days, flagged or not). Both tables are dynalite's, queried through the real adapter;
// expiries are spread over three years and each agreement's warnings are those a daily job would have sent by then.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureDependencies } from '../functions/adapters/dependencies.js';
import { DynamoDbAgreements } from '../functions/adapters/dynamodb/agreements.js';
import { DynamoDbOnboardings } from '../functions/adapters/dynamodb/onboardings.js';
import { storesOn } from '../functions/adapters/dynamodb/stores.js';
import { SesMailer } from '../functions/adapters/ses-mailer.js';
import { expireAndWarn } from '../functions/services/jobs.js';
import { startSes } from '../local/services/ses.js';
import { DEFAULT_TIMEOUT_S } from '../infra/liaison-function.js';
import { SCREENING_MEMORY_MB as DAILY_JOBS_MEMORY_MB } from '../infra/liaison-stack.js';
import { DUE_PARTITION, TABLE, keys, partitions } from '../functions/adapters/dynamodb/keys.js';
import { dynamoDbClient } from '../functions/adapters/dynamodb/table.js';
import { EXPIRY_WARNING_DAYS, expiryAction, nextExpiryActionAt } from '../functions/domain/expiry.js';
import type { AgreementRecord } from '../functions/domain/records.js';
import { DAY_MS } from '../functions/domain/time.js';
import { ensureTable, startDynalite } from '../local/services/dynamodb.js';
import { LOCAL_SETTINGS } from '../local/runtime.js';
import { cachedTemplate } from '../local/template-cache.js';
import { readModel } from '../local/template.js';
import { agreementRecord, onboardingRecord } from '../test/support/records.js';
import { result, type Result } from './measure.js';

const AGREEMENTS = Number(process.env.BENCH_SWEEP_AGREEMENTS ?? 100_000);
const DUE = 1_000;
const SWEEP_CONCURRENCY_NOTE = 'eight agreements at a time';
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

/**
 * The sweep itself over 1,000 due agreements (half to expire, half to warn), through the real adapters: dynalite, and
 * the local SES server for the emails; events go to an in-process bus. Its time against the function's timeout.
 */
async function thousandDue(endpoint: string, table: ReturnType<typeof readModel>['table']): Promise<Result> {
  const tableName = 'ThousandDue';
  await ensureTable(endpoint, tableName, table);
  const asOf = new Date('2027-06-01T05:00:00.000Z');
  const db = clientOf(endpoint);
  const records = Array.from({ length: DUE }, (_, i) => {
    const onboardingId = `onb_due_${i}`;
    const expiresAt = new Date(asOf.getTime() + (i % 2 ? -1 : 20) * DAY_MS).toISOString(); // past, or within 30 days
    const agreement = agreementRecord({
      agreementId: `agr_due_${i}`,
      onboardingId,
      partnerId: `ptn_${onboardingId}`,
      status: 'PENDING_SIGNATURES',
      signatures: [],
    });
    // in force as activation leaves it, the 90-day warning sent: the adapter files it under its next action
    const active = {
      status: 'ACTIVE' as const,
      expiresAt,
      expiryFlaggedDays: 90,
      expiryNextActionAt: nextExpiryActionAt(expiresAt, 90),
    };
    const onboarding = onboardingRecord({ onboardingId, status: 'ACTIVE', agreementId: agreement.agreementId });
    return { agreement, active, onboarding };
  });
  const limit = pLimit(16);
  await Promise.all(
    records.map(({ agreement, active, onboarding }) =>
      limit(async () => {
        await new DynamoDbOnboardings(db, tableName).create(onboarding);
        const agreements = new DynamoDbAgreements(db, tableName);
        await agreements.create(agreement);
        await agreements.update(agreement.agreementId, active, ['PENDING_SIGNATURES']);
      }),
    ),
  );
  const dir = mkdtempSync(join(tmpdir(), 'liaison-sweep-'));
  const ses = await startSes(join(dir, 'mail'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    SENDER_EMAIL: 'liaison@liaison.local',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  let events = 0;
  // the ports on this table and this SES, given explicitly: the adapters' own ports would keep clients on these
  // endpoints for later
  configureDependencies({
    ...storesOn(db, tableName),
    mailer: new SesMailer('liaison@liaison.local'),
    bus: {
      publish: async (raised) => {
        events += raised.length;
      },
    },
    now: () => asOf,
  });
  try {
    const started = performance.now();
    const swept = await expireAndWarn(asOf);
    const ms = performance.now() - started;
    const acted = swept.expired.length + swept.flagged.length;
    if (acted !== DUE) throw new Error(`the sweep acted on ${acted} of ${DUE} due agreements`);
    const timeoutMs = DEFAULT_TIMEOUT_S * 1000;
    return result(
      `daily sweep: ${DUE} due agreements acted on`,
      ms,
      'ms',
      timeoutMs,
      `${swept.expired.length} expired, ${swept.flagged.length} warned, ${events} events, each company emailed ` +
        `and one digest per recipient, through dynalite and the local SES server; baseline: the function's ` +
        `${DEFAULT_TIMEOUT_S} s timeout (CPU at ${DAILY_JOBS_MEMORY_MB} MB is ${
          Math.round((DAILY_JOBS_MEMORY_MB / 1769) * 100) / 100
        } vCPU: the sweep waits on the table and SES, ${SWEEP_CONCURRENCY_NOTE})`,
    );
  } finally {
    configureDependencies({});
    process.env = saved;
    await ses.stop();
    rmSync(dir, { recursive: true, force: true });
  }
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
      await thousandDue(database.endpoint, table),
    ];
  } finally {
    await database.stop();
  }
}

if (process.argv[1]?.endsWith('sweep-scale.ts')) for (const r of await sweepScale()) console.log(r);
