// Idempotency-Key on every POST route: three identical requests sent at once with one key get one answer, and the
// effect happens once; the same key with another body is a 409. The requests run in separate function instances.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type LocalServer, onboardingRequest, startServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;
beforeAll(async () => {
  server = await startServer();
  client = new Client(server);
});
afterAll(async () => server?.stop());

type Role = 'officer' | 'approver' | 'auditor' | 'service';

/**
 * The same request three times at once under one key: one status, one body, two of them replays; then the key with
 * another valid request: 409.
 */
async function thrice(path: string, body: unknown, role: Role = 'officer', another: unknown = { changed: true }) {
  const headers = { 'idempotency-key': `retry-${randomUUID()}` };
  const answers = await Promise.all([1, 2, 3].map(() => client.api('POST', path, { body, role, headers })));
  expect(new Set(answers.map((a) => a.status)).size, JSON.stringify(answers.map((a) => a.body))).toBe(1);
  for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
  expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
  const other = await client.api('POST', path, { body: another, role, headers });
  expect(other.status).toBe(409);
  return answers[0];
}

const history = async (onboardingId: string) =>
  ((await client.api('GET', `/api/onboardings/${onboardingId}`)).body.history as { event: string }[]).map(
    (h) => h.event,
  );
const auditEvents = async (agreementId: string) =>
  ((await client.api('GET', `/api/agreements/${agreementId}`)).body.history as { event: string }[]).map((h) => h.event);
const count = (events: string[], event: string) => events.filter((e) => e === event).length;

async function activeAgreement(legalName: string, email: string) {
  const started = await client.api('POST', '/api/onboardings', {
    body: onboardingRequest({
      company: { legalName, country: 'IE', sector: 'isp', people: [] },
      signatories: [{ name: 'Ria Retry', email, title: 'CEO' }],
    }),
  });
  await client.sign(await client.signingLink(email), 'Ria Retry');
  const legal = (await client.signingLinks('legal@liaison.local')).length;
  await client.sign(await client.nthSigningLink('legal@liaison.local', legal + 1), 'Head of Legal Affairs');
  const active = await client.waitForStatus(started.body.onboardingId, 'ACTIVE');
  return { onboardingId: active.onboardingId as string, agreementId: active.agreement.agreementId as string };
}

describe('Idempotency-Key, retried concurrently on every POST route', () => {
  it('starts one onboarding', async () => {
    const request = onboardingRequest({ company: { legalName: 'Retry Once SAS', country: 'FR', sector: 'isp' } });
    const another = onboardingRequest({ company: { legalName: 'Retry Other SAS', country: 'FR', sector: 'isp' } });
    const { status, body } = await thrice('/api/onboardings', request, 'officer', another);
    expect(status).toBe(202);
    const listed = (await client.api('GET', '/api/onboardings?limit=100')).body.items.filter(
      (o: { company: { legalName: string } }) => o.company.legalName === 'Retry Once SAS',
    );
    expect(listed.map((o: { onboardingId: string }) => o.onboardingId)).toEqual([body.onboardingId]);
  });

  it('records one review decision', async () => {
    const started = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: { legalName: 'Volkov Trading LLC', country: 'CY', sector: 'other' } }),
    });
    await client.waitForStatus(started.body.onboardingId, 'IN_REVIEW');
    const path = `/api/onboardings/${started.body.onboardingId}/review`;
    const decision = { gate: 'vetting-review', decision: 'approve', reason: 'a different company' };
    expect((await thrice(path, decision, 'approver', { ...decision, reason: 'another reason' })).status).toBe(200);
    expect(count(await history(started.body.onboardingId), 'REVIEW_APPROVED')).toBe(1);
  });

  it('sends one new link on a resend, and restarts signing once', async () => {
    const started = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Resend Retry BV', country: 'NL', sector: 'isp', people: [] },
        signatories: [{ name: 'Ruud Resend', email: 'ruud@resend.example', title: 'CEO' }],
        signingLinkDays: 1,
      }),
    });
    const { onboardingId } = started.body;
    await client.signingLink('ruud@resend.example');
    expect((await thrice(`/api/onboardings/${onboardingId}/signers/company-0/resend`, {})).status).toBe(202);
    await client.nthSigningLink('ruud@resend.example', 2);
    expect(await client.signingLinks('ruud@resend.example')).toHaveLength(2);

    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 86_460 }) });
    await client.waitForStatus(onboardingId, 'SIGNATURE_EXPIRED');
    await expect.poll(async () => (await fetch(`${server.url}/local/executions/${onboardingId}`)).status).toBe(200);
    await expect
      .poll(async () => ((await (await fetch(`${server.url}/local/executions/${onboardingId}`)).json()) as any).status)
      .not.toBe('RUNNING');
    expect((await thrice(`/api/onboardings/${onboardingId}/restart-signing`, {})).status).toBe(202);
    await client.nthSigningLink('ruud@resend.example', 3);
    expect(count(await history(onboardingId), 'SIGNING_RESTARTED')).toBe(1);
  });

  it('suspends, reinstates, renews and revokes an agreement once each', async () => {
    const { agreementId } = await activeAgreement('Status Retry Ltd', 'ria@status.example');
    for (const [action, event] of [
      ['suspend', 'AGREEMENT_SUSPENDED'],
      ['reinstate', 'AGREEMENT_ACTIVE'],
    ] as const) {
      const path = `/api/agreements/${agreementId}/${action}`;
      expect((await thrice(path, { reason: `retry ${action}` }, 'officer', { reason: 'other' })).status).toBe(200);
      expect(count(await auditEvents(agreementId), event)).toBe(1);
    }
    const renewal = await thrice(`/api/agreements/${agreementId}/renew`, {}, 'officer', { reason: 'another' });
    expect(renewal.status).toBe(202);
    const renewals = (await client.api('GET', '/api/onboardings?limit=100')).body.items.filter(
      (o: { renewsAgreementId: string | null }) => o.renewsAgreementId === agreementId,
    );
    expect(renewals).toHaveLength(1);
    const revoke = await thrice(`/api/agreements/${agreementId}/revoke`, { reason: 'retry' }, 'officer', {
      reason: 'x',
    });
    expect(revoke.status).toBe(200);
    expect(count(await auditEvents(agreementId), 'AGREEMENT_REVOKED')).toBe(1);
  });

  it('answers an access check, a screening and a dry-run sweep the same each time', async () => {
    const check = {
      partnerId: 'ptn_none',
      dataCategory: 'traffic',
      purpose: 'cybercrime',
      direction: 'partner-to-organisation',
      requestingCountry: 'FR',
    };
    const otherCheck = { ...check, requestingCountry: 'DE' };
    expect((await thrice('/api/access-checks', check, 'service', otherCheck)).body.decision).toBe('DENY');
    const screening = await thrice('/api/screenings', { name: 'Volkov Trading' }, 'officer', { name: 'Other' });
    expect(screening.body.hits.length).toBeGreaterThan(0);
    const sweep = await thrice('/api/jobs/expiry-sweep', { dryRun: true }, 'officer', { dryRun: false });
    expect(sweep.body.dryRun).toBe(true);
  });
});
