// Idempotency-Key on every POST: the first request with a key runs, and its response is kept for a day; the same
// key with the same request returns that response again and does nothing more; with another request it is a 409.
// A retry that arrives while the first is still running waits for its response. Keys are per caller.
import { createHash, randomUUID } from 'node:crypto';
import { now } from '../adapters/dependencies.js';
import { idempotency } from '../adapters/dynamodb/idempotency.js';
import { conflict } from '../domain/errors.js';
import type { Request, Response } from './responses.js';

/** A reservation this old without a response belonged to a request that died (Lambda's timeout is far shorter). */
const LEASE_MS = 2 * 60_000;
const KEEP_SECONDS = 24 * 3600;
/** How long a retry waits for the first request's response before it answers 409. */
const WAIT_MS = 10_000;
const POLL_MS = 100;

/** What makes two requests the same: method, path and body. */
export function fingerprint(request: Request) {
  const body = createHash('sha256')
    .update(request.body ?? '')
    .update(request.isBase64Encoded ? 'base64' : 'text')
    .digest('hex');
  return `${request.requestContext?.http?.method ?? 'POST'} ${request.rawPath} ${body}`;
}

type KeptResponse = Pick<Response, 'statusCode' | 'headers' | 'body'>;

export async function once(
  scope: string,
  key: string,
  requestFingerprint: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const at = now();
    const reservation = randomUUID();
    const earlier = await idempotency.reserve(scope, key, {
      fingerprint: requestFingerprint,
      reservation,
      reservedAt: at.toISOString(),
      staleBefore: new Date(at.getTime() - LEASE_MS).toISOString(),
      expiresAtEpoch: Math.floor(at.getTime() / 1000) + KEEP_SECONDS,
    });
    if (!earlier) return runOnce(scope, key, reservation, run);
    let record: typeof earlier | undefined = earlier;
    while (record) {
      if (record.fingerprint !== requestFingerprint)
        throw conflict('this Idempotency-Key was used with a different request: use a new key for a new request');
      if (record.response) return replay(record.response as KeptResponse);
      if (Date.now() > deadline)
        throw conflict('a request with this Idempotency-Key is still being processed: try again in a moment');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      record = await idempotency.get(scope, key);
    }
    // the first request failed and gave the key up: this one runs it
  }
}

async function runOnce(scope: string, key: string, reservation: string, run: () => Promise<Response>) {
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await idempotency.release(scope, key, reservation);
    throw error;
  }
  const kept: KeptResponse = { statusCode: response.statusCode, headers: response.headers, body: response.body };
  await idempotency.complete(scope, key, reservation, kept);
  return response;
}

const replay = (kept: KeptResponse): Response => ({
  ...kept,
  headers: { ...kept.headers, 'idempotent-replayed': 'true' },
});
