// Offline verification of a signed agreement: export its bundle and PDF, then change one byte in
// each of the document, a signature record and an audit event; `liaison verify` names each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdfSeal, verifyBundle, type Bundle, type PdfSeal } from '../../functions/domain/audit-chain.js';
import { Client, onboardingRequest, startServer, type LocalServer } from '../support/local-server.js';

let server: LocalServer;
let bundle: Bundle;
let seal: PdfSeal;
const dir = mkdtempSync(join(tmpdir(), 'liaison-verify-'));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/liaison.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIAISON_URL: server.url, LIAISON_TOKEN: server.credentials.auditor },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(async () => {
  server = await startServer();
  const client = new Client(server);
  const { body } = await client.api('POST', '/api/onboardings', {
    body: onboardingRequest({
      company: { legalName: 'Verifiable Networks AB', country: 'SE', sector: 'isp', people: [] },
      signatories: [
        { name: 'Vera Lund', email: 'vera@verifiable.example', title: 'CEO' },
        { name: 'Olof Berg', email: 'olof@verifiable.example', title: 'CTO' },
      ],
    }),
  });
  await client.sign(await client.signingLink('vera@verifiable.example'), 'Vera Lund');
  await client.sign(await client.signingLink('olof@verifiable.example'), 'Olof Berg');
  await client.sign(await client.signingLink('legal@liaison.local'), 'Head of Legal Affairs');
  const active = await client.waitForStatus(body.onboardingId, 'ACTIVE');
  const agreementId = active.agreement.agreementId;
  const exported = cli('export', agreementId, '-o', join(dir, 'bundle.json'), '--pdf', join(dir, 'executed.pdf'));
  expect(exported.status, exported.output).toBe(0);
  bundle = (await client.api('GET', `/api/agreements/${agreementId}/bundle`, { role: 'auditor' })).body;
  const pdf = await PDFDocument.load(
    Buffer.from(
      await (
        await fetch(`${server.url}/api/agreements/${agreementId}/pdf`, {
          headers: { authorization: `Bearer ${server.credentials.auditor}` },
        })
      ).arrayBuffer(),
    ),
  );
  seal = readPdfSeal(pdf.getKeywords())!;
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const copy = () => JSON.parse(JSON.stringify(bundle)) as Bundle;
const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'x' ? 'y' : 'x'}${text.slice(at + 1)}`;

describe('liaison verify', () => {
  it('passes an untouched agreement, with its PDF, from the CLI', () => {
    expect(verifyBundle(bundle, seal)).toMatchObject({ ok: true, problems: [] });
    const run = cli('verify', join(dir, 'bundle.json'), '--pdf', join(dir, 'executed.pdf'));
    expect(run.status).toBe(0);
    expect(run.output).toContain('hash chain intact');
    expect(run.output).toContain('verifies');
  });

  it('names a changed byte in the document', () => {
    const tampered = copy();
    tampered.document = flip(tampered.document, tampered.document.indexOf('Verifiable Networks AB') + 3);
    const { problems } = verifyBundle(tampered, seal);
    expect(problems.some((p) => p.startsWith('document: its SHA-256'))).toBe(true);
    expect(problems.some((p) => p.startsWith('pdf: seals document'))).toBe(true);
  });

  it('names a changed byte in a signature record', () => {
    const tampered = copy();
    tampered.agreement.signatures[1].typedName = flip(tampered.agreement.signatures[1].typedName, 0);
    const { problems } = verifyBundle(tampered);
    expect(problems).toEqual([
      'signature 2 (olof@verifiable.example): the record differs from the one sealed in audit event #' +
        bundle.auditEvents.find((e) => e.event === 'SIGNED' && e.data?.signerId === 'company-1')!.seq,
    ]);
  });

  it('names a changed byte in an audit event, from the CLI with a failing exit code', () => {
    const tampered = copy();
    const event = tampered.auditEvents[1];
    event.detail = flip(event.detail, 5);
    expect(verifyBundle(tampered).problems).toEqual([
      `audit event #${event.seq} (${event.event}): its contents were changed (hash mismatch)`,
    ]);
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const run = cli('verify', join(dir, 'tampered.json'));
    expect(run.status).toBe(1);
    expect(run.output).toContain(`PROBLEM  audit event #${event.seq}`);
    expect(run.output).toContain('does NOT verify');
    const json = cli('verify', join(dir, 'tampered.json'), '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.output)).toMatchObject({ ok: false, problems: [expect.stringContaining('audit event #')] });
  });

  it('names a removed audit event and the events after it', () => {
    const tampered = copy();
    tampered.auditEvents.splice(2, 1);
    const { problems } = verifyBundle(tampered);
    expect(problems[0]).toMatch(/^audit event #4 .*expected sequence number 3/);
  });
});
