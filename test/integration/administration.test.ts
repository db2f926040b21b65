// Administration of the user pool with the real CLI, through Cognito's own API (the local pool serves it, behind the
// IAM check): an invited person gets the invitation email, chooses a password and an authenticator at the first
// sign-in, acts under their own name, and is locked out once removed; a machine client made with `liaison clients
// create` checks access under its own name, and its tokens stop working when it is removed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInConfig } from '../../cli/login.js';
import { clientCredentials, signInWithPassword } from '../../local/sign-in.js';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/liaison.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIAISON_URL: server.url, LIAISON_DATA_DIR: server.dataDir },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

async function signIn(answers: { email: string; password: string; newPassword?: string; totpSecret?: string }) {
  const config = await signInConfig(server.url);
  const offset = (await new Client(server).now()).getTime() - Date.now();
  return signInWithPassword({
    hostedUiUrl: config.authorizeUrl.replace(/\/oauth2\/authorize$/, ''),
    clientId: config.clientId,
    redirectUri: `${server.url}/console/callback`,
    ...answers,
    now: () => new Date(Date.now() + offset),
  });
}

async function invitation(to: string) {
  const { messages } = (await (await fetch(`${server.url}/mail`)).json()) as {
    messages: { id: string; to: string[]; subject: string }[];
  };
  const found = messages.find((m) => m.to.includes(to));
  if (!found) throw new Error(`no email to ${to}`);
  return (await (await fetch(`${server.url}/mail/${found.id}`)).json()) as { subject: string; html: string };
}

describe('liaison users', () => {
  const email = 'ines.invited@liaison.local';

  const invitesAPerson =
    'invites a person: Cognito emails a temporary password, and the first sign-in sets a password and MFA';

  it(invitesAPerson, async () => {
    const invited = cli('users', 'invite', '--email', email, '--name', 'Inès Invitée', '--group', 'officer');
    expect(invited.output).toContain('invited Inès Invitée <ines.invited@liaison.local> as officer');
    expect(invited.status).toBe(0);

    const mail = await invitation(email);
    expect(mail.subject).toBe('Your Liaison account');
    expect(mail.html).toContain(`${server.url}/console`);
    const temporary = mail.html.match(/temporary password <b>([^<]+)<\/b>/)![1];

    // a password the pool's policy refuses is explained, and nothing changes
    await expect(signIn({ email, password: temporary, newPassword: 'short' })).rejects.toThrow(
      /at least 14 characters/,
    );
    const chosen = 'Correct-Horse-Battery-9';
    const first = await signIn({ email, password: temporary, newPassword: chosen });
    expect(first.totpSecret).toMatch(/^[A-Z2-7]{16,}$/); // set up at the first sign-in

    // the temporary password is spent; the chosen one and the authenticator sign her in from now on
    await expect(signIn({ email, password: temporary, totpSecret: first.totpSecret })).rejects.toThrow(
      /Incorrect email or password/,
    );
    await expect(signIn({ email, password: chosen })).rejects.toThrow(/authenticator/);
    const again = await signIn({ email, password: chosen, totpSecret: first.totpSecret });

    // she acts under her own name
    const asHer = { role: null, headers: { authorization: `Bearer ${again.idToken}` } };
    const client = new Client(server);
    const { status, body } = await client.api('POST', '/api/onboardings', { ...asHer, body: onboardingRequest() });
    expect(status).toBe(202);
    const { body: onboarding } = await client.api('GET', `/api/onboardings/${body.onboardingId}`, asHer);
    expect(onboarding.createdBy).toBe(`Inès Invitée <${email}>`);
    expect(onboarding.history[0].detail).toContain('Inès Invitée');

    const listed = cli('users', 'list');
    expect(listed.output).toContain(`Inès Invitée <${email}>  officer  CONFIRMED`);
    expect(listed.output).toContain('Olu Officer <olu.officer@liaison.local>  officer  CONFIRMED');
    // and for scripts, the same as JSON
    const asJson = JSON.parse(cli('users', 'list', '--json').output);
    expect(asJson.items).toContainEqual(expect.objectContaining({ email, groups: ['officer'], status: 'CONFIRMED' }));
  });

  it('names a person invited with only --email and --group from their address', () => {
    const invited = cli('users', 'invite', '--email', 'li.wei@liaison.local', '--group', 'auditor');
    expect(invited.output).toContain('invited Li Wei <li.wei@liaison.local> as auditor');
    expect(cli('users', 'list').output).toContain('Li Wei <li.wei@liaison.local>  auditor  FORCE_CHANGE_PASSWORD');
  });

  it('refuses a second invitation to the same address, and a group that is not a role', () => {
    const twice = cli('users', 'invite', '--email', email, '--name', 'Inès Again', '--group', 'approver');
    expect(twice.status).not.toBe(0);
    expect(twice.output).toContain('An account with the given email already exists');
    const unknown = cli('users', 'invite', '--email', 'x@liaison.local', '--name', 'X', '--group', 'admin');
    expect(unknown.status).not.toBe(0);
    expect(unknown.output).toContain('--group must be one of officer, approver, auditor');
  });

  it('removes a person, who can no longer sign in', async () => {
    const removed = cli('users', 'remove', '--email', email);
    expect(removed.status).toBe(0);
    await expect(signIn({ email, password: 'Correct-Horse-Battery-9' })).rejects.toThrow(/Incorrect email or password/);
    expect(cli('users', 'list').output).not.toContain(email);
  });
});

describe('liaison clients', () => {
  it('creates a machine client whose decisions name it, and whose tokens stop working once it is removed', async () => {
    const created = cli('clients', 'create', '--name', 'Telco exchange gateway', '--scope', 'access-check');
    expect(created.status).toBe(0);
    const clientId = created.output.match(/client id\s+(\S+)/)![1];
    const clientSecret = created.output.match(/client secret\s+(\S+)/)![1];
    expect(created.output).toContain('liaison/access-check');

    const config = await signInConfig(server.url);
    const { accessToken } = await clientCredentials({
      hostedUiUrl: config.tokenUrl.replace(/\/oauth2\/token$/, ''),
      clientId,
      clientSecret,
      scope: 'liaison/access-check',
    });
    const check = () =>
      fetch(`${server.url}/api/access-checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          partnerId: 'prt_00000000000000000000000000',
          dataCategory: 'traffic',
          purpose: 'cybercrime',
          direction: 'partner-to-organisation',
          requestingCountry: 'FR',
        }),
      });
    expect((await check()).status).toBe(200);
    // the function's log reaches its file a moment after the answer
    const decision = () =>
      readFileSync(join(server.dataDir, 'logs', 'access-check.log'), 'utf8')
        .split('\n')
        .find((line) => line.includes('access-decision') && line.includes(clientId));
    await expect.poll(decision, { timeout: 5_000 }).toContain('Telco exchange gateway');

    expect(cli('clients', 'list').output).toContain(`${clientId}  Telco exchange gateway`);
    expect(cli('clients', 'remove', clientId).status).toBe(0);
    // a warm function knows a client for a minute; after that its tokens are refused, though not yet expired
    await fetch(`${server.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 61 }) });
    const refused = await check();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toContain('machine client was removed');
  });

  it('creates a client with only --scope, under a name it prints', () => {
    const created = cli('clients', 'create', '--scope', 'liaison/access-check');
    expect(created.status).toBe(0);
    expect(created.output).toMatch(/^created data-exchange-\d{12}\n/);
  });

  it('refuses a scope the resource server does not have', () => {
    const wrong = cli('clients', 'create', '--name', 'Greedy', '--scope', 'liaison/everything');
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toContain('--scope must be one of liaison/access-check');
  });
});
