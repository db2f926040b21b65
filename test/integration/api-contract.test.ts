// The HTTP contract of ../shared/API.md: validation, roles, errors, review, jobs, renewals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;
beforeAll(async () => {
  server = await startServer();
  client = new Client(server);
});
afterAll(async () => server?.stop());

const company = (legalName: string, extra: Record<string, unknown> = {}) => ({
  legalName,
  country: 'FR',
  sector: 'platform',
  people: [],
  ...extra,
});

describe('bad input', () => {
  it('gets 400 naming every field at fault, and writes nothing', async () => {
    const before = (await client.api('GET', '/api/onboardings?limit=100')).body.items.length;
    const { status, body } = await client.api('POST', '/api/onboardings', {
      body: {
        company: { legalName: '', country: 'Germany', sector: 'bakery', lei: '529900NORDLICHT0TK21' },
        signatories: [{ name: 'A', email: 'not-an-email', title: 'CEO' }],
        scope: { dataCategories: ['dna'], purposes: [], direction: 'sideways', retentionDays: -1 },
        termMonths: 0,
        surprise: true,
      },
    });
    expect(status).toBe(400);
    expect(body.error).toBe('ValidationError');
    const paths = body.issues.map((i: { path: string }) => i.path);
    for (const path of [
      'company.legalName',
      'company.country',
      'company.sector',
      'company.lei',
      'signatories.0.email',
      'scope.dataCategories.0',
      'scope.purposes',
      'scope.direction',
      'scope.retentionDays',
      'termMonths',
      '(body)',
    ]) {
      expect(paths).toContain(path);
    }
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect((await client.api('GET', '/api/onboardings?limit=100')).body.items.length).toBe(before);
  });

  it('gets 400 for malformed JSON, 415 for another content type and 413 for a huge body', async () => {
    expect((await client.api('POST', '/api/onboardings', { body: '{"company":' })).status).toBe(400);
    expect(
      (await client.api('POST', '/api/onboardings', { body: 'x', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
    expect(
      (await client.api('POST', '/api/onboardings', { body: JSON.stringify({ pad: 'x'.repeat(70_000) }) })).status,
    ).toBe(413);
  });

  it('gets 400 for bad query parameters and a forged page token', async () => {
    expect((await client.api('GET', '/api/onboardings?status=HAPPY')).body.issues[0].path).toBe('status');
    expect((await client.api('GET', '/api/agreements?expiringWithinDays=-3')).status).toBe(400);
    expect((await client.api('GET', '/api/onboardings?nextToken=eyJwayI6MX0')).status).toBe(400);
  });
});

describe('before an onboarding is started', () => {
  const count = async () => (await client.api('GET', '/api/onboardings?limit=100')).body.items.length;

  it('previews the agreement text a request would get, and writes nothing', async () => {
    const before = await count();
    const request = onboardingRequest({ company: company('Preview Platforms SAS') });
    const { status, body } = await client.api('POST', '/api/onboardings/preview', { body: request });
    expect(status).toBe(200);
    expect(body).toMatchObject({ templateId: 'dsa-standard', similarPartners: [] });
    expect(body.html).toContain('Preview Platforms SAS');
    expect(body.html).toContain('(assigned when sent)');
    const invalid = await client.api('POST', '/api/onboardings/preview', {
      body: { ...request, termMonths: 0, scope: { ...request.scope, purposes: [] } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues.map((i: { path: string }) => i.path)).toEqual(['scope.purposes', 'termMonths']);
    expect((await client.api('POST', '/api/onboardings/preview', { body: request, role: 'auditor' })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('searches every onboarding by company, past the newest page, and counts every status', async () => {
    const older = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Sök Éldre Telecom AS') }),
    });
    for (const name of ['Newer One SA', 'Newer Two SA'])
      await client.api('POST', '/api/onboardings', { body: onboardingRequest({ company: company(name) }) });
    const found = await client.api('GET', '/api/onboardings?company=sok%20eldre&limit=1');
    expect(found.status).toBe(200);
    expect(found.body.items.map((o: { onboardingId: string }) => o.onboardingId)).toEqual([older.body.onboardingId]);
    const { body } = await client.api('GET', '/api/onboardings/counts');
    const listed = (await client.api('GET', '/api/onboardings?limit=100')).body.items.length;
    expect(Object.values(body.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(listed);
    expect(Object.keys(body.counts)).toContain('WITHDRAWN');
  });

  it('finds the same company by LEI, registration number or name, in progress or in force', async () => {
    const lei = '529900T8BM49AURSDO55';
    const inProgress = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Matching Telecom SARL', { lei, registrationNumber: 'RCS 123 456 789' }),
        signatories: [{ name: 'Mia Match', email: 'mia@matching.example', title: 'CEO' }],
      }),
    });
    const matches = async (query: string) => (await client.api('GET', `/api/partners/matches?${query}`)).body;
    const found = (await matches(`lei=${lei.toLowerCase()}`)).items;
    expect(found).toEqual([expect.objectContaining({ onboardingId: inProgress.body.onboardingId, matchedOn: 'LEI' })]);
    expect((await matches('country=FR&registrationNumber=RCS%20123%20456%20789')).items[0].matchedOn).toBe(
      'registration number',
    );
    // capitals, accents, punctuation and spacing do not make another company
    expect((await matches('legalName=MATCHING%20T%C3%89L%C3%89COM%20S.A.R.L.')).items[0].matchedOn).toBe('same name');
    expect((await matches('legalName=Other%20Company%20Ltd')).items).toEqual([]);
    // in force: a near-identical name points at the agreement
    await client.sign(await client.signingLink('mia@matching.example'), 'Mia Match');
    await client.sign(
      await client.signingLink('legal@liaison.local', 'Matching Telecom SARL'),
      'Head of Legal Affairs',
    );
    const active = await client.waitForStatus(inProgress.body.onboardingId, 'ACTIVE');
    const inForce = (await matches('legalName=Matching%20Telecom%20SARL')).items;
    expect(inForce).toEqual([expect.objectContaining({ agreementId: active.agreement.agreementId, status: 'ACTIVE' })]);
    // and the agreements list finds it by part of its name
    const listed = await client.api('GET', '/api/agreements?company=MATCHING%20t%C3%A9l%C3%A9com&limit=5');
    expect(listed.body.items.map((a: { agreementId: string }) => a.agreementId)).toEqual([
      active.agreement.agreementId,
    ]);
    // nothing to look for: 400 naming the field
    const empty = await client.api('GET', '/api/partners/matches');
    expect(empty.status).toBe(400);
    expect(empty.body.issues.map((i: { path: string }) => i.path)).toEqual(['legalName']);
  });
});

describe('roles and unknown things', () => {
  it('needs a bearer token (401) of an allowed role (403)', async () => {
    expect((await client.api('GET', '/api/onboardings', { role: null })).status).toBe(401);
    expect(
      (
        await client.api('GET', '/api/onboardings', {
          role: null,
          headers: { authorization: 'Bearer lsn_officer_wrongwrongwrongwrong' },
        })
      ).status,
    ).toBe(401);
    expect((await client.api('POST', '/api/onboardings', { role: 'auditor', body: onboardingRequest() })).status).toBe(
      403,
    );
    expect((await client.api('POST', '/api/access-checks', { role: 'approver', body: {} })).status).toBe(403);
  });

  it('answers 404 for unknown ids and routes, without a token for /health', async () => {
    expect((await client.api('GET', '/api/onboardings/onb_nope')).status).toBe(404);
    expect((await client.api('GET', '/api/agreements/agr_nope')).status).toBe(404);
    expect((await client.api('POST', '/api/agreements/agr_nope/revoke', { body: { reason: 'x' } })).status).toBe(404);
    expect((await client.api('GET', '/api/nothing-here')).status).toBe(404);
    expect((await client.api('GET', '/health', { role: null })).body).toEqual({ status: 'ok' });
  });

  it('answers 405 for a known path with another method, whichever function serves the path', async () => {
    // the officers' API, the access check, the routes that open the screening list, and the signing pages
    for (const [method, path] of [
      ['DELETE', '/api/onboardings'],
      ['GET', '/api/access-checks'],
      ['GET', '/api/screenings'],
      ['DELETE', '/sign/not-a-real-token'],
    ] as const) {
      const { status, body } = await client.api(method, path);
      expect(status, `${method} ${path}`).toBe(405);
      expect(body.error).toBe('MethodNotAllowed');
    }
  });

  it('serves an OpenAPI document generated from the request schemas', async () => {
    const { body } = await client.api('GET', '/api/openapi.json', { role: null });
    expect(body.openapi).toBe('3.1.0');
    // every function's routes: the officers', the access check, the screening list's and the signing pages
    for (const path of ['/api/onboardings', '/api/access-checks', '/api/screenings', '/sign/{token}'])
      expect(Object.keys(body.paths)).toContain(path);
    expect(body.paths['/api/onboardings'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/StartOnboardingRequest',
    );
    expect(body.components.schemas.StartOnboardingRequest.properties.scope).toBeDefined();
  });
});

describe('Idempotency-Key', () => {
  it('returns the same onboarding for the same key and body, once, and 409 for another body', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const request = onboardingRequest({ company: company('Idempotent SAS') });
    const first = await client.api('POST', '/api/onboardings', { body: request, headers });
    const second = await client.api('POST', '/api/onboardings', { body: request, headers });
    expect(second.body.onboardingId).toBe(first.body.onboardingId);
    const all = (await client.api('GET', '/api/onboardings?limit=100')).body.items.filter(
      (o: { company: { legalName: string } }) => o.company.legalName === 'Idempotent SAS',
    );
    expect(all).toHaveLength(1);
    expect(
      (
        await client.api('POST', '/api/onboardings', {
          body: onboardingRequest({ company: company('Other SAS') }),
          headers,
        })
      ).status,
    ).toBe(409);
  });
});

describe('vetting outcomes', () => {
  it('rejects a company in a FATF call-for-action country without a review', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Pyongyang Data Co', { country: 'KP' }) }),
    });
    const done = await client.waitForStatus(body.onboardingId, 'REJECTED');
    expect(done.vetting.decision).toBe('FAIL');
    expect(done.vetting.checks.find((c: { check: string }) => c.check === 'jurisdiction').findings[0]).toContain(
      'call for action',
    );
  });

  it('sends a listed name to review; the approver approves with a reason and signing starts', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('ООО "Волков Трейдинг"', { country: 'AM' }),
        signatories: [{ name: 'Vardan Petrosyan', email: 'vardan@volkov.example', title: 'CEO' }],
      }),
    });
    const inReview = await client.waitForStatus(body.onboardingId, 'IN_REVIEW');
    expect(inReview.pendingGate).toBe('vetting-review');
    expect(inReview.vetting.checks[0].findings[0]).toContain('Volkov Trading OOO');
    const email = await client.waitForMail(
      (m) => m.subject.startsWith('Review needed') && m.subject.includes('Волков'),
    );
    expect(email.text).toContain(`/console/onboardings/${body.onboardingId}`);
    expect(
      (
        await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
          role: 'officer',
          body: { gate: 'vetting-review', decision: 'approve', reason: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
          role: 'approver',
          body: { gate: 'vetting-review', decision: 'approve' },
        })
      ).body.issues[0].path,
    ).toBe('reason');
    const decided = await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: { gate: 'vetting-review', decision: 'approve', reason: 'different company: Armenian registry checked' },
    });
    expect(decided.status).toBe(200);
    await client.signingLink('vardan@volkov.example');
    const after = await client.waitForStatus(body.onboardingId, 'AWAITING_SIGNATURES');
    expect(after.review).toMatchObject({ decision: 'approve', reason: 'different company: Armenian registry checked' });
    expect(
      (
        await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
          role: 'approver',
          body: { gate: 'vetting-review', decision: 'reject', reason: 'late' },
        })
      ).status,
    ).toBe(409);
  });

  it('ends as REJECTED when the approver rejects', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Golden Crescent Shipping', { country: 'AE' }) }),
    });
    await client.waitForStatus(body.onboardingId, 'IN_REVIEW');
    await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: { gate: 'vetting-review', decision: 'reject', reason: 'listed entity' },
    });
    const done = await client.waitForStatus(body.onboardingId, 'REJECTED');
    expect(done.outcomeReason).toContain('listed entity');
  });
});

describe('the data-protection gate', () => {
  const personal = (legalName: string, email: string) =>
    onboardingRequest({
      company: company(legalName),
      signatories: [{ name: 'Dana Person', email, title: 'CEO' }],
      scope: {
        dataCategories: ['subscriber', 'traffic'],
        purposes: ['cybercrime'],
        direction: 'partner-to-organisation',
        retentionDays: 180,
        excludedCountries: [],
      },
    });

  const holdsPersonalCategories =
    'holds passenger and payment data for the data-protection approval too, ' +
    'and threat intelligence only if it names people';
  it(holdsPersonalCategories, async () => {
    const scoped = (legalName: string, scope: Record<string, unknown>) =>
      client.api('POST', '/api/onboardings', {
        body: onboardingRequest({
          company: company(legalName),
          signatories: [
            { name: 'Sam Scope', email: `sam@${legalName.split(' ')[0].toLowerCase()}.example`, title: 'CEO' },
          ],
          scope: { purposes: ['cybercrime'], direction: 'partner-to-organisation', retentionDays: 90, ...scope },
        }),
      });
    const travel = await scoped('Passenger Airways PJSC', { dataCategories: ['travel'] });
    const payments = await scoped('Payments Ltd', { dataCategories: ['financial-transaction'] });
    const indicators = await scoped('Indicators Ltd', {
      dataCategories: ['threat-intelligence'],
      threatIntelligenceIdentifiesPeople: true,
    });
    const infrastructure = await scoped('Infrastructure Ltd', { dataCategories: ['threat-intelligence'] });
    for (const started of [travel, payments, indicators]) {
      const waiting = await client.waitForStatus(started.body.onboardingId, 'IN_REVIEW');
      expect(waiting.pendingGate).toBe('data-protection');
    }
    await client.waitForStatus(infrastructure.body.onboardingId, 'AWAITING_SIGNATURES');
  });

  const holdsUntilApproved =
    'holds signature requests for personal data until the approver approves, recording who, when and why';
  it(holdsUntilApproved, async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: personal('Personal Data SA', 'dana@personal.example'),
    });
    // every status it shows on the way: never AWAITING_SIGNATURES before the gate
    const seen: string[] = [];
    let waiting: { status: string; pendingGate: string; agreement: { status: string } };
    do {
      waiting = (await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body;
      if (seen.at(-1) !== waiting.status) seen.push(waiting.status);
    } while (waiting.status === 'VETTING');
    expect(seen).toEqual(['VETTING', 'IN_REVIEW']);
    expect(waiting.pendingGate).toBe('data-protection');
    expect(waiting.agreement.status).toBe('PENDING_SIGNATURES'); // generated, not yet sent
    const request = await client.waitForMail(
      (m) => m.subject === 'Data-protection approval needed: agreement with Personal Data SA',
    );
    expect(request.text).toContain('subscriber data');
    expect((await client.mailbox()).some((m) => m.to.includes('dana@personal.example'))).toBe(false);

    const approved = await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: {
        gate: 'data-protection',
        decision: 'approve',
        reason: 'retention limited to 180 days; lawful basis art. 6(1)(e)',
      },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.dataProtection).toMatchObject({
      decision: 'approve',
      reason: expect.stringContaining('180 days'),
      by: 'Ana Approver <ana.approver@liaison.local>', // the person, by name and email
      bySubject: expect.stringMatching(/^[0-9a-f-]{36}$/), // their token's subject, kept for audit
      at: expect.any(String),
    });
    await client.signingLink('dana@personal.example');
    const agreement = (await client.api('GET', `/api/agreements/${approved.body.agreement.agreementId}`)).body;
    expect(agreement.dataProtectionApproval).toMatchObject({ decision: 'approve' });
    expect(agreement.history.map((h: { event: string }) => h.event)).toContain('DATA_PROTECTION_APPROVED');
  });

  it('ends as REJECTED without any signature request when the approver refuses', async () => {
    const { body } = await client.api('POST', '/api/onboardings', {
      body: personal('Refused Data SA', 'rene@refused.example'),
    });
    await client.waitForStatus(body.onboardingId, 'IN_REVIEW');
    await client.api('POST', `/api/onboardings/${body.onboardingId}/review`, {
      role: 'approver',
      body: {
        gate: 'data-protection',
        decision: 'reject',
        reason: 'content of the scope exceeds what the purpose needs',
      },
    });
    const done = await client.waitForStatus(body.onboardingId, 'REJECTED');
    expect(done.outcomeReason).toContain('data-protection approval refused');
    expect((await client.mailbox()).some((m) => m.to.includes('rene@refused.example'))).toBe(false);
  });
});

describe('screening', () => {
  it('returns hits strong enough for review, best first, and none for a clear name', async () => {
    const hit = await client.api('POST', '/api/screenings', { body: { name: 'Darkwave Hosting Limited' } });
    expect(hit.body.hits[0]).toMatchObject({ entityId: 'liaison-sample-0005', datasets: ['liaison-sample'] });
    expect(hit.body.hits[0].score).toBeGreaterThan(0.9);
    expect(
      (await client.api('POST', '/api/screenings', { body: { name: 'Nordlicht Telekom GmbH' } })).body.hits,
    ).toEqual([]);
    expect((await client.api('POST', '/api/screenings', { body: { name: '' } })).status).toBe(400);
  });
});

describe('the daily job and renewals', () => {
  it('flags an agreement within 90 days of expiry, expires it afterwards, and a renewal supersedes it', async () => {
    const started = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({
        company: company('Sweep Telecom SA'),
        termMonths: 1,
        signatories: [{ name: 'Jean Roux', email: 'jean@sweep.example', title: 'CEO' }],
      }),
    });
    await client.sign(await client.signingLink('jean@sweep.example'), 'Jean Roux');
    await client.sign(await client.signingLink('legal@liaison.local', 'Sweep Telecom SA'), 'Head of Legal Affairs');
    const active = await client.waitForStatus(started.body.onboardingId, 'ACTIVE');
    const agreementId = active.agreement.agreementId;
    const { body: agreement } = await client.api('GET', `/api/agreements/${agreementId}`);

    const soon = (await client.api('GET', '/api/agreements?expiringWithinDays=90')).body.items.map(
      (a: { agreementId: string }) => a.agreementId,
    );
    expect(soon).toContain(agreementId);
    const flagged = await client.api('POST', '/api/jobs/expiry-sweep', { body: {} });
    expect(flagged.body.flagged.find((f: { agreementId: string }) => f.agreementId === agreementId)).toMatchObject({
      withinDays: 30,
    });
    expect(
      (await client.api('POST', '/api/jobs/expiry-sweep', { body: {} })).body.flagged.map(
        (f: { agreementId: string }) => f.agreementId,
      ),
    ).not.toContain(agreementId);
    // both sides are warned, each in its own message: the company about its agreement, naming the organisation;
    // each of the organisation's people in the run's digest
    const warned = (await client.mailbox()).filter(
      (m) => m.subject === 'Agreement with Sweep Telecom SA expires within 30 days',
    );
    expect(warned.map((m) => m.to)).toEqual([['jean@sweep.example']]);
    expect((await client.message(warned[0].id)).text).toContain('between the International Police Cooperation');
    const digests = (await client.mailbox()).filter((m) => m.subject.startsWith('Agreements nearing expiry'));
    expect(digests.map((m) => m.to).sort()).toEqual([['legal@liaison.local'], ['partnerships@liaison.local']]);
    expect((await client.message(digests[0].id)).text).toContain(
      `Sweep Telecom SA (${agreementId}): expires within 30 days`,
    );

    // looking ahead is a dry run: it reports the expiry and changes nothing;
    // running it for real ahead of time is refused
    const after = new Date(Date.parse(agreement.expiresAt) + 1000).toISOString();
    const preview = await client.api('POST', '/api/jobs/expiry-sweep', { body: { asOf: after, dryRun: true } });
    expect(preview.status).toBe(200);
    expect(preview.body.dryRun).toBe(true);
    expect(preview.body.expired.map((e: { agreementId: string }) => e.agreementId)).toContain(agreementId);
    expect((await client.api('GET', `/api/agreements/${agreementId}`)).body.status).toBe('ACTIVE');
    const early = await client.api('POST', '/api/jobs/expiry-sweep', { body: { asOf: after } });
    expect(early.status).toBe(400);
    expect(early.body.issues.map((i: { path: string }) => i.path)).toEqual(['asOf']);
    expect((await client.api('GET', `/api/agreements/${agreementId}`)).body.status).toBe('ACTIVE');
    // time passes: the daily schedule (and a sweep run then) expire it
    const moved = await fetch(`${server.url}/local/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: Math.ceil((Date.parse(after) - Date.now()) / 1000) + 5 }),
    });
    expect(moved.status).toBe(200);
    await client.api('POST', '/api/jobs/expiry-sweep', { body: {} });
    expect((await client.api('GET', `/api/agreements/${agreementId}`)).body.status).toBe('EXPIRED');
    expect((await client.api('POST', `/api/agreements/${agreementId}/suspend`, { body: { reason: 'x' } })).status).toBe(
      409,
    );

    // renewed once expired (renewing earlier would race its signing links against the clock moved past a month)
    const renewal = await client.api('POST', `/api/agreements/${agreementId}/renew`);
    expect(renewal.status).toBe(202);

    await client.waitForStatus(renewal.body.onboardingId, 'AWAITING_SIGNATURES');
    const legalLinksBefore = (await client.signingLinks('legal@liaison.local')).length;
    await client.sign(await client.nthSigningLink('jean@sweep.example', 2), 'Jean Roux');
    await client.sign(
      await client.nthSigningLink('legal@liaison.local', legalLinksBefore + 1),
      'Head of Legal Affairs',
    );
    const renewed = await client.waitForStatus(renewal.body.onboardingId, 'ACTIVE');
    expect(renewed.partnerId).toBe(active.partnerId);
    expect((await client.api('GET', `/api/agreements/${agreementId}`)).body.status).toBe('SUPERSEDED');
  });
});

describe('a step failing for good', () => {
  it('is caught: the onboarding is FAILED with the reason, and the officer is told', async () => {
    // writing the agreement document is refused on every attempt (a permission fault is not retried)
    const fault = await client.injectFault({
      action: 's3:PutObject',
      error: 'AccessDenied',
      count: 1,
      principal: 'generate-agreement',
    });
    expect(fault.status).toBe(202);
    const { body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ company: company('Broken Disk SARL') }),
    });

    const failed = await client.waitForStatus(body.onboardingId, 'FAILED');
    expect(failed.outcomeReason).toMatch(/AccessDenied/);
    expect(failed.history.map((h: { event: string }) => h.event)).toEqual(['STARTED', 'VETTING_CLEAR', 'FAILED']);
    const notice = await client.waitForMail((m) => m.subject === 'Onboarding of Broken Disk SARL: failed');
    expect(notice.to).toEqual(['partnerships@liaison.local']);
    // the outcome is recorded by the RecordFailure step; the execution ends a moment after it
    const execution = async () =>
      (await (await fetch(`${server.url}/local/executions/${body.onboardingId}`)).json()) as {
        status: string;
        transitions: string[];
      };
    await expect.poll(async () => (await execution()).status, { timeout: 10_000 }).toBe('FAILED');
    expect((await execution()).transitions.slice(-2)).toEqual(['RecordFailure', 'Failed']);
  });

  it('is prevented at the door when the template does not exist', async () => {
    const { status, body } = await client.api('POST', '/api/onboardings', {
      body: onboardingRequest({ templateId: 'dsa-unknown' }),
    });
    expect(status).toBe(400);
    expect(body.issues[0]).toMatchObject({ path: 'templateId' });
    expect(body.issues[0].message).toContain('dsa-standard');
  });
});
