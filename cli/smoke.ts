// The smoke check: what a first user meets on a fresh deployment (or `npm start`), checked in a minute,
// writing nothing. Each line says what was checked and what came back; the exit code says whether all passed.
import { randomBytes } from 'node:crypto';

interface Check {
  name: string;
  run: () => Promise<string>;
}

class CheckFailed extends Error {}

async function request(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', body, text };
}

function expectStatus(got: { status: number; text: string }, wanted: number) {
  if (got.status !== wanted) throw new CheckFailed(`expected ${wanted}, got ${got.status}: ${got.text.slice(0, 200)}`);
}

/** Runs every check and prints what each found, as lines or (json) as one JSON document; returns the failures. */
export async function smokeCheck(base: string, token: string, { json = false } = {}): Promise<number> {
  const officer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const checks: Check[] = [
    {
      name: 'the service is up (GET /health)',
      run: async () => {
        const got = await request(`${base}/health`);
        expectStatus(got, 200);
        return 'ok';
      },
    },
    {
      name: 'the console page is served (GET /console)',
      run: async () => {
        const got = await request(`${base}/console`);
        expectStatus(got, 200);
        if (!got.type.startsWith('text/html')) throw new CheckFailed(`content-type ${got.type}`);
        return 'HTML';
      },
    },
    {
      name: 'the API refuses a request without a token',
      run: async () => {
        const got = await request(`${base}/api/onboardings`);
        expectStatus(got, 401);
        return '401';
      },
    },
    {
      name: 'the token is accepted and the table answers (GET /api/onboardings)',
      run: async () => {
        const got = await request(`${base}/api/onboardings?limit=1`, { headers: officer });
        expectStatus(got, 200);
        return `${(got.body as { items: unknown[] }).items.length} onboarding(s) on the first page`;
      },
    },
    {
      name: 'a malformed request gets 400 naming its fields, and nothing is written',
      run: async () => {
        const got = await request(`${base}/api/onboardings`, { method: 'POST', headers: officer, body: '{}' });
        expectStatus(got, 400);
        const fields = (got.body as { issues?: { path: string }[] }).issues?.map((i) => i.path) ?? [];
        if (!fields.length) throw new CheckFailed('the 400 names no field');
        return `names ${fields.join(', ')}`;
      },
    },
    {
      name: 'screening reads the indexed list from S3 (POST /api/screenings)',
      run: async () => {
        const got = await request(`${base}/api/screenings`, {
          method: 'POST',
          headers: officer,
          body: JSON.stringify({ name: 'Smoke Check Trading Ltd' }),
        });
        expectStatus(got, 200);
        const version = (got.body as { listVersion: { rows: number; source: string; provisional?: string } })
          .listVersion;
        if (version.provisional) return `WARNING: ${version.provisional}`;
        return `${version.rows} rows from ${version.source}`;
      },
    },
    {
      name: 'an access check for an unknown partner is denied (POST /api/access-checks)',
      run: async () => {
        const got = await request(`${base}/api/access-checks`, {
          method: 'POST',
          headers: officer,
          body: JSON.stringify({
            partnerId: `ptn_smoke_${randomBytes(4).toString('hex')}`,
            dataCategory: 'subscriber',
            purpose: 'cybercrime',
            direction: 'partner-to-organisation',
            requestingCountry: 'FR',
          }),
        });
        expectStatus(got, 200);
        const decision = (got.body as { decision: string }).decision;
        if (decision !== 'DENY') throw new CheckFailed(`decision ${decision}`);
        return 'DENY';
      },
    },
    {
      name: 'an unknown signing link is refused, not an error (GET /sign/{token})',
      run: async () => {
        const got = await request(`${base}/sign/${randomBytes(32).toString('base64url')}`);
        expectStatus(got, 404);
        return '404';
      },
    },
  ];
  const results: { check: string; ok: boolean; found: string }[] = [];
  if (!json) console.log(`smoke check of ${base}`);
  for (const check of checks) {
    let result: (typeof results)[number];
    try {
      result = { check: check.name, ok: true, found: await check.run() };
    } catch (error) {
      result = { check: check.name, ok: false, found: (error as Error).message };
    }
    results.push(result);
    if (!json) console.log(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.check}: ${result.found}`);
  }
  const failures = results.filter((r) => !r.ok).length;
  if (json) console.log(JSON.stringify({ base, failures, checks: results }, null, 2));
  else
    console.log(failures ? `\n${failures} of ${checks.length} checks failed` : `\nall ${checks.length} checks passed`);
  return failures;
}
