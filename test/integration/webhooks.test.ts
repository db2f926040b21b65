// Events reach other systems: a receiver on this machine registers a webhook, verifies every delivery with the
// Standard Webhooks library, and sees each event once, in order per onboarding, within seconds; the same events are
// on the EventBridge bus; deliveries pending when the server is killed arrive after the restart.
import { readFileSync, readdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES } from '../../functions/domain/events.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  freePort,
  newDataDir,
  onboardingRequest,
  startServer,
  type LocalServer,
} from '../support/local-server.js';

type Received = { id: string; type: string; onboardingId: string; agreementId?: string; outcome?: string };

/** A data-exchange system's receiver: verifies each delivery with the library, answers `status` (default 204). */
class Receiver {
  readonly received: Received[] = [];
  readonly refused: string[] = [];
  secret = '';
  status = 204;
  private server?: Server;
  constructor(readonly port: number) {}
  get url() {
    return `http://127.0.0.1:${this.port}/liaison-events`;
  }
  async start() {
    this.server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const event = new Webhook(this.secret).verify(body, request.headers as Record<string, string>) as {
          type: string;
          data: Received;
        };
        if (this.status < 300)
          this.received.push({ ...event.data, id: String(request.headers['webhook-id']), type: event.type });
      } catch (error) {
        this.refused.push((error as Error).message);
        response.writeHead(400).end();
        return;
      }
      response.writeHead(this.status).end();
    });
    await new Promise<void>((ok) => this.server!.listen(this.port, '127.0.0.1', () => ok()));
  }
  async stop() {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
    this.server?.closeAllConnections();
    this.server = undefined;
  }
  of(onboardingId: string) {
    return this.received.filter((e) => e.onboardingId === onboardingId).map((e) => e.type);
  }
}

let server: LocalServer;
let client: Client;
let dataDir: string;
let port: string;
let receiver: Receiver;
let webhookId: string;
let onboardingId: string;
let agreementId: string;

async function activeOnboarding(legalName: string) {
  const { body } = await client.api('POST', '/api/onboardings', {
    body: onboardingRequest({ company: { legalName, country: 'SE', sector: 'isp', people: [] } }),
  });
  for (const signer of (await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body.signatories)
    await client.sign(await client.signingLink(signer.email, legalName), signer.name);
  await client.sign(await client.signingLink('legal@liaison.local', legalName), 'Head of Legal Affairs');
  const active = await client.waitForStatus(body.onboardingId, 'ACTIVE');
  return { onboardingId: body.onboardingId as string, agreementId: active.agreement.agreementId as string };
}

beforeAll(async () => {
  dataDir = newDataDir();
  port = String(await freePort());
  server = await startServer(dataDir, { PORT: port });
  client = new Client(server);
  receiver = new Receiver(await freePort());
  await receiver.start();
  const created = await client.api('POST', '/api/webhooks', {
    body: { url: receiver.url, events: EVENT_TYPES, description: 'data exchange' },
  });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_/);
  receiver.secret = created.body.secret;
  webhookId = created.body.id;
  ({ onboardingId, agreementId } = await activeOnboarding('Signal Exchange AB'));
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

describe('Events to webhooks and the bus', () => {
  const deliversSuspensionInSeconds =
    'delivers agreement.suspended, signed, within seconds of the suspension, after the onboarding events in order';
  it(deliversSuspensionInSeconds, async () => {
    await expect
      .poll(() => receiver.of(onboardingId), { timeout: 10_000 })
      .toEqual(['onboarding.started', 'agreement.activated', 'onboarding.ended']);
    const suspended = await client.api('POST', `/api/agreements/${agreementId}/suspend`, {
      body: { reason: 'court order 12/2026' },
    });
    expect(suspended.status).toBe(200);
    await expect
      .poll(() => receiver.of(onboardingId).at(-1), { timeout: 5_000, interval: 100 })
      .toBe('agreement.suspended');
    await client.api('POST', `/api/agreements/${agreementId}/reinstate`, { body: { reason: 'order lifted' } });
    await client.api('POST', `/api/agreements/${agreementId}/revoke`, { body: { reason: 'partner asked' } });
    await expect
      .poll(() => receiver.of(onboardingId), { timeout: 10_000 })
      .toEqual([
        'onboarding.started',
        'agreement.activated',
        'onboarding.ended',
        'agreement.suspended',
        'agreement.reinstated',
        'agreement.revoked',
      ]);
    const ids = receiver.received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // each event once
    expect(receiver.received.find((e) => e.type === 'onboarding.ended')).toMatchObject({
      outcome: 'ACTIVE',
      agreementId,
    });
    expect(receiver.refused).toEqual([]);
  });

  it('lists each delivery with its event and attempts, and never shows the secret again', async () => {
    const listed = await client.api('GET', `/api/webhooks/${webhookId}/deliveries?limit=100`, { role: 'auditor' });
    expect(listed.status).toBe(200);
    const mine = listed.body.items.filter(
      (d: { event: { data: Received } }) => d.event.data.onboardingId === onboardingId,
    );
    expect(mine).toHaveLength(6);
    for (const delivery of mine) {
      expect(delivery).toMatchObject({ status: 'DELIVERED', webhookId });
      expect(delivery.attempts).toEqual([expect.objectContaining({ responseStatus: 204 })]);
    }
    const webhooks = await client.api('GET', '/api/webhooks', { role: 'auditor' });
    expect(webhooks.body.items).toEqual([expect.objectContaining({ id: webhookId, url: receiver.url })]);
    expect(JSON.stringify(webhooks.body)).not.toContain('whsec_');
    expect((await client.api('GET', `/api/webhooks/${webhookId}/deliveries`, { role: 'approver' })).status).toBe(403);
    expect(
      (await client.api('POST', '/api/webhooks', { role: 'auditor', body: { url: receiver.url, events: EVENT_TYPES } }))
        .status,
    ).toBe(403);
  });

  it('puts the same events on the EventBridge bus', () => {
    const folder = join(dataDir, 'events');
    const [busFile] = readdirSync(folder);
    const onBus = readFileSync(join(folder, busFile), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { source: string; 'detail-type': string; detail: { id: string } });
    const delivered = receiver.received.map((e) => e.id);
    expect(onBus.map((e) => e.detail.id)).toEqual(expect.arrayContaining(delivered));
    expect(onBus.every((e) => e.source === 'liaison')).toBe(true);
  });

  it('refuses a malformed webhook naming each field, and writes nothing', async () => {
    const before = (await client.api('GET', '/api/webhooks')).body.items.length;
    const bad = await client.api('POST', '/api/webhooks', { body: { url: 'ftp://x', events: ['agreement.exploded'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['events.0']));
    const badUrl = await client.api('POST', '/api/webhooks', {
      body: { url: 'ftp://x', events: ['agreement.revoked'] },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.issues).toEqual([expect.objectContaining({ path: 'url' })]);
    expect((await client.api('GET', '/api/webhooks')).body.items.length).toBe(before);
  });
});

describe('Deliveries across a hard kill', () => {
  let late: Receiver;
  afterEach(() => late?.stop());

  it('sends what was pending when the server was killed after the restart, once and in order', async () => {
    late = new Receiver(await freePort()); // registered, but not listening yet: its system is down
    const created = await client.api('POST', '/api/webhooks', {
      body: { url: late.url, events: ['agreement.suspended', 'agreement.reinstated'] },
    });
    late.secret = created.body.secret;
    const second = await activeOnboarding('Relay Carrier Oy');
    await client.api('POST', `/api/agreements/${second.agreementId}/suspend`, { body: { reason: 'audit' } });
    await client.api('POST', `/api/agreements/${second.agreementId}/reinstate`, { body: { reason: 'audit passed' } });
    await expect
      .poll(
        async () => {
          const { body } = await client.api('GET', `/api/webhooks/${created.body.id}/deliveries`);
          return body.items.some((d: { attempts: unknown[] }) => d.attempts.length > 0);
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBe(true);
    await server.stop('SIGKILL');

    await late.start();
    server = await startServer(dataDir, { PORT: port });
    client = new Client(server);
    // past the interrupted sender's lease: the every-minute schedule sends what is due
    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 120 }) });
    await expect
      .poll(() => late.of(second.onboardingId), { timeout: 20_000 })
      .toEqual(['agreement.suspended', 'agreement.reinstated']);
    const { body } = await client.api('GET', `/api/webhooks/${created.body.id}/deliveries`);
    const suspension = body.items.find((d: { type: string }) => d.type === 'agreement.suspended');
    expect(suspension.status).toBe('DELIVERED');
    expect(suspension.attempts.at(0).error).toMatch(/could not connect/);
    expect(late.refused).toEqual([]);
  });
});
