// What an officer does to an onboarding waiting for signatures, through the API and the CLI: replace a signer (the
// old link stops working, the new person signs), withdraw it (the execution stops, links stop working, the signer is
// told, the onboarding is WITHDRAWN); the CLI lists and acts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
let client: Client;

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/liaison.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIAISON_URL: server.url, LIAISON_DATA_DIR: server.dataDir },
  });
  return { status: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}` };
}

async function waitingForSignatures(legalName: string) {
  const { body } = await client.api('POST', '/api/onboardings', {
    body: onboardingRequest({ company: { legalName, country: 'NL', sector: 'isp', people: [] } }),
  });
  await client.waitForStatus(body.onboardingId, 'AWAITING_SIGNATURES');
  return body.onboardingId as string;
}

beforeAll(async () => {
  server = await startServer();
  client = new Client(server);
});
afterAll(() => server?.stop());

describe('Replacing a signer', () => {
  it('sends the new person a link, stops the old one, and takes their signature in their own name', async () => {
    const onboardingId = await waitingForSignatures('Delegated Data BV');
    const { body: before } = await client.api('GET', `/api/onboardings/${onboardingId}`);
    const old = before.signatories[0];
    const oldLink = await client.signingLink(old.email, 'Delegated Data BV');
    const delegate = { name: 'Daan Delegate', email: 'daan@delegated.example', title: 'Deputy CEO' };

    const invalid = await client.api('POST', `/api/onboardings/${onboardingId}/signers/company-0/replace`, {
      body: { ...delegate, email: 'not-an-address' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues.map((i: { path: string }) => i.path)).toEqual(['email', 'reason']);

    const replaced = await client.api('POST', `/api/onboardings/${onboardingId}/signers/company-0/replace`, {
      body: { ...delegate, reason: 'the CEO delegated signing' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.signatories[0]).toEqual(delegate);
    expect((await fetch(oldLink)).status).toBe(410);
    const newLink = await client.signingLink(delegate.email, 'Delegated Data BV');
    expect((await client.sign(newLink, old.name)).status).toBe(400); // the typed name must be the new signer's
    expect((await client.sign(newLink, delegate.name)).status).toBe(200);
    const { body: after } = await client.api('GET', `/api/onboardings/${onboardingId}`);
    expect(after.history.map((h: { event: string }) => h.event)).toContain('SIGNER_REPLACED');
    expect(after.signing[0]).toMatchObject({ email: delegate.email, state: 'signed' });
  });
});

describe('Withdrawing an onboarding', () => {
  it('stops its workflow and its links, tells the signer, and is refused a second time', async () => {
    const onboardingId = await waitingForSignatures('Withdrawn Wireless BV');
    const { body: before } = await client.api('GET', `/api/onboardings/${onboardingId}`);
    const signerEmail = before.signatories[0].email;
    const link = await client.signingLink(signerEmail, 'Withdrawn Wireless BV');

    const missing = await client.api('POST', `/api/onboardings/${onboardingId}/withdraw`, { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([expect.objectContaining({ path: 'reason' })]);
    const asApprover = await client.api('POST', `/api/onboardings/${onboardingId}/withdraw`, {
      role: 'approver',
      body: { reason: 'x' },
    });
    expect(asApprover.status).toBe(403);

    const withdrawn = await client.api('POST', `/api/onboardings/${onboardingId}/withdraw`, {
      body: { reason: 'the company asked us to stop' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'WITHDRAWN', agreement: { status: 'WITHDRAWN' } });
    expect(withdrawn.body.history.at(-1)).toMatchObject({ event: 'WITHDRAWN' });
    const execution = await (await fetch(`${server.url}/local/executions/${onboardingId}`)).json();
    expect(execution.status).toBe('ABORTED');
    expect((await fetch(link)).status).toBe(410);
    await client.waitForMail((m) => m.to.includes(signerEmail) && m.subject.endsWith('withdrawn'));

    const again = await client.api('POST', `/api/onboardings/${onboardingId}/withdraw`, { body: { reason: 'again' } });
    expect(again.status).toBe(409);
  });

  it('is there on the command line, with --json, beside list, suspend and webhooks', async () => {
    const onboardingId = await waitingForSignatures('Command Line Carrier BV');
    const listed = cli('list', 'onboardings', '--status', 'AWAITING_SIGNATURES', '--json');
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).items.map((o: { onboardingId: string }) => o.onboardingId)).toContain(
      onboardingId,
    );
    expect(cli('list', 'onboardings').output).toContain(`${onboardingId}  AWAITING_SIGNATURES`);
    expect(JSON.parse(cli('show', onboardingId, '--json').output)).toMatchObject({ onboardingId });

    const withdrawn = cli('withdraw', onboardingId, '--reason', 'duplicate of another onboarding', '--json');
    expect(withdrawn.status).toBe(0);
    expect(JSON.parse(withdrawn.stdout).status).toBe('WITHDRAWN');
    const refused = cli('withdraw', onboardingId, '--reason', 'again');
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('409');

    const other = await waitingForSignatures('Second Signer Telecom BV');
    const replaced = cli(
      'replace-signer',
      other,
      'countersignatory',
      '--name',
      'Vera Deputy',
      '--email',
      'vera@liaison.local',
      '--title',
      'Deputy Head of Legal Affairs',
      '--reason',
      'Head of Legal Affairs is away',
      '--json',
    );
    expect(replaced.status).toBe(0);
    expect(JSON.parse(replaced.stdout).countersignatory.email).toBe('vera@liaison.local');

    const added = cli('webhooks', 'add', '--to', 'http://127.0.0.1:9/events', '--events', 'agreement.revoked');
    expect(added.status).toBe(0);
    expect(added.output).toMatch(/whsec_/);
    expect(cli('webhooks', 'list').output).toContain('http://127.0.0.1:9/events  agreement.revoked');
    const badEvent = cli('webhooks', 'add', '--to', 'http://127.0.0.1:9/x', '--events', 'agreement.exploded');
    expect(badEvent.status).not.toBe(0);
    expect(badEvent.output).toContain('events.0');
  });
});

describe('The command line, for a person', () => {
  it('follows an onboarding with --wait, saying whose signature it waits for, until it is ACTIVE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liaison-cli-'));
    try {
      const request = onboardingRequest({
        company: { legalName: 'Waiting Wires BV', country: 'NL', sector: 'isp', people: [] },
        signatories: [{ name: 'Wendy Wait', email: 'wendy@wires.example', title: 'CEO' }],
      });
      writeFileSync(join(dir, 'request.json'), JSON.stringify(request));
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'cli/liaison.ts', 'onboard', join(dir, 'request.json'), '--wait'],
        {
          env: { ...process.env, LIAISON_URL: server.url, LIAISON_DATA_DIR: server.dataDir },
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exited = new Promise<number | null>((ok) => child.on('close', ok));
      await expect
        .poll(() => output, { timeout: 20_000 })
        .toContain('… waiting for Wendy Wait <wendy@wires.example> to sign');
      await client.sign(await client.signingLink('wendy@wires.example', 'Waiting Wires BV'), 'Wendy Wait');
      await expect
        .poll(() => output, { timeout: 20_000 })
        .toContain('… waiting for Head of Legal Affairs <legal@liaison.local>');
      await client.sign(await client.signingLink('legal@liaison.local', 'Waiting Wires BV'), 'Head of Legal Affairs');
      expect(await exited).toBe(0);
      expect(output).toMatch(/onboarding onb_[0-9a-f]+ is ACTIVE \(agreement agr_/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file and line of bad JSON, and says what to do about a refused token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'liaison-cli-'));
    try {
      writeFileSync(join(dir, 'broken.json'), '{\n  "company": {\n    "legalName": "X",,\n  }\n}\n');
      const broken = cli('onboard', join(dir, 'broken.json'));
      expect(broken.status).toBe(2);
      expect(broken.output).toContain(`${join(dir, 'broken.json')}, line 3 column`);
      expect(cli('onboard', join(dir, 'missing.json')).output).toContain('missing.json: no such file');
      const refused = cli('list', 'onboardings', '--token', 'not-a-token');
      expect(refused.status).toBe(2);
      expect(refused.output).toContain('refused your token (401)');
      expect(refused.output).toContain('liaison login');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
