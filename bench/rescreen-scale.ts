// Re-screening 100,000 partners when a 1,000,000-entry list changes by one row, through the real adapters: dynalite
// holds the partners' pointers, s3rver the list's indexes (published as the index-list function publishes them) and
// the partners' names index. Each run is a fresh process, as a new Lambda container would be:
// - the first change after the pointers exist builds the partners' names index once (from every pointer);
// - the next one-row change: the figure the issue asks for (≤ 2 s);
// - the baseline: a full pass (as new matching rules would start), one run of its 20 s budget, giving its rate and
//   so the time and the number of five-minute runs a full pass over every partner takes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { configureDependencies } from '../functions/adapters/dependencies.js';
import { DynamoDbScreeningState } from '../functions/adapters/dynamodb/screening-state.js';
import { TABLE, keys, partitions } from '../functions/adapters/dynamodb/keys.js';
import { dynamoDbClient } from '../functions/adapters/dynamodb/table.js';
import { publishIndex } from '../functions/adapters/screening-source.js';
import { MATCHING_RULES } from '../functions/domain/screening.js';
import { ScreeningIndex } from '../functions/domain/screening-index.js';
import { RUN_BUDGET_MS, rescreenPartners } from '../functions/services/rescreening.js';
import { ensureTable, startDynalite } from '../local/services/dynamodb.js';
import { LOCAL_SETTINGS } from '../local/runtime.js';
import { cachedTemplate } from '../local/template-cache.js';
import { readModel } from '../local/template.js';
import { scope } from '../test/support/records.js';
import { result, type Result } from './measure.js';
import { syntheticList } from './synthetic-list.js';

const PARTNERS = Number(process.env.BENCH_RESCREEN_PARTNERS ?? 100_000);
const LIST_ROWS = Number(process.env.BENCH_RESCREEN_ROWS ?? 1_000_000);
const TABLE_NAME = 'Rescreening';
const BUCKET = 'documents';
const LIST_KEY = 'lists/targets.simple.csv';
const FIVE_MINUTES_S = 300;
const execFileAsync = promisify(execFile);

/** One run of the re-screening, in its own process. */
async function run() {
  const sent: unknown[] = [];
  configureDependencies({ mailer: { send: async (mail) => void sent.push(mail) } });
  const started = performance.now();
  const outcome = await rescreenPartners(Date.now() + RUN_BUDGET_MS);
  const ms = performance.now() - started;
  const { list, mode, compared, partners, done, suspended } = outcome;
  return { ms, list, mode, compared, partners, done, suspended: suspended.length };
}

async function loadPointers(endpoint: string) {
  const db = dynamoDbClient(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  const limit = pLimit(16);
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const items = Array.from({ length: PARTNERS }, (_, i) => {
    const partnerId = `ptn_${i.toString(36).padStart(6, '0')}`;
    return {
      ...keys.activeAgreement(partnerId),
      [TABLE.byType.partitionKey]: partitions.partners,
      [TABLE.byType.sortKey]: `${at(i)}#${partnerId}`,
      agreementId: `agr_${i}`,
      status: 'ACTIVE',
      scope,
      effectiveAt: at(i),
      expiresAt: '2028-01-01T00:00:00.000Z',
      // names no synthetic list entry resembles: a run that found one would stop the benchmark
      names: { legalName: `Relaynet ${i} AB`, people: [] },
    };
  });
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
  await Promise.all(
    batches.map((batch) =>
      limit(() =>
        db.send(
          new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: batch.map((Item) => ({ PutRequest: { Item } })) } }),
        ),
      ),
    ),
  );
}

export async function rescreenScale(): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-rescreen-'));
  const database = await startDynalite(''); // in memory
  const { startS3 } = await import('../local/services/s3.js');
  const s3 = await startS3(join(dir, 's3'), [], [], { specs: [], invoke: async () => ({}) });
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const environment = {
    ...process.env,
    TABLE_NAME,
    LIAISON_SANCTIONS_BUCKET: BUCKET,
    LIAISON_SANCTIONS_KEY: LIST_KEY,
    SENDER_EMAIL: 'liaison@liaison.local',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: database.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  Object.assign(process.env, environment);
  try {
    await new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
    const table = readModel(await cachedTemplate(LOCAL_SETTINGS), 'http://localhost').table;
    await ensureTable(database.endpoint, TABLE_NAME, table);
    await loadPointers(database.endpoint);

    // three list versions, each one row apart from the one before, published as the index-list function does
    const list = syntheticList(LIST_ROWS);
    const version = (sha256: string) => ({ sha256, rows: LIST_ROWS, source: 'synthetic' });
    const v1 = ScreeningIndex.fromEntries(list, version('v1'));
    await publishIndex(BUCKET, LIST_KEY, v1, undefined, undefined, new Date());
    const state = new DynamoDbScreeningState(dynamoDbClient(), TABLE_NAME);
    await state.set({ list: 'v1', rules: MATCHING_RULES });
    let previous = v1;
    const change = async (sha256: string, row: number) => {
      list[row] = { ...list[row], name: `${list[row].name} Holdings` };
      const next = ScreeningIndex.fromEntries(list, version(sha256));
      const since = { previous: previous.version.sha256, changed: next.changedSince(previous) };
      await publishIndex(BUCKET, LIST_KEY, next, since, undefined, new Date());
      previous = next;
    };
    // asynchronously: the child calls the servers this process runs
    const child = async () => {
      const out = await execFileAsync(process.execPath, ['--import', 'tsx', import.meta.filename, 'run'], {
        env: environment,
        maxBuffer: 1 << 24,
      }).catch((error: Error & { stderr?: string }) => {
        throw new Error(`re-screening child failed: ${error.stderr || error.message}`);
      });
      return JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as Awaited<ReturnType<typeof run>>;
    };
    await change('v2', 10);
    const first = await child();
    await change('v3', 20);
    const steady = await child();
    // new matching rules: every partner again, one run of the pass
    await state.set({ list: 'v3', rules: 'earlier rules' });
    const full = await child();
    for (const r of [first, steady, full])
      if (r.suspended > 0) throw new Error('a synthetic partner matched the synthetic list: the benchmark is void');
    const perPartnerMs = full.ms / full.partners;
    const fullPassS = (PARTNERS * perPartnerMs) / 1000;
    const runs = Math.ceil(fullPassS / (RUN_BUDGET_MS / 1000));
    const scale = `${PARTNERS.toLocaleString('en')} partners, a ${LIST_ROWS.toLocaleString('en')}-entry list`;
    return [
      result(
        're-screening after a one-row list change',
        steady.ms,
        'ms',
        fullPassS * 1000,
        `${scale}; ${steady.compared} entry compared, ${steady.partners} partners screened in full; a fresh ` +
          `process (a cold container: the partners' names index read from S3, the list opened only to screen a ` +
          `partner); baseline: a full pass over every partner`,
      ),
      result(
        're-screening: the first change (builds the partners’ names index)',
        first.ms,
        'ms',
        steady.ms,
        'once, after the pointers exist; baseline: the next change',
      ),
      result(
        're-screening: full pass, ms per partner',
        perPartnerMs,
        'ms',
        perPartnerMs,
        `${full.partners} partners in one ${RUN_BUDGET_MS / 1000} s run; a pass over all takes about ` +
          `${Math.round(fullPassS)} s: ${runs} runs of the five-minute job, about ` +
          `${Math.round((runs * FIVE_MINUTES_S) / 60)} minutes of the day`,
      ),
    ];
  } finally {
    await s3.stop();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'run') console.log(JSON.stringify(await run()));
else if (process.argv[1]?.endsWith('rescreen-scale.ts')) {
  for (const r of await rescreenScale()) console.log(r);
}
