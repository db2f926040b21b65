// `liaison login`: a person signs in once, from the terminal against the local pool or through the hosted UI in a
// browser (as on AWS), and the CLI then calls Liaison as them.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptLogin, loginInBrowser, loginWithPassword } from '../../cli/login.js';
import { followSignIn } from '../../local/sign-in.js';
import { type LocalServer, startServer } from '../support/local-server.js';

type Person = { name: string; email: string; password: string; totpSecret: string };
let server: LocalServer;
let dir: string;
let people: Record<'officer' | 'approver' | 'auditor', Person>;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'liaison-login-'));
  people = (server.credentials as unknown as { signIn: { people: typeof people } }).signIn.people;
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const asThem = (token: string) =>
  fetch(`${server.url}/api/onboardings?limit=1`, { headers: { authorization: `Bearer ${token}` } });

describe('liaison login', () => {
  it('signs a person in from the terminal, keeping their token for this Liaison, readable by them alone', async () => {
    const file = join(dir, 'login.json');
    const { email, password, totpSecret } = people.approver;
    const login = await loginWithPassword(server.url, { email, password, totpSecret }, file);
    expect(login).toMatchObject({ name: 'Ana Approver', email, url: server.url });
    expect((await asThem(login.idToken)).status).toBe(200);
    expect(keptLogin(server.url, file)?.idToken).toBe(login.idToken);
    expect(keptLogin('https://another.example', file)).toBeUndefined();
    expect(statSync(file).mode & 0o077).toBe(0);
    await expect(
      loginWithPassword(server.url, { email, password: 'not-the-password', totpSecret }, file),
    ).rejects.toThrow(/Incorrect email or password/);
    await expect(
      loginWithPassword(server.url, { email, password, askCode: async () => '000000' }, file),
    ).rejects.toThrow(/code is not right/);
  });

  it('signs a person in through the hosted UI in a browser, and takes the code back on its own address', async () => {
    const file = join(dir, 'browser-login.json');
    let shown = '';
    const show = (line: string) => {
      shown = line;
    };
    const signedIn = loginInBrowser(server.url, show, file, 20_000);
    await expect.poll(() => shown).toContain('/oauth2/authorize?');
    const authorize = shown.split('\n')[1].trim();
    // the person's browser: the hosted UI's form, then back to the CLI's address with a code
    const { back } = await followSignIn(authorize, 'http://localhost:8976/callback', people.officer);
    const page = await fetch(back);
    expect(await page.text()).toContain('Signed in to Liaison');
    const login = await signedIn;
    expect(login).toMatchObject({ name: 'Olu Officer', email: people.officer.email });
    expect((await asThem(login.idToken)).status).toBe(200);
  });
});
