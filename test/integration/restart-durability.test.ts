// Stopping the local server while onboardings wait for signatures loses nothing.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  freePort,
  newDataDir,
  onboardingRequest,
  startServer,
  type LocalServer,
} from '../support/local-server.js';

let server: LocalServer | undefined;
afterEach(async () => server?.stop());

describe('a restart of the local runtime', () => {
  it('keeps an emailed signing link working and completes the onboarding after a hard kill', async () => {
    const dataDir = newDataDir();
    const port = String(await freePort()); // links in emails keep naming the same address
    server = await startServer(dataDir, { PORT: port });
    let client = new Client(server);
    const request = onboardingRequest({
      company: { legalName: 'Kernel Networks BV', country: 'NL', sector: 'isp', people: [] },
      signatories: [
        { name: 'Daan de Vries', email: 'daan@kernel.example', title: 'CEO' },
        { name: 'Eva Smit', email: 'eva@kernel.example', title: 'COO' },
      ],
    });
    const {
      body: { onboardingId, partnerId },
    } = await client.api('POST', '/api/onboardings', { body: request });
    await client.sign(await client.signingLink('daan@kernel.example'), 'Daan de Vries');
    const evaLink = await client.signingLink('eva@kernel.example');

    await server.stop('SIGKILL'); // no shutdown hook runs: only what was on disk survives
    server = await startServer(dataDir, { PORT: port });
    client = new Client(server);
    expect(server.output()).toContain('Resumed      1 onboarding workflow');

    const mailsBefore = (await client.mailbox()).length;
    expect((await fetch(evaLink)).status).toBe(200);
    expect((await client.sign(evaLink, 'Eva Smit')).status).toBe(200);
    await client.sign(await client.signingLink('legal@liaison.local'), 'Head of Legal Affairs');
    const active = await client.waitForStatus(onboardingId, 'ACTIVE');
    expect(active.agreement.signatures).toHaveLength(3);
    // replay answered the finished steps from the journal: nobody was emailed twice
    const mails = await client.mailbox();
    expect(
      mails.filter((m) => m.to.includes('daan@kernel.example') && m.subject.startsWith('Please sign')),
    ).toHaveLength(1);
    expect(
      mails.filter((m) => m.to.includes('eva@kernel.example') && m.subject.startsWith('Please sign')),
    ).toHaveLength(1);
    expect(mails.length).toBeGreaterThan(mailsBefore);
    const check = await client.accessCheck(partnerId, { requestingCountry: 'BE' });
    expect(check.body.decision).toBe('ALLOW');
  });

  it('keeps the people, their sign-in, the tokens already issued and the data of earlier onboardings', async () => {
    const dataDir = newDataDir();
    server = await startServer(dataDir);
    const before = server.credentials as unknown as { officer: string; signIn: unknown };
    const { body } = await new Client(server).api('POST', '/api/onboardings', { body: onboardingRequest() });
    await server.stop();
    server = await startServer(dataDir);
    const after = server.credentials as unknown as { officer: string; signIn: unknown };
    expect(after.signIn).toEqual(before.signIn); // the same people, passwords and machine client
    const subject = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
    expect(subject(after.officer)).toBe(subject(before.officer));
    // a token issued before the restart is still valid: the pool's signing key is kept in the data folder
    const earlier = await fetch(`${server.url}/api/onboardings/${body.onboardingId}`, {
      headers: { authorization: `Bearer ${before.officer}` },
    });
    expect(earlier.status).toBe(200);
  });
});
