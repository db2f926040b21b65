// When passing a signer's answer to the workflow fails, the answer is kept and the signer told
// clearly; a transient failure is retried by the daily job. Real store on dynalite; the workflow
// port is replaced by one that fails on purpose (fault injection, not an AWS mock).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureDependencies } from '../../functions/adapters/dependencies.js';
import { onboardingHistory } from '../../functions/services/history.js';
import type { Stores } from '../../functions/ports/store.js';
import { storesOn } from '../../functions/adapters/dynamodb/stores.js';
import { dynamoDbClient } from '../../functions/adapters/dynamodb/table.js';
import { StepFunctionsWorkflow } from '../../functions/adapters/step-functions-workflow.js';
import { newLinkToken } from '../../functions/domain/link-token.js';
import { resumeUnresumed, submit } from '../../functions/services/signing.js';
import { ensureTable, startDynalite } from '../../local/services/dynamodb.js';
import { synthesize } from '../../local/synth.js';
import { readModel } from '../../local/template.js';

let stopDb: () => Promise<void>;
const calls: string[] = [];
let behaviour: 'transient' | 'gone' | 'ok' = 'ok';
// a Step Functions endpoint that answers as the real one does when throttling or when a task is gone
const sfn = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk);
  const { taskToken } = JSON.parse(Buffer.concat(chunks).toString());
  calls.push(taskToken);
  const fail = (type: string) =>
    response
      .writeHead(400, { 'content-type': 'application/x-amz-json-1.0' })
      .end(JSON.stringify({ __type: type, message: type }));
  if (behaviour === 'transient') return fail('ThrottlingException');
  if (behaviour === 'gone') return fail('TaskDoesNotExist');
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
});

let dir: string | undefined;
let stores: Stores;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-faults-'));
  const db = await startDynalite(join(dir, 'db'));
  stopDb = db.stop;
  const { table } = readModel(
    synthesize({ settings: { senderEmail: 'liaison@example.org' } }).template,
    'http://localhost:3000',
  );
  await ensureTable(db.endpoint, 'faults', table);
  await new Promise<void>((resolve) => sfn.listen(0, '127.0.0.1', () => resolve()));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${(sfn.address() as AddressInfo).port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  const client = new DynamoDBClient({
    endpoint: db.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  stores = storesOn(dynamoDbClient(client), 'faults');
  configureDependencies({
    ...stores,
    workflow: new StepFunctionsWorkflow('arn:aws:states:us-east-1:000000000000:stateMachine:faults'),
    now: () => new Date(),
  });
});
afterAll(async () => {
  sfn.close();
  await stopDb?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pendingLink(n: number) {
  const { onboardings, agreements, links } = stores;
  const at = new Date().toISOString();
  const signer = { name: 'Sam Signer', email: `sam${n}@example.org`, title: 'CEO' };
  const scope = {
    dataCategories: ['traffic' as const],
    purposes: ['cybercrime' as const],
    direction: 'partner-to-organisation' as const,
    retentionDays: 30,
    excludedCountries: [],
  };
  await onboardings.create({
    onboardingId: `onb_f${n}`,
    partnerId: `ptn_f${n}`,
    status: 'AWAITING_SIGNATURES',
    company: { legalName: `Fault ${n} Ltd`, country: 'IE', sector: 'isp', people: [] },
    scope,
    signatories: [signer],
    countersignatory: signer,
    termMonths: 12,
    templateId: 'dsa-standard',
    signingOrder: 'sequential',
    signingLinkDays: 14,
    createdAt: at,
    updatedAt: at,
    createdBy: 'test',
    agreementId: `agr_f${n}`,
  });
  await agreements.create({
    agreementId: `agr_f${n}`,
    onboardingId: `onb_f${n}`,
    partnerId: `ptn_f${n}`,
    status: 'PENDING_SIGNATURES',
    scope,
    termMonths: 12,
    templateId: 'dsa-standard',
    templateVersion: '1.0.0',
    templateSha256: 'x',
    documentSha256: 'd'.repeat(64),
    documentKey: 'agreements/x/agreement.html',
    signatures: [],
    createdAt: at,
    legalName: `Fault ${n} Ltd`,
  });
  const { token, hash } = newLinkToken();
  await links.create({
    tokenHash: hash,
    kind: 'signature',
    status: 'PENDING',
    onboardingId: `onb_f${n}`,
    agreementId: `agr_f${n}`,
    signerId: 'company-0',
    signer,
    role: 'company',
    taskToken: `task-token-${n}`,
    documentSha256: 'd'.repeat(64),
    legalName: `Fault ${n} Ltd`,
    sentAt: at,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    remindersSent: 0,
  });
  return { token, hash };
}

const form = { action: 'sign' as const, fullName: 'Sam Signer', title: 'CEO', consent: 'yes' as const };
const client = { ip: '192.0.2.1', userAgent: 'test' };

describe('Service: submit, when the workflow cannot be resumed', () => {
  it('keeps a signature given during a transient failure and passes it on later, once', async () => {
    const { hash } = await pendingLink(1).then(async (l) => {
      behaviour = 'transient';
      expect((await submit(l.token, form, client)).outcome).toBe('queued');
      return l;
    });
    const { links, agreements } = stores;
    expect((await links.get(hash))?.status).toBe('SIGNED');
    expect((await agreements.get('agr_f1'))?.signatures).toHaveLength(1);
    expect((await links.unresumed()).map((l) => l.tokenHash)).toEqual([hash]);

    behaviour = 'ok';
    calls.length = 0;
    expect(await resumeUnresumed(new Date())).toEqual([]); // too fresh: its own request may still be running
    const retried = await resumeUnresumed(new Date(Date.now() + 120_000));
    expect(retried).toEqual([{ onboardingId: 'onb_f1', signer: 'sam1@example.org', result: 'resumed' }]);
    expect(calls).toEqual(['task-token-1']);
    expect(await links.unresumed()).toEqual([]);
    expect(await resumeUnresumed(new Date(Date.now() + 240_000))).toEqual([]);
  });

  it('keeps an answer to a task that is gone while the onboarding still waits: a retried step takes it', async () => {
    const { token, hash } = await pendingLink(3);
    behaviour = 'gone';
    expect((await submit(token, form, client)).outcome).toBe('queued');
    const { links } = stores;
    expect((await links.unresumed()).map((l) => l.tokenHash)).toContain(hash);
    // the retried step hands the link to its own task; the redelivery job then passes the answer on
    await links.handToTask(hash, 'task-token-retried');
    behaviour = 'ok';
    calls.length = 0;
    const retried = await resumeUnresumed(new Date(Date.now() + 120_000));
    expect(retried).toEqual([{ onboardingId: 'onb_f3', signer: 'sam3@example.org', result: 'resumed' }]);
    expect(calls).toEqual(['task-token-retried']);
  });

  it('tells a signer who answers after the workflow stopped waiting, and records it', async () => {
    const { token, hash } = await pendingLink(2);
    // another signer declined: the onboarding has ended and the workflow waits for nobody
    await stores.onboardings.update('onb_f2', { status: 'DECLINED' });
    behaviour = 'gone';
    expect((await submit(token, form, client)).outcome).toBe('late');
    const { links } = stores;
    expect((await links.get(hash))?.resumedAt).toBeDefined();
    expect((await onboardingHistory((await stores.onboardings.get('onb_f2'))!)).map((h) => h.event)).toEqual([
      'SIGNED',
      'SIGNATURE_TOO_LATE',
    ]);
    expect((await links.unresumed()).map((l) => l.tokenHash)).not.toContain(hash);
  });
});
