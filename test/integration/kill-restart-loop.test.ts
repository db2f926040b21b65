// kill -9 at any moment, again and again, also in the first second after a restart (while executions are being
// restored): every onboarding still completes, each signature is recorded once, nobody is told "too late",
// and every agreement's audit chain verifies.
import { afterEach, describe, expect, it } from 'vitest';
import { type Bundle, verifyBundle } from '../../functions/domain/audit-chain.js';
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

/** A small deterministic PRNG: the same kill moments on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const COMPANIES = ['Abrupt Networks AS', 'Blackout Telecom Oy', 'Crashproof Cloud AB'];
const signerOf = (i: number) => ({ name: `Signer ${'ABC'[i]}`, email: `signer${i}@kill.example`, title: 'CEO' });
const COUNTERSIGNATORY = 'legal@liaison.local';

/** Signs the newest link each person holds for each company, if it is still open. Any step may be cut by a kill. */
async function signWhatIsOpen(client: Client) {
  const mailbox = await client.mailbox();
  const people = [...COMPANIES.map((_, i) => signerOf(i).email), COUNTERSIGNATORY];
  const nameOf = (email: string) =>
    email === COUNTERSIGNATORY ? 'Head of Legal Affairs' : signerOf(people.indexOf(email)).name;
  for (const email of people) {
    for (const company of COMPANIES) {
      const request = mailbox.find(
        (m) => m.to.includes(email) && m.subject.startsWith('Please sign') && m.subject.endsWith(company),
      );
      if (!request) continue;
      const link = (await client.message(request.id)).text.match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)?.[0];
      if (!link || (await fetch(link)).status !== 200) continue;
      await client.sign(link, nameOf(email));
    }
  }
}

describe('kill -9 in a loop', () => {
  it('loses nothing: every onboarding completes with each signature once and a chain that verifies', async () => {
    const dataDir = newDataDir();
    const port = String(await freePort()); // links in emails keep naming the same address
    const next = rng(Number(process.env.LIAISON_KILL_SEED ?? 20261123));
    server = await startServer(dataDir, { PORT: port });
    let client = new Client(server);
    const onboardings: string[] = [];
    for (const [i, legalName] of COMPANIES.entries()) {
      const { body } = await client.api('POST', '/api/onboardings', {
        body: onboardingRequest({
          company: { legalName, country: 'NO', sector: 'telecom', people: [] },
          signatories: [signerOf(i)],
        }),
      });
      onboardings.push(body.onboardingId);
    }
    for (let round = 0; round < 6; round++) {
      // even rounds: killed within the first 400 ms after the restart, while executions are restored
      const lifetime = round % 2 === 0 ? next() * 400 : 400 + next() * 1_600;
      const acting = signWhatIsOpen(client).catch(() => undefined);
      await sleep(lifetime);
      await server.stop('SIGKILL');
      await acting;
      server = await startServer(dataDir, { PORT: port });
      client = new Client(server);
    }

    const deadline = Date.now() + 60_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      await signWhatIsOpen(client);
      statuses = await Promise.all(
        onboardings.map(async (id) => (await client.api('GET', `/api/onboardings/${id}`)).body.status),
      );
      if (statuses.every((s) => s === 'ACTIVE')) break;
      await sleep(250);
    }
    expect(statuses).toEqual(onboardings.map(() => 'ACTIVE'));
    for (const [i, id] of onboardings.entries()) {
      const { body } = await client.api('GET', `/api/onboardings/${id}`);
      const signers = body.agreement.signatures.map((s: { email: string }) => s.email);
      expect(signers).toEqual([signerOf(i).email, COUNTERSIGNATORY]);
      expect(body.history.map((h: { event: string }) => h.event)).not.toContain('SIGNATURE_TOO_LATE');
      const bundle = (await client.api('GET', `/api/agreements/${body.agreement.agreementId}/bundle`)).body as Bundle;
      const verified = verifyBundle(bundle);
      expect(verified.problems).toEqual([]);
      expect(verified.ok).toBe(true);
    }
  });
});
