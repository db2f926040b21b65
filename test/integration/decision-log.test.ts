// The access-decision log: every decision the access check made is kept (the API's log record, delivered to S3 as
// CloudWatch Logs and Firehose deliver it on AWS) and an auditor reads it with GET /api/access-decisions, filtered
// and a page at a time; a decision made just before a stop is there after the restart.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  freePort,
  newDataDir,
  onboardingRequest,
  startServer,
  type LocalServer,
} from '../support/local-server.js';

let server: LocalServer;
let client: Client;
let dataDir: string;
let port: string;
let partnerId: string;
let agreementId: string;

type Decision = { decisionId: string; partnerId: string; decision: string; codes: string[]; caller: string };
const decisions = async (query: string, role: 'auditor' | 'officer' | 'approver' | 'service' = 'auditor') =>
  client.api('GET', `/api/access-decisions${query}`, { role });

/** The decisions about a partner once the delivery has brought `count` of them (it runs every second). */
async function delivered(partner: string, count: number): Promise<Decision[]> {
  let items: Decision[] = [];
  await expect
    .poll(
      async () => {
        items = (await decisions(`?partnerId=${partner}&limit=100`)).body.items;
        return items.length;
      },
      { timeout: 15_000 },
    )
    .toBe(count);
  return items;
}

beforeAll(async () => {
  dataDir = newDataDir();
  port = String(await freePort());
  server = await startServer(dataDir, { PORT: port });
  client = new Client(server);
  const { body } = await client.api('POST', '/api/onboardings', {
    body: onboardingRequest({ company: { legalName: 'Logged Exchange AB', country: 'SE', sector: 'isp', people: [] } }),
  });
  partnerId = body.partnerId;
  for (const signer of (await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body.signatories)
    await client.sign(await client.signingLink(signer.email), signer.name);
  await client.sign(await client.signingLink('legal@liaison.local'), 'Head of Legal Affairs');
  agreementId = (await client.waitForStatus(body.onboardingId, 'ACTIVE')).agreement.agreementId;
});
afterAll(() => server?.stop());

describe('The access-decision log', () => {
  it('keeps every decision with its id, time, named caller, partner, agreement, request and codes', async () => {
    const allowed = (await client.accessCheck(partnerId)).body;
    const outside = (await client.accessCheck(partnerId, { purpose: 'terrorism' })).body;
    const protectedSubject = (await client.accessCheck(partnerId, { protectedFromCountries: ['FR', 'BE'] })).body;
    expect(allowed.decision).toBe('ALLOW');

    const items = await delivered(partnerId, 3);
    expect(items.map((i) => i.decisionId)).toEqual([
      allowed.decisionId,
      outside.decisionId,
      protectedSubject.decisionId,
    ]);
    expect(items[0]).toMatchObject({
      partnerId,
      agreementId,
      caller: 'Data exchange, local',
      decision: 'ALLOW',
      codes: ['WITHIN_AGREEMENT'],
      purpose: 'cybercrime',
      requestingCountry: expect.stringMatching(/^[A-Z]{2}$/),
    });
    expect(Date.parse((items[0] as unknown as { at: string }).at)).toBeGreaterThan(0);
    expect(items[1]).toMatchObject({ decision: 'DENY', codes: ['PURPOSE_OUTSIDE_SCOPE'] });
    expect(items[2].codes).toContain('REFUGEE_PROTECTION');
    expect(items[0]).not.toHaveProperty('callerSubject'); // kept in the log, not handed out
  });

  it('filters by decision and period, and pages with a token until every decision was seen once', async () => {
    const denied = (await decisions(`?partnerId=${partnerId}&decision=DENY`)).body.items as Decision[];
    expect(denied).toHaveLength(2);
    expect(denied.every((d) => d.decision === 'DENY')).toBe(true);
    expect((await decisions(`?partnerId=${partnerId}&from=2030-01-01&to=2030-01-31`)).body.items).toEqual([]);

    const seen: string[] = [];
    let token: string | null = null;
    do {
      const page: { items: Decision[]; nextToken: string | null } = (
        await decisions(`?partnerId=${partnerId}&limit=1${token ? `&nextToken=${token}` : ''}`)
      ).body;
      seen.push(...page.items.map((i: Decision) => i.decisionId));
      token = page.nextToken;
    } while (token);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it('names each field at fault in a query it cannot answer, and lets only auditors and officers read', async () => {
    const empty = await decisions('?from=2026-12-31&to=2026-01-01');
    expect(empty.status).toBe(400);
    expect(empty.body.issues).toEqual([{ path: 'from', message: 'must not be later than to' }]);
    const long = await decisions('?from=2024-01-01&to=2026-01-01');
    expect(long.body.issues[0].path).toBe('to');
    const token = await decisions('?nextToken=not-ours');
    expect(token).toMatchObject({ status: 400, body: { issues: [{ path: 'nextToken' }] } });
    const shapes = await decisions('?decision=MAYBE&limit=0&from=yesterday');
    expect(shapes.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['decision', 'from', 'limit']);
    expect((await decisions('', 'officer')).status).toBe(200);
    expect((await decisions('', 'approver')).status).toBe(403);
    expect((await decisions('', 'service')).status).toBe(401); // a machine client's token: refused at the gateway
  });

  it('loses nothing across a restart: a decision made just before the stop is there after it', async () => {
    const last = (await client.accessCheck(partnerId, { dataCategory: 'content' })).body;
    await server.stop();
    server = await startServer(dataDir, { PORT: port });
    client = new Client(server);
    const items = await delivered(partnerId, 4);
    expect(items.at(-1)).toMatchObject({ decisionId: last.decisionId, codes: ['CATEGORY_OUTSIDE_SCOPE'] });
  });
});

describe('The transparency report', () => {
  it("counts the period's decisions, traceable to each decision, with the hash of its CSV", async () => {
    const today = (await client.now()).toISOString().slice(0, 10);
    for (let i = 0; i < 5; i++) await client.accessCheck(partnerId, { requestingCountry: 'NG' });
    await expect
      .poll(async () => (await decisions(`?partnerId=${partnerId}&requestingCountry=NG`)).body.items.length, {
        timeout: 15_000,
      })
      .toBe(5);

    const { status, body: report } = await client.api('GET', `/api/reports/transparency?from=${today}&to=${today}`, {
      role: 'auditor',
    });
    expect(status).toBe(200);
    expect(report.period).toEqual({ from: today, to: today });
    const nigeria = report.accessDecisions.find(
      (r: { requestingCountry: string; decision: string }) => r.requestingCountry === 'NG' && r.decision === 'ALLOW',
    );
    expect(nigeria).toMatchObject({ dataCategory: 'threat-intelligence', purpose: 'cybercrime', count: 5 });
    // every cell traces down to the decisions behind it
    for (const cell of report.accessDecisions) {
      const { count, ...where } = cell;
      const behind = (await decisions(`?${new URLSearchParams({ ...where, from: today, to: today, limit: '100' })}`))
        .body.items;
      if (count === '1-4') expect(behind.length).toBeGreaterThanOrEqual(1);
      if (count === '1-4') expect(behind.length).toBeLessThanOrEqual(4);
      else expect(behind).toHaveLength(count);
    }
    expect(report.agreementsInForce).toEqual([{ sector: 'isp', country: 'SE', count: '1-4' }]);
    expect(report.denyReasons.map((r: { code: string }) => r.code)).toContain('REFUGEE_PROTECTION');

    const csv = await fetch(`${server.url}/api/reports/transparency?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${server.token('auditor')}`, accept: 'text/csv' },
    });
    const text = await csv.text();
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(createHash('sha256').update(text).digest('hex')).toBe(report.sha256);
    expect(csv.headers.get('x-report-sha256')).toBe(report.sha256);
    expect(text).toContain(`accessDecisions,,,NG,threat-intelligence,cybercrime,ALLOW,,,,,,,,5`);

    // the same from the command line, as an auditor downloads it
    // a relative -o lands where the person typed it (npm run moves to the project and says so in INIT_CWD)
    const out = join(dataDir, 'report.csv');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/liaison.ts', 'report', '--from', today, '--to', today, '--csv', '-o', 'report.csv'],
      {
        encoding: 'utf8',
        env: { ...process.env, LIAISON_URL: server.url, LIAISON_TOKEN: server.token('auditor'), INIT_CWD: dataDir },
      },
    );
    expect(run.stdout).toContain(`SHA-256 of its CSV ${report.sha256}`);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(report.sha256);

    const bad = await client.api('GET', `/api/reports/transparency?from=${today}`, { role: 'auditor' });
    expect(bad).toMatchObject({ status: 400, body: { issues: [{ path: 'to' }] } });
    expect(
      (await client.api('GET', `/api/reports/transparency?from=${today}&to=${today}`, { role: 'approver' })).status,
    ).toBe(403);
  });
});
