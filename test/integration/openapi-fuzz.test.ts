// Malformed requests, generated from the OpenAPI document, against the running server: every route, every
// parameter, bad percent-escapes, huge and odd values, wrong types, broken JSON, crafted page tokens.
// Nothing may get a 5xx, and a request refused with a 4xx writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, type Role, onboardingRequest, startServer } from '../support/local-server.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

interface Operation {
  method: string;
  path: string;
  role?: Role;
  pathParameters: string[];
  queryParameters: string[];
  jsonBody: boolean;
}

/** A valid body per route, for mutations that break one part of it. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/onboardings': onboardingRequest(),
  'POST /api/onboardings/{id}/review': { gate: 'vetting-review', decision: 'approve', reason: 'proportionate' },
  'POST /api/agreements/{id}/revoke': { reason: 'no longer needed' },
  'POST /api/agreements/{id}/suspend': { reason: 'investigation' },
  'POST /api/agreements/{id}/reinstate': { reason: 'cleared' },
  'POST /api/access-checks': {
    partnerId: 'ptn_0123456789abcdef0123',
    dataCategory: 'traffic',
    purpose: 'cybercrime',
    direction: 'partner-to-organisation',
    requestingCountry: 'FR',
  },
  'POST /api/screenings': { name: 'Volkov Trading' },
  'POST /api/jobs/expiry-sweep': {},
};

const odd = fc.constantFrom(
  '%E0%A4%A',
  '%',
  '%%41',
  '%C0%AF',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(3_000),
  '%F0%9F%98',
  '\u202Egnp.exe',
  '-1',
  '1e999',
  'NaN',
  'null',
  '[]',
  '{}',
  'ONB#x',
  'onb_0123456789abcdef0123',
);
const text = fc.oneof(
  odd,
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 2_100 }),
);
const base64url = (s: string) => Buffer.from(s).toString('base64url');
const pageToken = fc.oneof(
  text,
  fc.jsonValue().map((v) => base64url(JSON.stringify(v))),
  fc
    .dictionary(fc.constantFrom('pk', 'sk', 'typePk', 'typeSk', 'statusPk', 'statusSk', 'x'), fc.string())
    .map((k) => base64url(JSON.stringify(k))),
  fc.constant(base64url(JSON.stringify({ pk: 'ONB#x', sk: 'ONB', typePk: 'AGR', typeSk: 'z' }))),
);
const weirdJson = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, true, 0, -1, 1e308, '', 'x'.repeat(100_000), [], {}, [[[[[[]]]]]]),
);

/** Sets the value at one randomly chosen path of a JSON object (or adds an unknown key). */
function mutate(body: Record<string, unknown>, pick: number, value: unknown): unknown {
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        paths.push([...path, k]);
        walk(v, [...path, k]);
      }
    }
  };
  walk(body, []);
  const copy = structuredClone(body);
  if (paths.length === 0 || pick % (paths.length + 1) === paths.length) {
    return { ...copy, unexpectedField: value };
  }
  const path = paths[pick % paths.length];
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

const requestBody = (operation: Operation) => {
  const valid = VALID_BODIES[`${operation.method} ${operation.path}`] ?? {};
  return fc.oneof(
    fc.tuple(fc.nat(), weirdJson).map(([pick, value]) => JSON.stringify(mutate(valid, pick, value))),
    weirdJson.map((value) => JSON.stringify(value)),
    fc.constantFrom('{', 'not json', '', '{"a":', '\u0000', `{"x":"${'\\ud800'}"}`),
  );
};

async function apiWrites(): Promise<number> {
  const { calls } = (await (await fetch(`${server.url}/local/iam`)).json()) as { calls: Record<string, number> };
  // the three functions behind the HTTP API
  return ['api', 'access-check', 'signing']
    .flatMap((fn) =>
      ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'].map((a) => `${fn} dynamodb:${a}`),
    )
    .reduce((sum, call) => sum + (calls[call] ?? 0), 0);
}

const tally = { requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
const failures: string[] = [];

describe('Malformed requests generated from the OpenAPI document', () => {
  it('never get a 5xx, and a 4xx writes nothing', async () => {
    const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { description?: string; parameters?: { name: string; in: string }[]; requestBody?: object }>
      >;
    };
    const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        role: op.description?.match(/^Roles: (\w+)/)?.[1] as Role | undefined,
        pathParameters: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParameters: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        jsonBody: Boolean(op.requestBody),
      })),
    );
    expect(operations.length).toBeGreaterThan(20);

    for (const operation of operations) {
      const form = operation.path.startsWith('/sign/') && operation.method === 'POST';
      const arbitrary = fc.record({
        params: fc.tuple(...operation.pathParameters.map(() => text)),
        query: fc.array(
          fc.tuple(fc.constantFrom(...operation.queryParameters, 'unknownParameter'), fc.oneof(text, pageToken)),
          { maxLength: 3 },
        ),
        body: operation.jsonBody
          ? requestBody(operation)
          : form
            ? fc
                .dictionary(fc.constantFrom('action', 'fullName', 'title', 'consent', 'reason', 'x'), text)
                .map((f) => new URLSearchParams(f).toString())
            : fc.constant(undefined),
        contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        idempotencyKey: fc.option(text, { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ params, query, body, contentType, idempotencyKey }) => {
          let path = operation.path;
          operation.pathParameters.forEach((name, i) => {
            // raw: bad escapes reach the server as they are; slashes and '?' are escaped so the route stays
            path = path.replace(
              `{${name}}`,
              params[i].replace(/[/?#\s]/g, (c) => encodeURIComponent(c)),
            );
          });
          const search = query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const headers: Record<string, string> = {};
          if (operation.role) headers.authorization = `Bearer ${server.credentials[operation.role]}`;
          if (contentType) headers['content-type'] = contentType;
          if (idempotencyKey !== undefined) headers['idempotency-key'] = encodeURIComponent(idempotencyKey);
          const before = await apiWrites();
          const response = await fetch(`${server.url}${path}${search ? `?${search}` : ''}`, {
            method: operation.method,
            headers,
            body: operation.method === 'GET' ? undefined : body,
            redirect: 'manual',
          });
          await response.arrayBuffer();
          tally.requests++;
          const family = `${String(response.status)[0]}xx` as keyof typeof tally;
          tally[family]++;
          const described = `${operation.method} ${path.slice(0, 120)} → ${response.status}`;
          if (response.status >= 500) failures.push(described);
          if (response.status >= 400 && response.status < 500 && operation.path.startsWith('/api/')) {
            const written = (await apiWrites()) - before;
            if (written) failures.push(`${described} but wrote ${written} item(s)`);
          }
        }),
        { numRuns: operation.jsonBody || operation.queryParameters.length ? 60 : 30, seed: 20261123 },
      );
    }
    console.log(`OpenAPI fuzz: ${JSON.stringify(tally)}`);
    expect(failures).toEqual([]);
    expect(tally['5xx']).toBe(0);
    expect(tally['4xx']).toBeGreaterThan(tally.requests / 2);
  });
});
