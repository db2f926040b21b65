// Re-screening on the in-memory fakes, with the list's index and its listed changes served by a mocked S3: a change
// is compared with the partners' names only, and a full pass moves on page by page over several runs.
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ListEntry, MATCHING_RULES } from '../../../functions/domain/screening.js';
import { ScreeningIndex } from '../../../functions/domain/screening-index.js';
import { continueRescreening, rescreenPartners } from '../../../functions/services/rescreening.js';
import { useFakes } from '../../support/fakes.js';
import { AT, agreementRecord, onboardingRecord, scope } from '../../support/records.js';

const entry = (id: string, name: string): ListEntry => ({
  id,
  schema: 'Company',
  name,
  aliases: [],
  countries: [],
  identifiers: [],
  datasets: ['test'],
});
const listed = [entry('l1', 'Volkov Trading OOO'), entry('l2', 'Golden Crescent Shipping FZE')];

let bucket = 0;
let objects: Map<string, { body: Uint8Array | string; metadata?: Record<string, string> }>;
let s3: ReturnType<typeof mockClient>;

/** Publishes a list version as the index-list function does, with its changes when given. */
function publish(version: string, entries: ListEntry[], since?: { previous: string; changed: ListEntry[] }) {
  const index = ScreeningIndex.fromEntries(entries, { sha256: version, rows: entries.length, source: 'test' });
  objects.set(`lists/index/${version}.bin`, { body: index.toBytes() });
  if (since) objects.set(`lists/index/${version}.changes.json`, { body: JSON.stringify({ entries: since.changed }) });
  objects.set('lists/index/current.json', {
    body: JSON.stringify({
      index: `lists/index/${version}.bin`,
      version: index.version,
      rules: MATCHING_RULES,
      previous: since?.previous,
      changes: since ? `lists/index/${version}.changes.json` : undefined,
    }),
  });
}

beforeEach(() => {
  objects = new Map();
  // a bucket of its own per test: the adapter keeps the index it opened for five minutes
  process.env.LIAISON_SANCTIONS_BUCKET = `docs-${++bucket}`;
  process.env.LIAISON_SANCTIONS_KEY = 'lists/targets.simple.csv';
  s3 = mockClient(S3Client);
  s3.on(GetObjectCommand).callsFake((input: { Key: string; Range?: string }) => {
    const object = objects.get(input.Key);
    if (!object) throw new NoSuchKey({ message: 'no such key', $metadata: {} });
    const bytes = typeof object.body === 'string' ? Buffer.from(object.body) : object.body;
    return {
      Body: { transformToString: async () => Buffer.from(bytes).toString(), transformToByteArray: async () => bytes },
      ContentRange: `bytes 0-${bytes.length - 1}/${bytes.length}`,
      ETag: `"${input.Key}-${bytes.length}"`,
      Metadata: object.metadata,
    };
  });
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: Uint8Array; Metadata?: Record<string, string> }) => {
    objects.set(input.Key, { body: input.Body, metadata: input.Metadata });
    return {};
  });
});
afterEach(() => {
  s3.restore();
  delete process.env.LIAISON_SANCTIONS_BUCKET;
  delete process.env.LIAISON_SANCTIONS_KEY;
});

async function partners(fakes: ReturnType<typeof useFakes>, count: number, named: (i: number) => string) {
  for (let i = 0; i < count; i++) {
    const pointer = { agreementId: `agr_${i}`, status: 'ACTIVE' as const, scope, effectiveAt: AT, expiresAt: AT };
    const at = new Date(Date.parse(AT) + i * 1000).toISOString();
    await fakes.activeAgreements.put(`ptn_${i}`, pointer, { legalName: named(i), people: [] }, at);
  }
}

describe('Service rule: re-screening partners', () => {
  it('screens every partner in full at first, a page at least per run, until the pass is done', async () => {
    const fakes = useFakes();
    await partners(fakes, 250, (i) => `Partner Number ${i} Telecom`);
    publish('v1', listed);
    // while another run holds the lease (the five-minute job, say), a second one does nothing
    await fakes.screeningState.lease('other-run', new Date(Date.now() + 60_000).toISOString(), AT);
    expect(await rescreenPartners(0)).toMatchObject({ skipped: true, busy: true, partners: 0 });
    fakes.screeningState.held = undefined; // that run ended
    const first = await rescreenPartners(0); // no time left: one page, then the next run goes on
    expect(first).toMatchObject({ mode: 'full', done: false, partners: 100 });
    expect((await fakes.screeningState.get()).pass).toMatchObject({ list: 'v1', partners: 100 });
    const second = await continueRescreening(0);
    expect(second).toMatchObject({ mode: 'full', done: false, partners: 100 });
    const third = await continueRescreening(0);
    expect(third).toMatchObject({ mode: 'full', done: true, partners: 50 });
    expect(await fakes.screeningState.get()).toMatchObject({ list: 'v1', rules: MATCHING_RULES });
    expect((await fakes.screeningState.get()).pass).toBeUndefined();
    expect(await continueRescreening(0)).toBeUndefined();
    expect(await rescreenPartners()).toMatchObject({ skipped: true });
  });

  it('suspends on a hit in a full pass the partner in force, and leaves one whose agreement ended alone', async () => {
    const fakes = useFakes();
    await partners(fakes, 3, (i) => (i === 0 ? 'Partner Number 0 Telecom' : 'Volkov Trading OOO'));
    for (const i of [1, 2]) {
      await fakes.onboardings.create(onboardingRecord({ onboardingId: `onb_${i}`, status: 'ACTIVE' }));
      const ids = { agreementId: `agr_${i}`, partnerId: `ptn_${i}`, onboardingId: `onb_${i}` };
      await fakes.agreements.create(
        agreementRecord({ ...ids, status: i === 1 ? 'ACTIVE' : 'REVOKED', effectiveAt: AT }),
      );
    }
    await fakes.activeAgreements.setStatus('ptn_2', 'agr_2', 'REVOKED'); // its pointer says so
    publish('v1', listed);

    const result = await rescreenPartners();

    // the listing holds names only: all three are screened, and the pointer decides what a hit does
    expect(result).toMatchObject({ mode: 'full', done: true, partners: 3 });
    expect(result.suspended.map((s) => s.partnerId)).toEqual(['ptn_1']);
    expect((await fakes.agreements.get('agr_1'))?.status).toBe('SUSPENDED');
    expect((await fakes.agreements.get('agr_2'))?.status).toBe('REVOKED');
    expect(fakes.mailer.sent.filter((m) => m.subject.endsWith('new sanctions hit'))).toHaveLength(1);
  });

  const comparesChanges =
    "compares a list's changes with the partners' names only, and suspends the partner a new entry matches";
  it(comparesChanges, async () => {
    const fakes = useFakes();
    await partners(fakes, 300, (i) => (i === 123 ? 'Aurora Polar Networks AB' : `Partner Number ${i} Telecom`));
    for (const i of [123, 124]) {
      await fakes.onboardings.create(onboardingRecord({ onboardingId: `onb_${i}`, status: 'ACTIVE' }));
      const ids = { agreementId: `agr_${i}`, partnerId: `ptn_${i}`, onboardingId: `onb_${i}` };
      await fakes.agreements.create(agreementRecord({ ...ids, status: 'ACTIVE', effectiveAt: AT }));
    }
    publish('v1', listed);
    await fakes.screeningState.set({ list: 'v1', rules: MATCHING_RULES });
    const added = entry('l3', 'Aurora Polar Networks');
    publish('v2', [...listed, added], { previous: 'v1', changed: [added] });

    const result = await rescreenPartners();
    expect(result).toMatchObject({ mode: 'changes', compared: 1, partners: 1 });
    expect(result.suspended).toEqual([
      expect.objectContaining({
        agreementId: 'agr_123',
        partnerId: 'ptn_123',
        findings: [expect.stringContaining('l3')],
      }),
    ]);
    expect((await fakes.agreements.get('agr_123'))?.status).toBe('SUSPENDED');
    expect((await fakes.agreements.get('agr_124'))?.status).toBe('ACTIVE');
    const hits = fakes.mailer.sent.filter((m) => m.subject.endsWith('new sanctions hit'));
    expect(hits.map((m) => m.subject)).toEqual([
      'Agreement with Aurora Polar Networks AB suspended: new sanctions hit',
    ]);
    // the partners' names were indexed once and kept beside the lists
    expect(objects.get('lists/partners/index.bin')?.metadata?.through).toMatch(/#ptn_299$/);
    expect(await fakes.screeningState.get()).toMatchObject({ list: 'v2' });

    // a change no partner resembles: the list itself is not even opened
    const unrelated = entry('l4', 'Zhongxing Qilin Maritime');
    publish('v3', [...listed, added, unrelated], { previous: 'v2', changed: [unrelated] });
    expect(await rescreenPartners()).toMatchObject({ mode: 'changes', compared: 1, partners: 0, suspended: [] });
    const reads = s3.commandCalls(GetObjectCommand).map((c) => (c.args[0].input as { Key: string }).Key);
    expect(reads).not.toContain('lists/index/v3.bin');
    expect(await fakes.screeningState.get()).toMatchObject({ list: 'v3' });
  });
});
