// Signing in depth over HTTP: concurrency, resend, reminders, expiry through the state machine's
// timeout and a restart, and throttling of guessed links. One server; the clock and throttle tests
// run last because they move time and block the client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;
beforeAll(async () => {
  server = await startServer();
  client = new Client(server);
});
afterAll(async () => server?.stop());

const start = async (
  legalName: string,
  signers: { name: string; email: string }[],
  extra: Record<string, unknown> = {},
) => {
  const { body } = await client.api('POST', '/api/onboardings', {
    body: onboardingRequest({
      company: { legalName, country: 'FI', sector: 'isp', people: [] },
      signatories: signers.map((s) => ({ ...s, title: 'Director' })),
      ...extra,
    }),
  });
  return body as { onboardingId: string; partnerId: string };
};
const transitions = async (name: string) =>
  ((await (await fetch(`${server.url}/local/executions/${name}`)).json()) as { transitions: string[] }).transitions;

describe('signers acting at the same moment', () => {
  it('record every signature once and resume the workflow once per signer, many times over', async () => {
    for (let round = 0; round < 6; round++) {
      const a = { name: 'Aino Aalto', email: `aino${round}@race.example` };
      const b = { name: 'Bertil Berg', email: `bertil${round}@race.example` };
      const { onboardingId } = await start(`Race Oy ${round}`, [a, b], { signingOrder: 'parallel' });
      const [linkA, linkB] = await Promise.all([client.signingLink(a.email), client.signingLink(b.email)]);
      // both signers at once, and each form submitted twice at once
      const results = await Promise.all(
        [linkA, linkA, linkB, linkB].map((link, i) => client.sign(link, i < 2 ? a.name : b.name)),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.slice(0, 2).sort()).toEqual([200, 410]);
      expect(statuses.slice(2).sort()).toEqual([200, 410]);
      await client.sign(await client.nthSigningLink('legal@liaison.local', round + 1), 'Head of Legal Affairs');
      const active = await client.waitForStatus(onboardingId, 'ACTIVE');
      expect(active.agreement.signatures.map((s: { email: string }) => s.email).sort()).toEqual(
        [a.email, b.email, 'legal@liaison.local'].sort(),
      );
      expect((await transitions(onboardingId)).filter((s) => s === 'RequestCompanySignature')).toHaveLength(2);
      const inForce = (await client.mailbox()).filter(
        (m) => m.subject === `Agreement with Race Oy ${round} is now in force`,
      );
      // once: one copy to the company's signers, one to the organisation's people
      expect(inForce.map((m) => m.to.length > 0)).toEqual([true, true]);
    }
  });
});

describe('resending a link', () => {
  it('withdraws the old link, sends a new one with a new expiry, and the audit trail says so', async () => {
    const signer = { name: 'Rasmus Resend', email: 'rasmus@resend.example' };
    const { onboardingId } = await start('Resend Oy', [signer]);
    const first = await client.signingLink(signer.email);
    const before = (await client.api('GET', `/api/onboardings/${onboardingId}`)).body.signing[0];
    expect(before).toMatchObject({ signerId: 'company-0', state: 'waiting' });
    await new Promise((r) => setTimeout(r, 20));

    const resent = await client.api('POST', `/api/onboardings/${onboardingId}/signers/company-0/resend`);
    expect(resent.status).toBe(202);
    const second = await client.nthSigningLink(signer.email, 2);
    expect(second).not.toBe(first);
    const old = await fetch(first);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('withdrawn');
    const after = (await client.api('GET', `/api/onboardings/${onboardingId}`)).body;
    expect(Date.parse(after.signing[0].linkExpiresAt)).toBeGreaterThan(Date.parse(before.linkExpiresAt));
    expect(after.history.map((h: { event: string }) => h.event)).toContain('SIGNATURE_RESENT');

    expect((await client.api('POST', `/api/onboardings/${onboardingId}/signers/countersignatory/resend`)).status).toBe(
      409,
    ); // not asked yet
    expect((await client.sign(second, signer.name)).status).toBe(200);
    await client.sign(
      await client.nthSigningLink('legal@liaison.local', (await client.signingLinks('legal@liaison.local')).length + 1),
      'Head of Legal Affairs',
    );
    await client.waitForStatus(onboardingId, 'ACTIVE');
    expect((await client.api('POST', `/api/onboardings/${onboardingId}/signers/company-0/resend`)).status).toBe(409);
    expect(
      (await client.api('POST', `/api/onboardings/${onboardingId}/signers/company-0/resend`, { role: 'auditor' }))
        .status,
    ).toBe(403);
  });
});

describe('reminders', () => {
  it('go out after 5 days, then every 2, each with a fresh link that works, recorded in the history', async () => {
    const signer = { name: 'Riikka Remind', email: 'riikka@remind.example' };
    const { onboardingId } = await start('Remind Oy', [signer]);
    const original = await client.signingLink(signer.email);
    // the daily schedule runs at 05:00 on the local clock: the first reminder goes at the first run 5 days on,
    // the second at the first run 2 days after that
    const reminders = async () =>
      (await client.mailbox()).filter((m) => m.to.includes(signer.email) && m.subject.startsWith('Reminder')).length;
    const advanceDays = (days: number) =>
      fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: days * 86_400 }) });
    await advanceDays(4);
    await client.api('POST', '/api/jobs/expiry-sweep', { body: {} }); // also run now: nothing is due yet
    expect(await reminders()).toBe(0);
    await advanceDays(2);
    await expect.poll(reminders, { timeout: 10_000 }).toBe(1);
    await advanceDays(2);
    await expect.poll(reminders, { timeout: 10_000 }).toBe(2);
    const reminder = await client.waitForMail((m) => m.to.includes(signer.email) && m.subject.startsWith('Reminder'));
    expect(reminder.subject).toContain('Remind Oy');
    const history = (await client.api('GET', `/api/onboardings/${onboardingId}`)).body.history.map(
      (h: { event: string }) => h.event,
    );
    expect(history.filter((e: string) => e === 'SIGNATURE_REMINDER')).toHaveLength(2);
    // the newest reminder's link works; the ones before say a newer link was emailed
    const fresh = await client.reminderLink(signer.email);
    const withdrawn = await fetch(original);
    expect(withdrawn.status).toBe(410);
    expect(await withdrawn.text()).toContain('a newer link was emailed to you');
    expect((await client.sign(fresh, signer.name)).status).toBe(200);
  });
});

describe('a reminder now', () => {
  it('sends a fresh link at once with the same expiry, stops the one before, and names who asked', async () => {
    const signer = { name: 'Nora Now', email: 'nora@now.example' };
    const { onboardingId } = await start('Remind Now Oy', [signer]);
    const original = await client.signingLink(signer.email);
    const before = (await client.api('GET', `/api/onboardings/${onboardingId}`)).body.signing[0];
    const reminded = await client.api('POST', `/api/onboardings/${onboardingId}/signers/company-0/remind`);
    expect(reminded.status, JSON.stringify(reminded.body)).toBe(200);
    expect(reminded.body.signing[0]).toMatchObject({ remindersSent: 1, linkExpiresAt: before.linkExpiresAt });
    const fresh = await client.reminderLink(signer.email);
    expect(fresh.startsWith(server.url)).toBe(true);
    expect((await fetch(original)).status).toBe(410);
    const history = reminded.body.history.map((h: { detail: string }) => h.detail);
    expect(history).toContainEqual(
      expect.stringContaining('Olu Officer <olu.officer@liaison.local> reminded Nora Now'),
    );
    expect((await client.sign(fresh, signer.name)).status).toBe(200);
    // nobody is waiting any more: nothing to remind
    const late = await client.api('POST', `/api/onboardings/${onboardingId}/signers/company-0/remind`);
    expect(late.status).toBe(409);
  });
});

describe('a request unanswered in time', () => {
  it(
    'ends as SIGNATURE_EXPIRED through the timeout, tells those waiting, ' + 'and the officer can restart signing',
    async () => {
      const a = { name: 'Eero Early', email: 'eero@expire.example' };
      const b = { name: 'Liisa Late', email: 'liisa@expire.example' };
      const { onboardingId } = await start('Expire Oy', [a, b], { signingLinkDays: 1 });
      await client.sign(await client.signingLink(a.email), a.name);
      const lateLink = await client.signingLink(b.email);

      const moved = await fetch(`${server.url}/local/clock`, {
        method: 'POST',
        body: JSON.stringify({ advanceSeconds: 86_400 + 60 }),
      });
      expect(moved.status).toBe(200);
      const expired = await client.waitForStatus(onboardingId, 'SIGNATURE_EXPIRED');
      expect(expired.outcomeReason).toContain('expired');
      // the outcome is recorded by the step before the execution's last state: wait for that state
      await expect
        .poll(async () => (await transitions(onboardingId)).slice(-2), { timeout: 10_000 })
        .toEqual(['RecordSignatureExpired', 'SignatureExpired']);
      const page = await fetch(lateLink);
      expect(page.status).toBe(410);
      const notice = await client.waitForMail(
        (m) => m.subject.includes('Expire Oy') && m.subject.includes('signature expired') && m.to.includes(a.email),
      );
      expect(notice.to).toEqual(expect.arrayContaining([a.email, b.email]));
      expect(notice.to).not.toContain('partnerships@liaison.local'); // the officer's copy is a message of its own

      const restarted = await client.api('POST', `/api/onboardings/${onboardingId}/restart-signing`);
      expect(restarted.status).toBe(202);
      expect((await client.api('POST', `/api/onboardings/${onboardingId}/restart-signing`)).status).toBe(409);
      const fresh = await client.nthSigningLink(b.email, 2); // only the signer still missing is asked
      expect(await client.signingLinks(a.email)).toHaveLength(1);
      await client.sign(fresh, b.name);
      await client.sign(
        await client.nthSigningLink(
          'legal@liaison.local',
          (await client.signingLinks('legal@liaison.local')).length + 1,
        ),
        'Head of Legal Affairs',
      );
      const active = await client.waitForStatus(onboardingId, 'ACTIVE');
      expect(active.agreement.signatures.map((s: { email: string }) => s.email)).toEqual([
        a.email,
        b.email,
        'legal@liaison.local',
      ]);
    },
  );
});

describe('guessing links', () => {
  it('is throttled: after 20 unknown tokens the client gets 429, while a real link still opens', async () => {
    const signer = { name: 'Tuomas Throttle', email: 'tuomas@throttle.example' };
    await start('Throttle Oy', [signer]);
    const real = await client.signingLink(signer.email);
    const guess = (i: number) =>
      `${server.url}/sign/${Buffer.from(`guess-${i}-${'x'.repeat(24)}`)
        .toString('base64url')
        .slice(0, 43)}`;
    for (let i = 0; i < 20; i++) expect((await fetch(guess(i))).status).toBe(404);
    const blocked = await fetch(guess(20));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await blocked.text()).toContain('Too many attempts');
    // the signer behind the same address (an office, a carrier's NAT) is not locked out
    expect((await fetch(real)).status).toBe(200);
    expect((await client.sign(real, signer.name)).status).toBe(200);
  });
});
