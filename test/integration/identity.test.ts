// Tokens from the local user pool, as Cognito issues them on AWS: every route refuses a token that is tampered,
// expired, for another application, from another issuer or unsigned; a machine client reaches the access check and
// nothing else; an auditor reads and exports but changes nothing; history names the person who acted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, decodeJwt, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFromClaims } from '../../functions/domain/identity.js';
import { signRequest } from '../../local/iam/sigv4.js';
import { Client, type LocalServer, onboardingRequest, startServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;
let operations: { method: string; path: string }[];
beforeAll(async () => {
  server = await startServer();
  client = new Client(server);
  const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
  };
  // every route that takes a bearer token (the IAM-signed access check takes none: it has its own tests)
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, operation]) => operation.security?.some((scheme) => 'bearer' in scheme))
      .map(([method, _]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x') })),
  );
});
afterAll(async () => server?.stop());

/** A token signed with the local pool's own key, claims as given (what a forger holding the key could make). */
async function signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { jwk } = JSON.parse(readFileSync(join(server.dataDir, 'identity', 'keys.json'), 'utf8'));
  const key = await importJWK(jwk, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid, ...header }).sign(key);
}

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

describe('Identity: bearer tokens from the user pool', () => {
  it('refuses a tampered, expired, foreign, wrongly issued or unsigned token on every route with 401', async () => {
    const officer = server.token('officer');
    const claims = decodeJwt(officer);
    const now = Math.floor(Date.now() / 1000);
    const [head, payload, signature] = officer.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['officer', 'approver'] }));
    const bad = {
      tampered: `${head}.${elevated.toString('base64url')}.${signature}`,
      expired: await signed({ ...claims, iat: now - 7200, exp: now - 3600 }),
      'another audience': await signed({ ...claims, aud: 'some-other-app', exp: now + 3600 }),
      'another issuer': await signed({
        ...claims,
        iss: 'https://cognito-idp.eu-west-1.amazonaws.com/x',
        exp: now + 3600,
      }),
      unsigned: `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      'an access token of a person': await signed({ ...claims, token_use: 'access', username: 'olu', exp: now + 3600 }),
    };
    expect(operations.length).toBeGreaterThan(10);
    for (const [what, token] of Object.entries(bad)) {
      for (const { method, path } of operations) {
        const answer = await call(method, path, token);
        expect(answer.status, `${what} on ${method} ${path}`).toBe(401);
      }
    }
    expect((await call('GET', '/api/onboardings', officer)).status).toBe(200);
  });

  it("maps the local issuer's real tokens with the one claim mapping Cognito's tokens use", () => {
    const trusted = { peopleClients: [String(decodeJwt(server.token('officer')).aud)] };
    expect(callerFromClaims(decodeJwt(server.token('approver')), trusted)).toMatchObject({
      kind: 'person',
      name: 'Ana Approver',
      email: 'ana.approver@liaison.local',
      roles: ['approver'],
    });
    expect(callerFromClaims(decodeJwt(server.token('service')), trusted)).toMatchObject({
      kind: 'client',
      roles: ['service'],
    });
  });

  it("lets a machine client's client-credentials token ask access checks, and nothing else", async () => {
    const service = server.token('service');
    expect(decodeJwt(service)).toMatchObject({ token_use: 'access', scope: 'liaison/access-check' });
    const check = await call('POST', '/api/access-checks', service, {
      partnerId: 'ptn_00000000000000000000',
      dataCategory: 'traffic',
      purpose: 'cybercrime',
      direction: 'partner-to-organisation',
      requestingCountry: 'FR',
    });
    expect(check.status).toBe(200);
    // people's routes: the gateway's JWT authorizer lists only the console's and the CLI's clients, as on AWS
    for (const { method, path } of operations.filter((o) => o.path !== '/api/access-checks'))
      expect((await call(method, path, service)).status, `${method} ${path}`).toBe(401);
  });

  it('lets an auditor read and export, and refuses every change', async () => {
    const auditor = server.token('auditor');
    const started = await client.api('POST', '/api/onboardings', { body: onboardingRequest() });
    expect((await call('GET', `/api/onboardings/${started.body.onboardingId}`, auditor)).status).toBe(200);
    expect((await call('GET', '/api/agreements', auditor)).status).toBe(200);
    for (const { method, path } of operations.filter((o) => o.method === 'POST'))
      expect((await call(method, path, auditor)).status, `${method} ${path}`).toBe(403);
  });

  it('names the person who acted in the history, by name and email', async () => {
    const { body } = await client.api('POST', '/api/onboardings', { body: onboardingRequest() });
    const onboarding = (await client.api('GET', `/api/onboardings/${body.onboardingId}`)).body;
    expect(onboarding.createdBy).toBe('Olu Officer <olu.officer@liaison.local>');
    expect(onboarding.history[0].detail).toContain('started by Olu Officer <olu.officer@liaison.local>');
  });
});

describe('Identity: IAM-signed access checks, for callers inside AWS', () => {
  const request = {
    partnerId: 'ptn_00000000000000000000',
    dataCategory: 'traffic',
    purpose: 'cybercrime',
    direction: 'partner-to-organisation',
    requestingCountry: 'FR',
  };
  const localAws = () =>
    JSON.parse(readFileSync(join(server.dataDir, 'aws.json'), 'utf8')) as {
      region: string;
      dataExchange: { accessKeyId: string; secretAccessKey: string };
    };
  async function signedCheck(
    credentials: { accessKeyId: string; secretAccessKey: string },
    change: (headers: Record<string, string>, body: string) => [Record<string, string>, string] = (h, b) => [h, b],
  ) {
    const url = `${server.url}/api/iam/access-checks`;
    const body = JSON.stringify(request);
    const now = await client.now();
    const headers = await signRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body },
      credentials,
      localAws().region,
      now,
    );
    const [sentHeaders, sentBody] = change(headers, body);
    const response = await fetch(url, { method: 'POST', headers: sentHeaders, body: sentBody });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const answersSignedRequests =
    'answers a request signed by a role allowed to invoke the route, and names that role in the decision';
  it(answersSignedRequests, async () => {
    const answer = await signedCheck(localAws().dataExchange);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ decision: 'DENY' });
    // the function's log reaches its file a moment after the answer
    await expect
      .poll(() => readFileSync(join(server.dataDir, 'logs', 'access-check.log'), 'utf8'), { timeout: 5_000 })
      .toContain('AWS role LiaisonLocalDataExchange (account 000000000000)');
  });

  it('refuses an unsigned, tampered, wrongly signed or unknown caller with 403, as API Gateway does', async () => {
    const { dataExchange } = localAws();
    const unsigned = await fetch(`${server.url}/api/iam/access-checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token('service')}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(unsigned.status).toBe(403);
    const tampered = await signedCheck(dataExchange, (h, b) => [h, b.replace('traffic', 'content')]);
    expect(tampered).toMatchObject({ status: 403, body: { message: expect.stringContaining('does not match') } });
    const wrongSecret = await signedCheck({ ...dataExchange, secretAccessKey: 'guessed' });
    expect(wrongSecret.status).toBe(403);
    // a function's own key is an AWS principal too, but not one allowed to call Liaison's API
    const stranger = await signedCheck({ accessKeyId: 'AKIASTRANGER', secretAccessKey: 'x' });
    expect(stranger).toMatchObject({ status: 403, body: { message: expect.stringContaining('security token') } });
  });
});
