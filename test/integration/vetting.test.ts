// Vetting over time on the local runtime: a near-identical existing partner, re-screening when the
// list changes (suspension, access denied, officer told), and a review nobody decides in time.
import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newDataDir, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;
let listFile: string;
beforeAll(async () => {
  const dataDir = newDataDir();
  listFile = join(dataDir, 'list.csv');
  copyFileSync('data/sanctions/sample-targets.simple.csv', listFile);
  server = await startServer(dataDir, { LIAISON_SANCTIONS_FILE: listFile });
  client = new Client(server);
});
afterAll(async () => server?.stop());

const company = (legalName: string) => ({
  legalName,
  country: 'SE',
  sector: 'isp',
  people: [{ name: 'Britt Ek', role: 'director' }],
});
let partnerId = '';
let agreementId = '';
let duplicateOnboarding = '';

describe('an existing partner with a near-identical name', () => {
  it('is a duplicates finding that names it, and sends the onboarding to review', async () => {
    const first = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Aurora Polar Networks AB'),
        signatories: [{ name: 'Britt Ek', email: 'britt@aurora.example', title: 'CEO' }],
      }),
    });
    await client.sign(await client.signingLink('britt@aurora.example'), 'Britt Ek');
    await client.sign(await client.signingLink('legal@liaison.local'), 'Head of Legal Affairs');
    const active = await client.waitForStatus(first.body.onboardingId, 'ACTIVE');
    ({ partnerId } = active);
    agreementId = active.agreement.agreementId;

    const second = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Aurora Polar Networks A.B.') }),
    });
    duplicateOnboarding = second.body.onboardingId;
    const inReview = await client.waitForStatus(duplicateOnboarding, 'IN_REVIEW');
    const duplicates = inReview.vetting.checks.find((c: { check: string }) => c.check === 'duplicates');
    expect(duplicates.outcome).toBe('REVIEW');
    expect(duplicates.findings[0]).toContain(partnerId);
    expect(duplicates.findings[0]).toContain('near-identical name');
  });
});

describe('re-screening active partners', () => {
  it('does nothing while the list is unchanged', async () => {
    const first = await client.api('POST', '/api/jobs/expiry-sweep', { body: {} });
    // first run: nothing screened yet, so every partner is screened in full
    expect(first.body.rescreening).toMatchObject({ skipped: false, mode: 'full', done: true, suspended: [] });
    expect((await client.api('POST', '/api/jobs/expiry-sweep', { body: {} })).body.rescreening.skipped).toBe(true);
  });

  it('suspends a partner the changed list now matches: access is denied and the officer told', async () => {
    appendFileSync(
      listFile,
      'liaison-sample-0099,Company,Aurora Polar Networks,,,se,,,Sample listing (fictional),,,liaison-sample,' +
        '2026-11-20T00:00:00,2026-11-20T00:00:00,2026-11-20T00:00:00\n',
    );
    // the runtime uploads the changed file to S3 within seconds and the index-list function indexes it; re-screening
    // reads which version is published (no five-minute wait), so the sweep finds the change once it is indexed
    let rescreening: { mode?: string; suspended: { agreementId: string }[] } | undefined;
    const sweep = async () => {
      rescreening = (await client.api('POST', '/api/jobs/expiry-sweep', { body: {} })).body.rescreening;
      return rescreening;
    };
    // only the added row is compared with the partners' names; the partner it may match is screened in full
    await expect
      .poll(sweep, { timeout: 15_000, interval: 500 })
      .toMatchObject({ mode: 'changes', compared: 1, partners: 1 });
    expect(rescreening?.suspended).toEqual([expect.objectContaining({ agreementId, partnerId })]);
    expect((await client.api('GET', `/api/agreements/${agreementId}`)).body.status).toBe('SUSPENDED');
    const check = await client.accessCheck(partnerId);
    expect(check.body.decision).toBe('DENY');
    const notice = await client.waitForMail(
      (m) => m.subject === 'Agreement with Aurora Polar Networks AB suspended: new sanctions hit',
    );
    expect(notice.text).toContain('liaison-sample-0099');
    // the officer reviews it: a false alarm, reinstated
    expect(
      (
        await client.api('POST', `/api/agreements/${agreementId}/reinstate`, {
          body: { reason: 'different company: Swedish registry checked' },
        })
      ).status,
    ).toBe(200);
  });
});

describe('a review nobody decides', () => {
  it('ends after the review time as REJECTED, and the officer is told', async () => {
    const moved = await fetch(`${server.url}/local/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 7 * 86_400 + 60 }),
    });
    expect(moved.status).toBe(200);
    const done = await client.waitForStatus(duplicateOnboarding, 'REJECTED');
    expect(done.outcomeReason).toBe('no review decision was made in time');
    const notice = await client.waitForMail((m) => m.subject === 'Onboarding of Aurora Polar Networks A.B.: rejected');
    expect(notice.to).toContain('partnerships@liaison.local');
  });
});
