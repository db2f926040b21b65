// The deployed shape: the esbuild bundles `cdk deploy` uploads, each function in its own process as
// Lambda isolates it (read-only code folder with nothing beside it, only its template environment),
// against the local AWS services; every AWS call evaluated against the function's role policy.
// A call the policy does not allow fails this suite, naming function, action and resource.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../local/iam/sigv4.js';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;

beforeAll(async () => {
  server = await startServer(undefined, { LIAISON_LAMBDA: 'bundles' });
  client = new Client(server);
});

afterAll(async () => {
  if (!server) return;
  const report = (await (await fetch(`${server.url}/local/iam`)).json()) as {
    unusedGrants: { principal: string; action: string; resource: string }[];
    calls: Record<string, number>;
  };
  // what each function called, every call allowed by its own role's policy
  console.log(
    `AWS calls per function:\n${Object.entries(report.calls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([call, count]) => `  ${call}: ${count}`)
      .join('\n')}`,
  );
  // the reverse of the permission check: what the policies grant that no call of this suite used
  console.log(
    `grants no test exercised (${report.unusedGrants.length}):\n${report.unusedGrants
      .map((g) => `  ${g.principal}: ${g.action} on ${g.resource}`)
      .join('\n')}`,
  );
  await server.stop();
});

const personalScope = {
  dataCategories: ['subscriber', 'traffic'],
  purposes: ['cybercrime'],
  direction: 'partner-to-organisation',
  retentionDays: 365,
  excludedCountries: [],
};
const company = (legalName: string, country = 'DE') => ({ legalName, country, sector: 'telecom', people: [] });

async function expectNoDenials() {
  const { denials } = (await (await fetch(`${server.url}/local/iam`)).json()) as {
    denials: { principal: string; action: string; resource: string }[];
  };
  const described = denials.map((d) => `${d.principal} may not ${d.action} on ${d.resource}`);
  expect(described, 'AWS calls the role policies do not allow').toEqual([]);
}

// every test ends by checking that no call was refused, so a missing grant fails the test that needed it
afterEach(async () => {
  if (server) await expectNoDenials();
});

describe('Deployed shape: the bundles with their template environment and IAM policies', () => {
  let partnerId = '';
  let agreementId = '';

  it('runs a full onboarding with two signers behind the data-protection gate', async () => {
    const signers = [
      { name: 'Ada Lovelace', email: 'ada@shape.example', title: 'CEO' },
      { name: 'Bo Berg', email: 'bo@shape.example', title: 'CFO' },
    ];
    const { status, body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Shape Telecom GmbH'), signatories: signers, scope: personalScope }),
    });
    expect(status).toBe(202);
    partnerId = body.partnerId;
    const gated = await client.waitForStatus(body.onboardingId, 'IN_REVIEW', 40_000);
    expect(gated.pendingGate).toBe('data-protection');
    const review = await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: { gate: 'data-protection', decision: 'approve', reason: 'proportionate retention' },
    });
    expect(review.status).toBe(200);
    for (const signer of signers) {
      expect((await client.sign(await client.signingLink(signer.email), signer.name)).status).toBe(200);
    }
    expect((await client.sign(await client.signingLink('legal@liaison.local'), 'Head of Legal Affairs')).status).toBe(
      200,
    );
    const active = await client.waitForStatus(body.onboardingId, 'ACTIVE', 40_000);
    agreementId = active.agreement.agreementId;
    expect(active.agreement.signatures).toHaveLength(3);
    const pdf = await client.api('GET', `/api/agreements/${agreementId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    await client.waitForMail((m) => m.subject === 'Agreement with Shape Telecom GmbH is now in force');
  });

  it('answers access checks from the active agreement', async () => {
    const check = (dataCategory: string) => client.accessCheck(partnerId, { dataCategory });
    const allowed = (await check('traffic')).body;
    expect(allowed).toMatchObject({ decision: 'ALLOW', agreementId, codes: ['WITHIN_AGREEMENT'] });
    expect(allowed.decisionId).toMatch(/^dec_[0-9a-f]{20}$/);
    expect((await check('content')).body).toMatchObject({ decision: 'DENY', codes: ['CATEGORY_OUTSIDE_SCOPE'] });
    // refugee protection holds whatever the agreement says
    const protectedSubject = await client.accessCheck(partnerId, {
      dataCategory: 'traffic',
      protectedFromCountries: ['FR'],
    });
    expect(protectedSubject.body).toMatchObject({ decision: 'DENY', codes: ['REFUGEE_PROTECTION'] });
    // a caller inside AWS signs the same question with its role's credentials
    const aws = JSON.parse(readFileSync(join(server.dataDir, 'aws.json'), 'utf8'));
    const url = `${server.url}/api/iam/access-checks`;
    const body = JSON.stringify({
      partnerId,
      dataCategory: 'traffic',
      purpose: 'cybercrime',
      direction: 'partner-to-organisation',
      requestingCountry: 'FR',
    });
    const now = await client.now();
    const request = { method: 'POST', url, body, headers: { 'content-type': 'application/json' } };
    const headers = await signRequest(request, aws.dataExchange, aws.region, now);
    const signed = await fetch(url, { method: 'POST', headers, body });
    const signedDecision = await signed.json();
    expect(signedDecision).toMatchObject({ decision: 'ALLOW', agreementId });
    // the decision log: the API's records, delivered to their bucket, read back by the bundled API
    await expect
      .poll(
        async () =>
          (await client.api('GET', `/api/access-decisions?partnerId=${partnerId}&limit=100`, { role: 'auditor' })).body
            .items?.length,
        { timeout: 15_000 },
      )
      .toBe(4);
    const logged = (await client.api('GET', `/api/access-decisions?partnerId=${partnerId}`, { role: 'auditor' })).body;
    expect(logged.items.at(-1)).toMatchObject({
      decisionId: signedDecision.decisionId,
      caller: 'AWS role LiaisonLocalDataExchange (account 000000000000)',
    });
  });

  it('tells a receiver of a suspension and a reinstatement, signed, through the bus and the sender', async () => {
    const received: { type: string; agreementId: string }[] = [];
    let secret = '';
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const event = new Webhook(secret).verify(body, request.headers as Record<string, string>) as {
          type: string;
          data: { agreementId: string };
        };
        received.push({ type: event.type, agreementId: event.data.agreementId });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', () => ok()));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
      const created = await client.api('POST', '/api/webhooks', {
        body: { url, events: ['agreement.suspended', 'agreement.reinstated'] },
      });
      secret = created.body.secret;
      await client.api('POST', `/api/agreements/${agreementId}/suspend`, { body: { reason: 'shape check' } });
      await client.api('POST', `/api/agreements/${agreementId}/reinstate`, { body: { reason: 'shape check done' } });
      await expect
        .poll(() => received, { timeout: 20_000 })
        .toEqual([
          { type: 'agreement.suspended', agreementId },
          { type: 'agreement.reinstated', agreementId },
        ]);
    } finally {
      receiver.close();
    }
  });

  it('answers 409, not 500, for the PDF of an agreement nobody has signed yet, and screens names', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Pending Paper AG'),
        signatories: [{ name: 'Cy Pending', email: 'cy@shape.example', title: 'CEO' }],
      }),
    });
    const waiting = await client.waitForStatus(body.onboardingId, 'AWAITING_SIGNATURES', 40_000);
    const pdf = await client.api('GET', `/api/agreements/${waiting.agreement.agreementId}/pdf`);
    expect(pdf.status).toBe(409);
    const screening = await client.api('POST', '/api/screenings', { body: { name: 'Volkov Trading' } });
    expect(screening.status).toBe(200);
    expect(screening.body.hits.length).toBeGreaterThan(0);
    // a name in another script: the transliteration table travels beside the bundle and is loaded for it
    const cyrillic = await client.api('POST', '/api/screenings', { body: { name: 'Волков Трейдинг' } });
    expect(cyrillic.status).toBe(200);
    expect(cyrillic.body.hits.map((hit: { entityId: string }) => hit.entityId)).toContain('liaison-sample-0001');
  });

  it('sends a listed company to vetting review, and the approver decides it', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Volkov Trading LLC', 'CY') }),
    });
    const review = await client.waitForStatus(body.onboardingId, 'IN_REVIEW', 40_000);
    expect(review.pendingGate).toBe('vetting-review');
    await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: { gate: 'vetting-review', decision: 'reject', reason: 'listed entity' },
    });
    const rejected = await client.waitForStatus(body.onboardingId, 'REJECTED', 40_000);
    expect(rejected.outcomeReason).toContain('listed entity');
    await client.waitForMail((m) => m.subject === 'Onboarding of Volkov Trading LLC: rejected');
  });

  it('ends as DECLINED when a signer declines, and tells everyone', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Decliner Networks BV', 'NL'),
        signatories: [{ name: 'Dee Cline', email: 'dee@shape.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('dee@shape.example');
    expect((await client.submit(link, { action: 'decline', reason: 'terms not acceptable' })).status).toBe(200);
    await client.waitForStatus(body.onboardingId, 'DECLINED', 40_000);
    await client.waitForMail((m) => m.subject === 'Onboarding of Decliner Networks BV: declined');
  });

  it('records a step failing for good as FAILED', async () => {
    const fault = await client.injectFault({
      action: 's3:PutObject',
      error: 'AccessDenied',
      count: 1,
      principal: 'generate-agreement',
    });
    expect(fault.status).toBe(202);
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Broken Store SARL', 'FR') }),
    });
    const failed = await client.waitForStatus(body.onboardingId, 'FAILED', 40_000);
    expect(failed.outcomeReason).toMatch(/AccessDenied/);
    await client.waitForMail((m) => m.subject === 'Onboarding of Broken Store SARL: failed');
  });

  async function signedOnboarding(legalName: string, signerEmail: string) {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company(legalName, 'AT'),
        signatories: [{ name: 'Al Activate', email: signerEmail, title: 'CEO' }],
      }),
    });
    expect((await client.sign(await client.signingLink(signerEmail), 'Al Activate')).status).toBe(200);
    return body as { onboardingId: string; partnerId: string };
  }

  async function accessDecision(partner: string) {
    return (await client.accessCheck(partner)).body.decision;
  }

  it('leaves access denied and the agreement unsigned-off when the executed copies cannot be sent', async () => {
    const { onboardingId, partnerId: partner } = await signedOnboarding('Mailless Carrier GmbH', 'al@mailless.example');
    await client.injectFault({ action: 'ses:SendEmail', error: 'AccessDenied', count: 1, principal: 'activate' });
    const countersign = await client.signingLink('legal@liaison.local', 'Mailless Carrier GmbH');
    expect((await client.sign(countersign, 'Head of Legal Affairs')).status).toBe(200);
    const failed = await client.waitForStatus(onboardingId, 'FAILED', 40_000);
    expect(failed.agreement.status).toBe('PENDING_SIGNATURES');
    expect(await accessDecision(partner)).toBe('DENY');
  });

  it('suspends an agreement whose activation went ACTIVE but could not point the partner at it', async () => {
    const { onboardingId, partnerId: partner } = await signedOnboarding('Halfway Fibre AG', 'al@halfway.example');
    await client.injectFault({ action: 'dynamodb:PutItem', error: 'AccessDenied', count: 1, principal: 'activate' });
    const countersign = await client.signingLink('legal@liaison.local', 'Halfway Fibre AG');
    expect((await client.sign(countersign, 'Head of Legal Affairs')).status).toBe(200);
    const failed = await client.waitForStatus(onboardingId, 'FAILED', 40_000);
    const agreement = await client.api('GET', `/api/agreements/${failed.agreement.agreementId}`);
    expect(agreement.body).toMatchObject({
      status: 'SUSPENDED',
      statusReason: expect.stringMatching(/^activation did not/),
    });
    expect(await accessDecision(partner)).toBe('DENY');
    // once the cause is fixed, the officer reinstates it: the partner is pointed at it and access is allowed
    const reinstated = await client.api('POST', `/api/agreements/${failed.agreement.agreementId}/reinstate`, {
      body: { reason: 'store fixed' },
    });
    expect(reinstated.status).toBe(200);
    expect(await accessDecision(partner)).toBe('ALLOW');
  });

  it('keeps one live link per signer when the signature step is retried after the email went out', async () => {
    // after the link is stored and emailed, the step's history write fails every attempt the SDK makes (4 each),
    // twice over: the workflow retries the step with a new task token
    await client.injectFault({
      action: 'dynamodb:PutItem',
      error: 'InternalError',
      skip: 1,
      count: 8,
      principal: 'request-signature',
    });
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Retried Links SA', 'BE'),
        signatories: [{ name: 'Re Try', email: 're@retried.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('re@retried.example');
    // the first attempt failed after the email; the retried one takes the link over and says so
    const events = async () =>
      (await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body.history.map(
        (h: { event: string }) => h.event,
      );
    await expect.poll(events, { timeout: 20_000 }).toContain('SIGNATURE_STEP_RETRIED');
    expect((await client.sign(link, 'Re Try')).status).toBe(200);
    expect(await client.signingLinks('re@retried.example')).toHaveLength(1);
    const countersign = await client.signingLink('legal@liaison.local', 'Retried Links SA');
    expect((await client.sign(countersign, 'Head of Legal Affairs')).status).toBe(200);
    await client.waitForStatus(body.onboardingId, 'ACTIVE', 40_000);
  });

  it('keeps a signature the workflow could not take at once, and the redelivery job passes it on', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Queued Signals Oy', 'FI'),
        signatories: [{ name: 'Qa Queue', email: 'qa@shape.example', title: 'CEO' }],
      }),
    });
    const link = await client.signingLink('qa@shape.example');
    // Step Functions throttles every attempt of the signing pages' SendTaskSuccess (the SDK retries 5 times)
    await client.injectFault({ action: 'states:SendTaskSuccess', error: 'Throttling', count: 5, principal: 'signing' });
    const signed = await client.sign(link, 'Qa Queue');
    expect(signed.status).toBe(202); // recorded, to be passed on
    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 301 }) });
    // the redelivery schedule (every 5 minutes) runs the jobs function, which passes the answer on
    const countersign = await client.signingLink('legal@liaison.local', 'Queued Signals Oy');
    expect((await client.sign(countersign, 'Head of Legal Affairs')).status).toBe(200);
    await client.waitForStatus(body.onboardingId, 'ACTIVE', 40_000);
  });

  it('keeps a review decision the workflow could not take at once, and the redelivery job passes it on', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Delayed Verdict Ltd', 'IE'),
        signatories: [{ name: 'Di Layed', email: 'di@verdict.example', title: 'CEO' }],
        scope: personalScope,
      }),
    });
    await client.waitForStatus(body.onboardingId, 'IN_REVIEW', 40_000);
    await client.injectFault({ action: 'states:SendTaskSuccess', error: 'Throttling', count: 5, principal: 'api' });
    const review = await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: { gate: 'data-protection', decision: 'approve', reason: 'retention is proportionate' },
    });
    expect(review.status).toBe(202);
    expect(review.body.status).toBe('AWAITING_SIGNATURES');
    // a second approver cannot decide the same gate again
    const again = await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: { gate: 'data-protection', decision: 'reject', reason: 'second thoughts' },
    });
    expect(again.status).toBe(409);
    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 301 }) });
    const link = await client.signingLink('di@verdict.example', 'Delayed Verdict Ltd');
    expect((await client.sign(link, 'Di Layed')).status).toBe(200);
  });

  it('runs the daily job from the API and from its schedule', async () => {
    const sweep = await client.api('POST', '/api/jobs/expiry-sweep', { body: {} });
    expect(sweep.status).toBe(200);
    expect(sweep.body.rescreening).toBeDefined();
    // six days on, the schedule runs the jobs function, which reminds the signer still waiting
    const moved = await fetch(`${server.url}/local/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 6 * 86_400 }),
    });
    expect(moved.status).toBe(200);
    const reminder = await client.waitForMail(
      (m) => m.to.includes('cy@shape.example') && m.subject.startsWith('Reminder'),
      40_000,
    );
    expect(reminder.subject).toContain('Pending Paper AG');
  });
  it('records an onboarding whose workflow was stopped by hand as FAILED at the next daily run', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Orphaned Routes SL', 'ES'),
        signatories: [{ name: 'Or Phan', email: 'or@orphaned.example', title: 'CEO' }],
      }),
    });
    await client.waitForStatus(body.onboardingId, 'AWAITING_SIGNATURES', 40_000);
    const stopped = await fetch(`${server.url}/local/executions/${body.onboardingId}`, { method: 'DELETE' });
    expect(((await stopped.json()) as { status: string }).status).toBe('ABORTED');
    // a day on, the daily job asks Step Functions how the execution ended
    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 86_400 }) });
    const failed = await client.waitForStatus(body.onboardingId, 'FAILED', 40_000);
    expect(failed.outcomeReason).toMatch(/ended ABORTED .*without recording an outcome/);
    await client.waitForMail((m) => m.subject === 'Onboarding of Orphaned Routes SL: failed');
  });

  it('serves the console with its script compiled for the browser in the bundle', async () => {
    const shell = await fetch(`${server.url}/console`);
    expect(await shell.text()).toContain('<script src="/assets/console.js" defer>');
    const script = await fetch(`${server.url}/assets/console.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const code = await script.text();
    expect(code).toMatch(/^"use strict";\(\(\)=>\{/); // esbuild's IIFE, minified
    expect(code).not.toMatch(/\bimport\b|: string|interface /); // no TypeScript or modules left for the browser
  });
});
