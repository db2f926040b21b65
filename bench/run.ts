// `npm run bench`: local onboarding end to end, the access check, webhook fan-out, bundle sizes, the executed PDF,
// screening, the report.
// Prints each figure with its in-run baseline and writes bench/results/latest.json.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbActiveAgreements } from '../functions/adapters/dynamodb/active-agreements.js';
import { dynamoDbClient } from '../functions/adapters/dynamodb/table.js';
import { keys } from '../functions/adapters/dynamodb/keys.js';
import { decideAccess } from '../functions/domain/access.js';
import { DECISION_LOG_MESSAGE, decisionRecord } from '../functions/domain/decision-log.js';
import { logger } from '../functions/lib/telemetry.js';
import { newId } from '../functions/domain/ids.js';
import { startLocal } from '../local/runtime.js';
import { Client, onboardingRequest, type LocalServer } from '../test/support/local-server.js';
import { bundleSizes } from './bundle-size.js';
import { executedPdfFigures } from './executed-pdf.js';
import { nameBench } from './name-bench.js';
import { reportScale } from './report-scale.js';
import { rescreenScale } from './rescreen-scale.js';
import { screeningScale } from './screening-scale.js';
import { startTimes } from './start-time.js';
import { sweepScale } from './sweep-scale.js';
import { writeUnits } from './write-units.js';
import { median, print, result, timeEach, timeInterleaved, type Result } from './measure.js';

const ONBOARDINGS = Number(process.env.BENCH_ONBOARDINGS ?? 10);
const ACCESS_CHECKS = Number(process.env.BENCH_ACCESS_CHECKS ?? 500);

// the system logs every step and access decision as JSON lines; keep them out of the report
const report = console.log.bind(console);
console.log = () => undefined;

const dataDir = mkdtempSync(join(tmpdir(), 'liaison-bench-'));
const runtime = await startLocal({ dataDir, port: 0 });
const server: LocalServer = {
  url: runtime.url,
  dataDir,
  credentials: runtime.credentials,
  token: (role) => runtime.credentials[role],
  process: undefined as never,
  output: () => '',
  stop: async () => undefined,
};
const client = new Client(server);

// DynamoDB write requests made by the whole system (every function), as the local DynamoDB endpoint counts them
const writeCount = () =>
  [...runtime.gateways.dynamodb.counts]
    .filter(([call]) => /dynamodb:(PutItem|UpdateItem|DeleteItem)$/.test(call))
    .reduce((sum, [, n]) => sum + n, 0);
// baselines talk to the same engine directly
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const db = dynamoDbClient(new DynamoDBClient({ endpoint: runtime.databaseEndpoint, region: 'us-east-1', credentials }));
const TABLE_NAME = runtime.tableName;

const results: Result[] = [];

// 1. A full onboarding with two company signers and the countersignature, signing automated over HTTP.
let transitions = 0;
let writesPerOnboarding = 0;
let unitsPerOnboarding = { table: 0, indexes: 0 };
const observed: Parameters<typeof writeUnits>[0][] = [];
runtime.gateways.dynamodb.observeWrites((write) => observed.push(write));
let partnerId = '';
const onboardingTimes = await timeEach(ONBOARDINGS, async (i) => {
  const writesBefore = writeCount();
  observed.length = 0;
  const signers = [
    { name: 'Ada One', email: `ada${i}@bench.example`, title: 'CEO' },
    { name: 'Bo Two', email: `bo${i}@bench.example`, title: 'CFO' },
  ];
  const { body } = await client.api('POST', '/api/onboardings', {
    body: onboardingRequest({
      signatories: signers,
      company: { legalName: `Bench Telecom ${i} GmbH`, country: 'DE', sector: 'telecom', people: [] },
    }),
  });
  for (const s of signers) await client.sign(await client.signingLink(s.email), s.name);
  await client.sign(await client.nthSigningLink('legal@liaison.local', i + 1), 'Head of Legal Affairs');
  const done = await runtime.runner.settled(body.onboardingId);
  if (done?.status !== 'SUCCEEDED') throw new Error(`onboarding ${body.onboardingId} ended ${done?.status}`);
  transitions = done.transitions.length;
  writesPerOnboarding = writeCount() - writesBefore;
  unitsPerOnboarding = observed
    .map(writeUnits)
    .reduce((sum, units) => ({ table: sum.table + units.table, indexes: sum.indexes + units.indexes }), {
      table: 0,
      indexes: 0,
    });
  partnerId = body.partnerId;
});
// baseline: the same number of bare PutItem requests on the same engine (the storage floor)
const bareWrites = await timeEach(ONBOARDINGS, async (i) => {
  for (let w = 0; w < writesPerOnboarding; w++)
    await db.send(
      new PutCommand({ TableName: TABLE_NAME, Item: { pk: `BENCH#${i}`, sk: `W#${w}`, payload: 'x'.repeat(200) } }),
    );
});
results.push(
  result(
    'local onboarding, 2 signers + countersignature',
    median(onboardingTimes),
    'ms',
    median(bareWrites),
    `baseline: ${writesPerOnboarding} bare PutItem requests`,
  ),
);
results.push(
  result('state transitions per onboarding', transitions, 'count', 1, 'Step Functions Standard bills per transition'),
);
runtime.gateways.dynamodb.observeWrites(undefined);
results.push(result('DynamoDB write requests per onboarding', writesPerOnboarding, 'count', 1, 'goal ≤ 30'));
results.push(
  result(
    'DynamoDB write units per onboarding',
    unitsPerOnboarding.table + unitsPerOnboarding.indexes,
    'WCU',
    writesPerOnboarding,
    `${unitsPerOnboarding.table} table + ${unitsPerOnboarding.indexes} index; ` +
      'baseline: one unit per request; goal ≤ 60',
  ),
);

// 2. The access check: one GetItem, then pure code; against a bare GetItem of the same item.
const request = {
  partnerId,
  dataCategory: 'threat-intelligence' as const,
  purpose: 'cybercrime' as const,
  direction: 'partner-to-organisation' as const,
  requestingCountry: 'FR',
};
const activeAgreements = new DynamoDbActiveAgreements(db, TABLE_NAME);
// with its decision kept: the API's log record (what the platform delivers to the decision log), written to a
// real file descriptor as Lambda's runtime takes stdout; nothing else is added to the check's path
const devNull = openSync('/dev/null', 'w');
const stdoutWrite = process.stdout.write;
process.stdout.write = ((chunk: string | Uint8Array) => {
  if (typeof chunk === 'string') writeSync(devNull, chunk);
  else writeSync(devNull, chunk);
  return true;
}) as typeof process.stdout.write;
const caller = { subject: 'bench-client', label: 'Bench exchange' };
const check = await timeInterleaved(ACCESS_CHECKS, {
  service: async () => {
    if (decideAccess(request, await activeAgreements.get(partnerId), new Date()).decision !== 'ALLOW')
      throw new Error('expected ALLOW');
  },
  withLog: async () => {
    const at = new Date();
    const decided = decideAccess(request, await activeAgreements.get(partnerId), at);
    const decision = { decisionId: newId('decision'), ...decided };
    logger.info(DECISION_LOG_MESSAGE, { ...decisionRecord(decision.decisionId, at, caller, request, decision) });
  },
  bare: () => db.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.activeAgreement(partnerId) })),
});
process.stdout.write = stdoutWrite;
closeSync(devNull);
const { service, withLog, bare } = check;
const overHttp = await timeEach(ACCESS_CHECKS, async () => {
  const { body } = await client.api('POST', '/api/access-checks', { role: 'service', body: request });
  if (body.decision !== 'ALLOW') throw new Error('expected ALLOW');
});
results.push(
  result(
    'access check (store + decision)',
    median(service),
    'ms',
    median(bare),
    'baseline: bare GetItem of the same item',
  ),
);
results.push(
  result(
    'access check with its decision logged',
    median(withLog),
    'ms',
    median(bare),
    'baseline: bare GetItem of the same item; the log record is the decision log (delivered by the platform)',
  ),
);
results.push(
  result(
    'access check over HTTP (auth + check)',
    median(overHttp),
    'ms',
    median(bare),
    'baseline: bare GetItem of the same item',
  ),
);

// 3. Webhook fan-out: 20 receivers on this machine subscribed to suspensions and reinstatements; each round
// suspends or reinstates an agreement over HTTP and ends when every receiver has the event. The baseline posts a
// body of the same size to the 20 receivers at once from here: the network's own share.
const RECEIVERS = 20;
const FANOUT_ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 10);
let received = 0;
let onAllReceived: (() => void) | undefined;
const receivers = await Promise.all(
  Array.from({ length: RECEIVERS }, async () => {
    const receiver = createServer((request, response) => {
      request.resume().on('end', () => {
        response.writeHead(204).end();
        if (request.headers['webhook-id'] && ++received % RECEIVERS === 0) onAllReceived?.();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', () => ok()));
    return { receiver, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events` };
  }),
);
for (const { url } of receivers)
  await client.api('POST', '/api/webhooks', { body: { url, events: ['agreement.suspended', 'agreement.reinstated'] } });
const fanoutAgreement = (await client.api('GET', '/api/agreements?status=ACTIVE&limit=1')).body.items[0].agreementId;
const fanouts = await timeEach(FANOUT_ROUNDS, async (round) => {
  const everyone = new Promise<void>((ok) => {
    onAllReceived = ok;
  });
  const action = round % 2 === 0 ? 'suspend' : 'reinstate';
  await client.api('POST', `/api/agreements/${fanoutAgreement}/${action}`, { body: { reason: `bench ${round}` } });
  await everyone;
});
const sample = JSON.stringify({
  type: 'agreement.suspended',
  timestamp: new Date().toISOString(),
  data: { x: 'y'.repeat(300) },
});
const barePosts = await timeEach(FANOUT_ROUNDS, () =>
  Promise.all(receivers.map(({ url }) => fetch(url, { method: 'POST', body: sample }).then((r) => r.arrayBuffer()))),
);
for (const { receiver } of receivers) receiver.close();
results.push(
  result(
    `webhook fan-out to ${RECEIVERS} receivers`,
    median(fanouts),
    'ms',
    median(barePosts),
    'from the suspension request to the last signed delivery; baseline: 20 bare POSTs at once',
  ),
);

// 4. Bundle sizes, and the executed PDF in every script.
results.push(...(await bundleSizes()));
results.push(...(await executedPdfFigures()));

// 5. Screening: speed on a 20,000-entry list, and quality on name-bench next to logic-v2.
results.push(...screeningScale());
results.push(...(await rescreenScale()));
// 6. `npm start` until healthy; the daily sweep's reads at 100,000 agreements.
results.push(...(await startTimes()));
results.push(...(await sweepScale()));
// 7. The transparency report over a million decisions.
results.push(...reportScale());
for (const { slice, liaison, logicV2 } of nameBench()) {
  results.push(
    result(
      `name-bench F1, ${slice}`,
      liaison.f1,
      'F1',
      logicV2.f1,
      `baseline: logic-v2; Liaison P ${liaison.precision.toFixed(3)} R ${liaison.recall.toFixed(3)}, ` +
        `logic-v2 P ${logicV2.precision.toFixed(3)} R ${logicV2.recall.toFixed(3)}, n ${liaison.n}`,
    ),
  );
}

await runtime.stop();
rmSync(dataDir, { recursive: true, force: true });
console.log = report;
print(results);
writeFileSync(join(import.meta.dirname, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten to bench/results/latest.json');
process.exit(0);
