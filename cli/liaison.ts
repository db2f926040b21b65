// The `liaison` command line: start and follow onboardings, export and verify agreements, check a deployment.
//   npm run liaison -- onboard examples/onboarding.json --wait
//   npm run liaison -- export agr_… -o agreement.bundle.json --pdf executed.pdf
//   npm run liaison -- verify agreement.bundle.json --pdf executed.pdf
import { Command, Option } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { readPdfSeal, verifyBundle, type Bundle } from '../functions/domain/audit-chain.js';
import { keptLogin, loginInBrowser, loginWithPassword } from './login.js';
import { smokeCheck } from './smoke.js';

const program = new Command('liaison')
  .description('Liaison: partner onboarding and data-sharing agreements')
  .showHelpAfterError();
const urlOption = new Option('--url <url>', 'Liaison base URL').env('LIAISON_URL').default('http://localhost:3000');
const tokenOption = new Option(
  '--token <token>',
  'bearer token (default: your `liaison login`, else the officer token in .liaison/credentials.json)',
).env('LIAISON_TOKEN');

const base = (url: string) => url.replace(/\/+$/, '');

function token(given: string | undefined, url: string): string {
  if (given) return given;
  const login = keptLogin(base(url));
  if (login) return login.idToken;
  const file = '.liaison/credentials.json';
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).officer;
  throw new Error('no token: run `liaison login`, pass --token or set LIAISON_TOKEN');
}

async function call(options: { url: string; token?: string }, method: string, path: string, body?: unknown) {
  const response = await fetch(`${options.url.replace(/\/+$/, '')}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token(options.token, options.url)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  }).catch((error: Error) => {
    throw new Error(`cannot reach Liaison at ${options.url} (${error.message}); is it running (npm start)?`);
  });
  const text = await response.text();
  const parsed = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const issues =
      parsed?.issues?.map((i: { path: string; message: string }) => `\n  - ${i.path}: ${i.message}`).join('') ?? '';
    throw new Error(`${response.status} ${parsed?.error ?? ''}: ${parsed?.message ?? text}${issues}`);
  }
  return { parsed, response };
}

program
  .command('onboard')
  .description('start an onboarding from a JSON request (the body of POST /api/onboardings)')
  .argument('<request.json>', 'the request file')
  .option('--wait', 'follow the onboarding until it is ACTIVE or ends, printing each step')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (file: string, options) => {
    const { parsed } = await call(options, 'POST', '/api/onboardings', JSON.parse(readFileSync(file, 'utf8')));
    console.log(`started onboarding ${parsed.onboardingId} (partner ${parsed.partnerId})`);
    if (!options.wait) return;
    let seen = 0;
    for (;;) {
      const { parsed: o } = await call(options, 'GET', `/api/onboardings/${parsed.onboardingId}`);
      for (const h of o.history.slice(seen)) console.log(`  ${h.at}  ${h.event.padEnd(26)} ${h.detail}`);
      seen = o.history.length;
      if (['ACTIVE', 'REJECTED', 'DECLINED', 'SIGNATURE_EXPIRED', 'FAILED'].includes(o.status)) {
        console.log(
          `onboarding ${o.onboardingId} is ${o.status}${o.agreement ? ` (agreement ${o.agreement.agreementId})` : ''}`,
        );
        process.exitCode = o.status === 'ACTIVE' ? 0 : 1;
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

program
  .command('status')
  .description('show an onboarding: status, vetting, signatures, history')
  .argument('<onboardingId>')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, options) => {
    const { parsed: o } = await call(options, 'GET', `/api/onboardings/${id}`);
    console.log(`${o.company.legalName}: ${o.status}${o.pendingGate ? ` (waiting for ${o.pendingGate})` : ''}`);
    if (o.vetting)
      for (const c of o.vetting.checks)
        console.log(
          `  vetting ${c.check.padEnd(20)} ${c.outcome}${c.findings.length ? `: ${c.findings.join('; ')}` : ''}`,
        );
    for (const s of o.signing ?? []) console.log(`  signer  ${s.name} <${s.email}> (${s.role}): ${s.state}`);
    if (o.agreement)
      console.log(
        `  agreement ${o.agreement.agreementId}: ${o.agreement.status}, document SHA-256 ${o.agreement.documentSha256}`,
      );
  });

program
  .command('export')
  .description("download an agreement's verification bundle (and its executed PDF)")
  .argument('<agreementId>')
  .option('-o, --out <file>', 'where to write the bundle', '')
  .option('--pdf <file>', 'also download the executed PDF to this file')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, options) => {
    const { parsed } = await call(options, 'GET', `/api/agreements/${id}/bundle`);
    const out = options.out || `agreement-${id}.bundle.json`;
    writeFileSync(out, `${JSON.stringify(parsed, null, 2)}\n`);
    console.log(
      `bundle written to ${out} (${parsed.auditEvents.length} audit events, ${parsed.agreement.signatures.length} ` +
        `signatures)`,
    );
    if (options.pdf) {
      const response = await fetch(`${options.url.replace(/\/+$/, '')}/api/agreements/${id}/pdf`, {
        headers: { authorization: `Bearer ${token(options.token, options.url)}` },
      });
      if (!response.ok) throw new Error(`no executed PDF: ${response.status}`);
      writeFileSync(options.pdf, Buffer.from(await response.arrayBuffer()));
      console.log(`executed PDF written to ${options.pdf}`);
    }
  });

program
  .command('verify')
  .description(
    'verify an agreement offline: document hash, signatures, audit hash chain, and optionally the executed PDF',
  )
  .argument('<bundle.json>')
  .option('--pdf <file>', 'the executed PDF a party holds')
  .action(async (file: string, options: { pdf?: string }) => {
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    if (bundle.format !== 'liaison-agreement-bundle/1') throw new Error(`${file} is not a Liaison agreement bundle`);
    let seal: ReturnType<typeof readPdfSeal>;
    if (options.pdf) {
      const pdf = await PDFDocument.load(readFileSync(options.pdf), { updateMetadata: false });
      seal = readPdfSeal(pdf.getKeywords());
      if (!seal) throw new Error(`${options.pdf} carries no Liaison seal`);
    }
    const result = verifyBundle(bundle, seal);
    for (const line of result.passed) console.log(`ok       ${line}`);
    for (const line of result.problems) console.log(`PROBLEM  ${line}`);
    console.log(
      result.ok
        ? `\nagreement ${bundle.agreement.agreementId} verifies`
        : `\nagreement ${bundle.agreement.agreementId} does NOT verify: ${result.problems.length} problem(s)`,
    );
    process.exitCode = result.ok ? 0 : 1;
  });

program
  .command('login')
  .description('sign in once; the CLI then calls Liaison as you (kept in .liaison/login.json)')
  .addOption(urlOption)
  .option('--email <email>', 'with --password: sign in from the terminal (the local user pool)')
  .option('--password <password>', 'your password (the local pool prints it at npm start)')
  .action(async (options: { url: string; email?: string; password?: string }) => {
    const url = base(options.url);
    const login =
      options.email && options.password
        ? await loginWithPassword(url, options.email, options.password)
        : await loginInBrowser(url, (line) => console.log(line));
    console.log(`signed in as ${login.name} <${login.email}> until ${login.expiresAt}`);
  });

program
  .command('smoke')
  .description('check a running Liaison (local or deployed) the way a first user meets it; writes nothing')
  .argument('[url]', 'Liaison base URL (the stack output PublicUrl)')
  .argument('[token]', 'an officer bearer token (default: your `liaison login`, or locally credentials.json)')
  .action(async (url: string | undefined, given: string | undefined) => {
    const target = base(url ?? process.env.LIAISON_URL ?? 'http://localhost:3000');
    const failures = await smokeCheck(target, given ?? process.env.LIAISON_TOKEN ?? token(undefined, target));
    process.exitCode = failures ? 1 : 0;
  });

program.parseAsync().catch((error: Error) => {
  console.error(`liaison: ${error.message}`);
  process.exit(2);
});
