// The local-only routes (clock, faults, mailbox) act without a token, so only the developer's own machine may
// use them: not a page on another site (CSRF), not a rebinding DNS name.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startServer } from '../support/local-server.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

/** A raw request, so the test sets Host and Origin as a browser or an attacker would. */
function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const { port } = new URL(server.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const clockNow = async () => {
  const answer = await send('GET', '/local/clock', { host: 'localhost' });
  return JSON.parse(answer.body).now as string;
};

describe('The local-only routes', () => {
  it('refuse a DNS-rebinding Host: the mailbox and its signing links stay on localhost', async () => {
    const rebound = await send('GET', '/mail', { host: 'attacker.example' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('only on localhost');
    expect((await send('GET', '/mail', { host: 'attacker.example:3000' })).status).toBe(403);
    expect((await send('GET', '/mail', { host: `localhost:${new URL(server.url).port}` })).status).toBe(200);
  });

  it('refuse a cross-site POST that would move the clock, and leave the clock where it was', async () => {
    const before = await clockNow();
    const forged = await send(
      'POST',
      '/local/clock',
      { host: 'localhost', origin: 'https://evil.example', 'content-type': 'text/plain' },
      JSON.stringify({ advanceSeconds: 400 * 86_400 }),
    );
    expect(forged.status).toBe(403);
    const fetchMetadata = await send(
      'POST',
      '/local/faults',
      { host: 'localhost', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      JSON.stringify({ action: 's3:PutObject', error: 'AccessDenied' }),
    );
    expect(fetchMetadata.status).toBe(403);
    const after = await clockNow();
    expect(Date.parse(after) - Date.parse(before)).toBeLessThan(60_000);
  });

  it('let the developer through: same origin, or no browser at all', async () => {
    const own = await send('POST', '/local/clock', { host: 'localhost', origin: server.url }, '{"advanceSeconds":1}');
    expect(own.status).toBe(200);
    expect((await send('GET', '/local/iam', { host: '127.0.0.1' })).status).toBe(200);
  });

  it('answer from one table: an unknown path 404, another method 405, bad input 400 naming the field', async () => {
    const local = { host: 'localhost' };
    expect((await send('GET', '/local/nothing-here', local)).status).toBe(404);
    expect((await send('PUT', '/local/clock', local, '{}')).status).toBe(405);
    expect((await send('GET', '/mail/%E0%A4%A', local)).status).toBe(400);
    const badClock = await send('POST', '/local/clock', local, 'not json');
    expect(badClock.status).toBe(400);
    expect(JSON.parse(badClock.body).issues[0].path).toBe('advanceSeconds');
    const badFault = await send('POST', '/local/faults', local, JSON.stringify({ action: 's3:PutObject', error: 'x' }));
    expect(badFault.status).toBe(400);
    expect(JSON.parse(badFault.body).issues[0].path).toBe('error');
    expect((await send('GET', '/local/executions/no-such-execution', local)).status).toBe(404);
  });
});
