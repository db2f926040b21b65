// The smoke check a newcomer runs after deploying (npm run smoke), against the local system.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { smokeCheck } from '../../cli/smoke.js';
import { startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

async function run(token: string, options: { json?: boolean } = {}) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    return { failures: await smokeCheck(server.url, token, options), lines };
  } finally {
    log.mockRestore();
  }
}

describe('The smoke check', () => {
  it('passes every check against a working system and says what each found', async () => {
    const { failures, lines } = await run(server.credentials.officer);
    expect(failures).toBe(0);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ok {4}screening reads the indexed list from S3 \(POST \/api\/screenings\): \d+ rows from s3:/,
      ),
    );
    expect(lines.at(-1)).toMatch(/all 8 checks passed/);
  });

  it('prints the same checks as one JSON document with --json', async () => {
    const { failures, lines } = await run(server.credentials.officer, { json: true });
    expect(failures).toBe(0);
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]);
    expect(printed).toMatchObject({ base: server.url, failures: 0 });
    expect(printed.checks).toHaveLength(8);
    expect(printed.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  it('fails, naming the check, when the token is not accepted', async () => {
    const { failures, lines } = await run('lsn_officer_not-a-token');
    expect(failures).toBeGreaterThan(0);
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL {2}the token is accepted .*expected 200, got 401/));
  });
});
