// The transparency report over a quarter with a million access decisions: the report service reads the decision
// log through its S3 adapter (the SDK's S3 client answered in memory with the objects Firehose would have written:
// one a day, JSON lines of Powertools log records), counts as it reads, and builds the report. Each run is its own
// process with the API function's heap limit, so its peak RSS is what Lambda would see. The baseline reads and
// parses the same objects and keeps nothing: the least any report could cost.
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { spawnSync } from 'node:child_process';
import { configureDependencies } from '../functions/adapters/dependencies.js';
import { S3DecisionLog } from '../functions/adapters/s3-decision-log.js';
import { DECISION_LOG_MESSAGE, DECISION_LOG_PREFIX } from '../functions/domain/decision-log.js';
import { buildTransparencyReport } from '../functions/services/transparency.js';
import { heapLimitMb } from '../infra/liaison-function.js';
import { INTERACTIVE_MEMORY_MB } from '../infra/liaison-stack.js';
import { memoryStores } from '../test/support/memory-store.js';
import { ownPeakRssMb, result, type Result } from './measure.js';

const DECISIONS = Number(process.env.BENCH_REPORT_DECISIONS ?? 1_000_000);
const DAYS = 90;
const FIRST_DAY = Date.parse('2026-01-01T00:00:00.000Z');
const day = (i: number) => new Date(FIRST_DAY + i * 86_400_000).toISOString().slice(0, 10);
const COUNTRIES = ['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'SE', 'PL', 'AT', 'PT', 'IE', 'GR', 'US', 'BR', 'JP'];
const CATEGORIES = ['threat-intelligence', 'subscriber-data', 'traffic-data', 'travel', 'financial-transaction'];
const PURPOSES = ['cybercrime', 'terrorism', 'trafficking-in-human-beings', 'fraud'];

/** One day's object: the records as the API logs them (Powertools JSON), one per line. */
function dayObject(dayIndex: number) {
  const perDay = Math.ceil(DECISIONS / DAYS);
  const lines: string[] = [];
  for (let i = 0; i < perDay && dayIndex * perDay + i < DECISIONS; i++) {
    const n = dayIndex * perDay + i;
    const deny = n % 7 === 0;
    lines.push(
      JSON.stringify({
        level: 'INFO',
        message: DECISION_LOG_MESSAGE,
        timestamp: new Date(FIRST_DAY + dayIndex * 86_400_000 + i * 7).toISOString(),
        service: 'liaison',
        decisionId: `dec_${n.toString(16).padStart(20, '0')}`,
        at: new Date(FIRST_DAY + dayIndex * 86_400_000 + i * 7).toISOString(),
        caller: 'Data exchange, Europol gateway',
        callerSubject: 'client-1',
        partnerId: `ptn_${(n % 5000).toString(16).padStart(20, '0')}`,
        agreementId: `agr_${(n % 5000).toString(16).padStart(20, '0')}`,
        dataCategory: CATEGORIES[n % CATEGORIES.length],
        purpose: PURPOSES[n % PURPOSES.length],
        direction: 'partner-to-organisation',
        requestingCountry: COUNTRIES[n % COUNTRIES.length],
        decision: deny ? 'DENY' : 'ALLOW',
        codes: deny ? ['PURPOSE_OUTSIDE_SCOPE'] : ['WITHIN_AGREEMENT'],
      }),
    );
  }
  return lines.join('\n');
}

function answerS3InMemory() {
  const s3 = mockClient(S3Client);
  s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => {
    const dayIndex = Math.round((Date.parse(input.Prefix.slice(-11, -1)) - FIRST_DAY) / 86_400_000);
    const key = `${input.Prefix}decisions-0`;
    return { Contents: dayIndex >= 0 && dayIndex < DAYS ? [{ Key: key }] : [] };
  });
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const dayIndex = Math.round((Date.parse(input.Key.split('dt=')[1].slice(0, 10)) - FIRST_DAY) / 86_400_000);
    const text = dayObject(dayIndex);
    return { Body: { transformToString: async () => text } };
  });
}

async function child(mode: 'report' | 'bare') {
  answerS3InMemory();
  const started = performance.now();
  let counted = 0;
  if (mode === 'report') {
    configureDependencies({ ...memoryStores(), decisionLog: new S3DecisionLog('decision-log') });
    const { report } = await buildTransparencyReport({ from: day(0), to: day(DAYS - 1) });
    for (const row of report.accessDecisions) counted += typeof row.count === 'number' ? row.count : 0;
  } else {
    const s3 = new S3Client({});
    for (let i = 0; i < DAYS; i++) {
      const { Contents = [] } = await s3.send(
        new ListObjectsV2Command({ Bucket: 'decision-log', Prefix: `${DECISION_LOG_PREFIX}dt=${day(i)}/` }),
      );
      for (const { Key } of Contents) {
        const object = await s3.send(new GetObjectCommand({ Bucket: 'decision-log', Key }));
        for (const line of ((await object.Body?.transformToString()) ?? '').split('\n'))
          if (JSON.parse(line).message === DECISION_LOG_MESSAGE) counted += 1;
      }
    }
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, counted, maxRssMb: ownPeakRssMb() }));
}

function run(mode: 'report' | 'bare') {
  const heap = `--max-old-space-size=${heapLimitMb(INTERACTIVE_MEMORY_MB)}`;
  const out = spawnSync(process.execPath, [heap, '--import', 'tsx', import.meta.filename, 'child', mode], {
    encoding: 'utf8',
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_REGION: 'us-east-1' },
  });
  const line = out.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as { ms: number; counted: number; maxRssMb: number };
  } catch {
    throw new Error(`report child failed: ${out.stderr || out.stdout}`);
  }
}

export function reportScale(): Result[] {
  const bare = run('bare');
  const report = run('report');
  if (report.counted !== DECISIONS || bare.counted !== DECISIONS)
    throw new Error(`the report counted ${report.counted} and the bare pass ${bare.counted} of ${DECISIONS}`);
  const note = `${DECISIONS.toLocaleString('en')} decisions over ${DAYS} days; baseline: read and parse only`;
  return [
    result('transparency report, time', report.ms, 'ms', bare.ms, note),
    result('transparency report, peak RSS', report.maxRssMb, 'MB', bare.maxRssMb, note),
  ];
}

if (process.argv[2] === 'child') await child(process.argv[3] as 'report' | 'bare');
