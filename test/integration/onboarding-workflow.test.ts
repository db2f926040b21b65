// The whole onboarding over HTTP on the real local engines: dynalite, the synthesized state machine
// run by aws-local-stepfunctions, the mail outbox and the documents folder.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../local/synth.js';
import { readModel } from '../../local/template.js';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;

beforeAll(async () => {
  server = await startServer();
  client = new Client(server);
});
afterAll(async () => server?.stop());

const twoSigners = () =>
  onboardingRequest({
    company: { legalName: 'Fjord Mobil AS', country: 'NO', lei: '5967007LIEEXZX4LPK21', sector: 'telecom', people: [] },
    signatories: [
      { name: 'Ingrid Dahl', email: 'ingrid@fjord.example', title: 'CEO' },
      { name: 'Lars Holm', email: 'lars@fjord.example', title: 'General Counsel' },
    ],
  });

describe('an onboarding with two company signatories, in routing order', () => {
  let onboardingId: string;
  let partnerId: string;
  let agreementId: string;

  it('starts with 202 and VETTING', async () => {
    const started = await client.api('POST', '/api/onboardings', { body: twoSigners() });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'VETTING' });
    ({ onboardingId, partnerId } = started.body);
  });

  it('emails only the first signatory until they have signed', async () => {
    const first = await client.signingLink('ingrid@fjord.example');
    expect((await client.mailbox()).some((m) => m.to.includes('lars@fjord.example'))).toBe(false);
    const page = await fetch(first);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Fjord Mobil AS');
    expect(html).toContain('threat intelligence: indicators of compromise');
    expect((await client.sign(first, 'Ingrid Dahl', 'CEO')).status).toBe(200);
  });

  it('then the second signatory and then the countersignatory', async () => {
    expect((await client.sign(await client.signingLink('lars@fjord.example'), 'Lars Holm')).status).toBe(200);
    expect((await client.sign(await client.signingLink('legal@liaison.local'), 'Head of Legal Affairs')).status).toBe(
      200,
    );
    const active = await client.waitForStatus(onboardingId, 'ACTIVE');
    agreementId = active.agreement.agreementId;
    expect(active.agreement.signatures.map((s: { email: string }) => s.email)).toEqual([
      'ingrid@fjord.example',
      'lars@fjord.example',
      'legal@liaison.local',
    ]);
  });

  it('records the agreement with scope and an expiry termMonths after it took effect', async () => {
    const { body } = await client.api('GET', `/api/agreements/${agreementId}`, { role: 'auditor' });
    expect(body).toMatchObject({
      status: 'ACTIVE',
      partnerId,
      templateId: 'dsa-standard',
      templateVersion: '2.0.0',
      scope: { purposes: ['cybercrime'] },
    });
    const effective = new Date(body.effectiveAt);
    const expected = new Date(effective);
    expected.setUTCMonth(expected.getUTCMonth() + 24);
    expect(body.expiresAt).toBe(expected.toISOString());
  });

  it('serves the document whose SHA-256 is the recorded documentSha256, and the executed PDF', async () => {
    const document = await fetch(`${server.url}/api/agreements/${agreementId}/document`, {
      headers: { authorization: `Bearer ${server.credentials.auditor}` },
    });
    const bytes = Buffer.from(await document.arrayBuffer());
    const { body } = await client.api('GET', `/api/agreements/${agreementId}`);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(body.documentSha256);
    expect(body.signatures.every((s: { documentSha256: string }) => s.documentSha256 === body.documentSha256)).toBe(
      true,
    );
    const pdf = await fetch(`${server.url}/api/agreements/${agreementId}/pdf`, {
      headers: { authorization: `Bearer ${server.credentials.officer}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  const emailsCopiesApart =
    'emails the executed copy to the signers, and apart from them to the countersignatory and the officer';
  it(emailsCopiesApart, async () => {
    const subject = 'Agreement with Fjord Mobil AS is now in force';
    const officersCopy = await client.waitForMail(
      (m) => m.subject === subject && m.to.includes('partnerships@liaison.local'),
    );
    // the executed PDF travels as an attachment SES composed into the message
    expect(officersCopy.attachments).toEqual([
      { filename: `agreement-${agreementId}.pdf`, contentType: 'application/pdf', size: expect.any(Number) },
    ]);
    expect(officersCopy.attachments[0].size).toBeGreaterThan(10_000);
    const copies = (await client.mailbox()).filter((m) => m.subject === subject).map((m) => [...m.to].sort());
    expect(copies).toEqual(
      expect.arrayContaining([
        ['ingrid@fjord.example', 'lars@fjord.example'],
        ['legal@liaison.local', 'partnerships@liaison.local'],
      ]),
    );
    expect(copies).toHaveLength(2);
  });

  it('lets a signer fetch the executed copy with their used link, and nobody else with a guess', async () => {
    const [link] = await client.signingLinks('ingrid@fjord.example');
    const page = await fetch(link);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('Download the executed copy');
    const pdf = await fetch(`${link}/executed.pdf`);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await fetch(`${server.url}/sign/${'A'.repeat(43)}/executed.pdf`)).status).toBe(404);
  });

  it('never lets a Step Functions task token leave the server', async () => {
    const { readFileSync } = await import('node:fs');
    const journal = JSON.parse(readFileSync(`${server.dataDir}/executions/${onboardingId}.json`, 'utf8')) as {
      callbacks: Record<string, { token: string }>;
    };
    const tokens = Object.values(journal.callbacks).map((c) => c.token);
    expect(tokens).toHaveLength(3);
    const messages = await Promise.all((await client.mailbox()).map((m) => client.message(m.id)));
    const everything =
      JSON.stringify(messages) + JSON.stringify((await client.api('GET', `/api/onboardings/${onboardingId}`)).body);
    for (const token of tokens) expect(everything).not.toContain(token);
  });

  it('allows an exchange inside the scope and denies each kind of exchange outside it', async () => {
    const check = (overrides: Record<string, string>) => client.accessCheck(partnerId, overrides);
    expect((await check({})).body).toMatchObject({ decision: 'ALLOW', agreementId });
    for (const outside of [
      { dataCategory: 'content' },
      { purpose: 'terrorism' },
      { direction: 'organisation-to-partner' },
    ] as Record<string, string>[]) {
      const { body } = await check(outside);
      expect(body.decision).toBe('DENY');
      expect(body.reasons.join(' ')).toContain(Object.values(outside)[0]);
    }
    const afterExpiry = await check({ at: '2100-01-01T00:00:00Z' });
    expect(afterExpiry.body.decision).toBe('DENY');
    expect((await check({ partnerId: 'ptn_unknown' })).body).toMatchObject({ decision: 'DENY', agreementId: null });
  });

  it('follows the state machine definition that the CDK stack synthesizes', async () => {
    const { definition } = readModel(
      synthesize({ settings: { senderEmail: 'liaison@example.org' } }).template,
      server.url,
    ).stateMachine;
    const run = (await (await fetch(`${server.url}/local/executions/${onboardingId}`)).json()) as {
      status: string;
      transitions: string[];
    };
    expect(run.status).toBe('SUCCEEDED');
    expect(run.transitions).toEqual([
      'StartOrRestart',
      'Vet',
      'VettingDecision',
      'GenerateAgreement',
      'DataProtectionGate',
      'CollectCompanySignatures',
      'RequestCompanySignature',
      'RequestCompanySignature',
      'RequestCountersignature',
      'Activate',
      'Active',
    ]);
    const topLevel = run.transitions.filter((s: string) => s !== 'RequestCompanySignature');
    for (const state of topLevel) expect(Object.keys(definition.States)).toContain(state);
    expect(
      (definition.States.CollectCompanySignatures as any).ItemProcessor.States.RequestCompanySignature.Resource,
    ).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
  });

  it('denies access once the agreement is revoked, and refuses to revoke it twice', async () => {
    expect(
      (
        await client.api('POST', `/api/agreements/${agreementId}/revoke`, {
          body: { reason: 'partner breached the retention clause' },
        })
      ).status,
    ).toBe(200);
    const { body } = await client.accessCheck(partnerId);
    expect(body.decision).toBe('DENY');
    expect(body.reasons.join(' ')).toContain('REVOKED');
    const again = await client.api('POST', `/api/agreements/${agreementId}/revoke`, { body: { reason: 'again' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('Conflict');
  });
});

describe('signing links', () => {
  it('refuse a second use, a tampered token and an unknown token, recording nothing', async () => {
    const started = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Baltic Link SIA', country: 'LV', sector: 'isp', people: [] },
        signatories: [{ name: 'Ieva Ozola', email: 'ieva@baltic.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('ieva@baltic.example');
    const token = link.split('/sign/')[1];
    const tampered = `${link.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await fetch(tampered)).status).toBe(404);
    expect((await client.sign(tampered, 'Mallory')).status).toBe(404);
    expect((await fetch(`${server.url}/sign/not-a-token`)).status).toBe(404);
    expect((await client.sign(link, 'Ieva Ozola')).status).toBe(200);
    const reuse = await client.sign(link, 'Ieva Ozola');
    expect(reuse.status).toBe(410);
    expect(reuse.html).toContain('already been used');
    const onboarding = (await client.api('GET', `/api/onboardings/${started.body.onboardingId}`)).body;
    expect(onboarding.agreement.signatures).toHaveLength(1);
  });

  it('re-show the form with every missing field named, and record nothing', async () => {
    await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Adriatic Pay d.o.o.', country: 'HR', sector: 'financial', people: [] },
        signatories: [{ name: 'Ana Kovač', email: 'ana@adriatic.example', title: 'CFO' }],
      }),
    });
    const link = await client.signingLink('ana@adriatic.example');
    const result = await client.submit(link, { action: 'sign', fullName: '', title: 'CFO' });
    expect(result.status).toBe(400);
    expect(result.html).toContain('fullName');
    expect(result.html).toContain('consent');
    expect((await fetch(link)).status).toBe(200); // still usable
  });

  const refusesAnotherName =
    "refuse a typed name that is not the invited signer's, explaining why, and take it with other accents or case";
  it(refusesAnotherName, async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Nuñoa Datos SpA', country: 'CL', sector: 'isp', people: [] },
        signatories: [{ name: 'José Ñúñez Álvarez', email: 'jose@nunoa.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('jose@nunoa.example');
    const refused = await client.sign(link, 'Mickey Mouse');
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(
      '&quot;Mickey Mouse&quot; is not the name this link was sent to (José Ñúñez Álvarez)',
    );
    expect((await fetch(link)).status).toBe(200); // nothing recorded: the link still signs
    const onboarding = (await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body;
    expect(onboarding.history.map((h: { event: string }) => h.event)).not.toContain('SIGNED');

    expect((await client.sign(link, '  jose nunez  ALVAREZ ')).status).toBe(200);
    const signed = (await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body;
    expect(signed.history.find((h: { event: string }) => h.event === 'SIGNED').detail).toContain(
      'signed as "jose nunez  ALVAREZ"',
    );
  });
});

describe('a declined agreement', () => {
  it('ends the onboarding as DECLINED, tells everyone, and withdraws the other links', async () => {
    const started = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: { legalName: 'Helvetic Cloud AG', country: 'CH', sector: 'platform', people: [] },
        signingOrder: 'parallel',
        signatories: [
          { name: 'Marc Weber', email: 'marc@helvetic.example', title: 'CEO' },
          { name: 'Sara Frei', email: 'sara@helvetic.example', title: 'CTO' },
        ],
      }),
    });
    const marc = await client.signingLink('marc@helvetic.example');
    const sara = await client.signingLink('sara@helvetic.example'); // parallel: both at once
    const declined = await client.submit(marc, { action: 'decline', reason: 'our counsel has not approved clause 4' });
    expect(declined.status).toBe(200);
    const onboarding = await client.waitForStatus(started.body.onboardingId, 'DECLINED');
    expect(onboarding.outcomeReason).toContain('clause 4');
    expect(onboarding.agreement.status).toBe('DECLINED');
    const told = (address: string) =>
      client.waitForMail(
        (m) => m.subject.includes('Helvetic Cloud AG') && m.subject.includes('declined') && m.to.includes(address),
      );
    expect([...(await told('marc@helvetic.example')).to].sort()).toEqual([
      'marc@helvetic.example',
      'sara@helvetic.example',
    ]);
    expect((await told('partnerships@liaison.local')).to).not.toContain('marc@helvetic.example');
    expect((await client.sign(sara, 'Sara Frei')).status).toBe(410);
  });
});
