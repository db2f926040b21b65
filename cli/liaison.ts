// The `liaison` command line: start and follow onboardings, export and verify agreements, check a deployment.
//   npm run liaison -- onboard examples/onboarding.json --wait
//   npm run liaison -- export agr_… -o agreement.bundle.json --pdf executed.pdf
//   npm run liaison -- verify agreement.bundle.json --pdf executed.pdf
import { Command, Option } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { PDFDocument } from 'pdf-lib';
import { readPdfSeal, verifyBundle, type Bundle } from '../functions/domain/audit-chain.js';
import { PEOPLE_GROUPS, RESOURCE_SERVER } from '../functions/domain/identity.js';
import { ONBOARDING_ENDINGS } from '../functions/domain/statuses.js';
import type { Credentials } from '../local/credentials.js';
import { totpCode } from '../local/services/totp.js';
import {
  createClient,
  inviteUser,
  nameFromEmail,
  listClients,
  listUsers,
  poolAdmin,
  removeClient,
  removeUser,
} from './admin.js';
import { keptLogin, localClock, loginInBrowser, loginWithPassword } from './login.js';
import { dataDir } from './paths.js';
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
/** A path the person typed, from where they typed it (`npm run` moves to the project; it keeps that in INIT_CWD). */
const userPath = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

/** A JSON file the person named, or an error naming the file and, for bad JSON, the line and column. */
function readJsonFile(file: string): unknown {
  const path = userPath(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = Number((error as Error).message.match(/position (\d+)/)?.[1] ?? Number.NaN);
    if (Number.isNaN(at)) throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
    const before = text.slice(0, at).split('\n');
    throw new Error(
      `${file}, line ${before.length} column ${before.at(-1)!.length + 1}: not valid JSON ` +
        `(${(error as Error).message.replace(/ in JSON at position.*$/, '')})`,
    );
  }
}

const credentialsFile = () => join(dataDir(), 'credentials.json');
const localCredentials = (): Credentials | undefined =>
  existsSync(credentialsFile()) ? JSON.parse(readFileSync(credentialsFile(), 'utf8')) : undefined;

/** A person the local pool seeded, by role or email. */
function seededPerson(who: string) {
  const people = localCredentials()?.signIn.people;
  if (!people) return undefined;
  return people[who as keyof typeof people] ?? Object.values(people).find((p) => p.email === who.toLowerCase());
}

async function askCode(setupKey?: string) {
  if (!process.stdin.isTTY) throw new Error('give the code from your authenticator app with --code');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  if (setupKey) console.log(`Add this key to your authenticator app: ${setupKey}`);
  const code = await prompt.question('Code from your authenticator app: ');
  prompt.close();
  return code.trim();
}

function token(given: string | undefined, url: string): string {
  if (given) return given;
  const login = keptLogin(base(url));
  if (login) return login.idToken;
  const officer = localCredentials()?.officer;
  if (officer) return officer;
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
  if (response.status === 401)
    throw new Error(
      `Liaison at ${options.url} refused your token (401): sign in again with \`liaison login\`, or check ` +
        '--token / LIAISON_TOKEN',
    );
  if (!response.ok) {
    const issues =
      parsed?.issues?.map((i: { path: string; message: string }) => `\n  - ${i.path}: ${i.message}`).join('') ?? '';
    throw new Error(`${response.status} ${parsed?.error ?? ''}: ${parsed?.message ?? text}${issues}`);
  }
  return { parsed, response };
}

/** Prints the API's answer as JSON (--json), or the line a person reads. */
const show = (json: boolean | undefined, parsed: unknown, line: string) =>
  console.log(json ? JSON.stringify(parsed, null, 2) : line);

/** What an onboarding waits for, in words: a person's signature (since when), an approver, or the workflow. */
function waitingFor(o: {
  status: string;
  pendingGate?: string;
  signing?: { name: string; email: string; signerId: string; state: string; linkSentAt?: string }[];
}) {
  if (o.status === 'IN_REVIEW') return `an approver's decision (${o.pendingGate})`;
  if (o.status === 'AWAITING_SIGNATURES') {
    const waiting = (o.signing ?? []).filter((s) => s.state === 'waiting');
    if (waiting.length)
      return waiting
        .map((s) => `${s.name} <${s.email}> to sign${s.linkSentAt ? ` (asked ${s.linkSentAt})` : ''}`)
        .join(' and ');
  }
  return `the workflow (${o.status})`;
}

program
  .command('onboard')
  .description('start an onboarding from a JSON request (the body of POST /api/onboardings)')
  .argument('<request.json>', 'the request file')
  .option('--wait', 'follow the onboarding until it is ACTIVE or ends, printing each step and what it waits for')
  .option('--json', 'print the API answer as JSON (with --wait: the onboarding as it ended)')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (file: string, options) => {
    const { parsed } = await call(options, 'POST', '/api/onboardings', readJsonFile(file));
    if (!options.wait) {
      show(options.json, parsed, `started onboarding ${parsed.onboardingId} (partner ${parsed.partnerId})`);
      return;
    }
    const say = (line: string) => {
      if (!options.json) console.log(line);
    };
    say(`started onboarding ${parsed.onboardingId} (partner ${parsed.partnerId})`);
    let seen = 0;
    let waiting = '';
    for (;;) {
      const { parsed: o } = await call(options, 'GET', `/api/onboardings/${parsed.onboardingId}`);
      for (const h of o.history.slice(seen)) say(`  ${h.at}  ${h.event.padEnd(26)} ${h.detail}`);
      seen = o.history.length;
      if (ONBOARDING_ENDINGS.includes(o.status)) {
        show(
          options.json,
          o,
          `onboarding ${o.onboardingId} is ${o.status}${o.agreement ? ` (agreement ${o.agreement.agreementId})` : ''}`,
        );
        process.exitCode = o.status === 'ACTIVE' ? 0 : 1;
        return;
      }
      const now = waitingFor(o);
      if (now !== waiting) say(`  … waiting for ${now}`);
      waiting = now;
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

program
  .command('status')
  .alias('show')
  .description('show an onboarding: status, vetting, signatures, history')
  .argument('<onboardingId>')
  .addOption(urlOption)
  .addOption(tokenOption)
  .option('--json', 'print the API answer as JSON')
  .action(async (id: string, options) => {
    const { parsed: o } = await call(options, 'GET', `/api/onboardings/${id}`);
    if (options.json) return show(true, o, '');
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
  .command('list')
  .description('list onboardings or agreements, newest first')
  .argument('<what>', 'onboardings | agreements')
  .option('--status <status>', 'only those in this status')
  .option('--limit <n>', 'how many', '25')
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (what: string, options) => {
    if (what !== 'onboardings' && what !== 'agreements') throw new Error('list onboardings or list agreements');
    const query = new URLSearchParams({ limit: options.limit, ...(options.status ? { status: options.status } : {}) });
    const { parsed } = await call(options, 'GET', `/api/${what}?${query}`);
    const lines = parsed.items.map((i: Record<string, string> & { company?: { legalName: string } }) =>
      what === 'onboardings'
        ? `${i.onboardingId}  ${i.status.padEnd(20)} ${i.company?.legalName}`
        : `${i.agreementId}  ${i.status.padEnd(20)} ${i.legalName}  until ${i.expiresAt ?? '-'}`,
    );
    show(options.json, parsed, lines.join('\n') || `no ${what}`);
  });

program
  .command('withdraw')
  .description('end an onboarding still in progress: its links stop working and the signers asked are told')
  .argument('<onboardingId>')
  .requiredOption('--reason <text>', 'why (kept in the history and sent to those told)')
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, options) => {
    const { parsed } = await call(options, 'POST', `/api/onboardings/${id}/withdraw`, { reason: options.reason });
    show(options.json, parsed, `onboarding ${id} is ${parsed.status}`);
  });

program
  .command('review')
  .description("decide an onboarding's pending gate (approver)")
  .argument('<onboardingId>')
  .requiredOption('--gate <gate>', 'vetting-review | data-protection: the gate you decide')
  .requiredOption('--decision <decision>', 'approve | reject')
  .requiredOption('--reason <text>', 'why')
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, options) => {
    const body = { gate: options.gate, decision: options.decision, reason: options.reason };
    const { parsed } = await call(options, 'POST', `/api/onboardings/${id}/review`, body);
    show(options.json, parsed, `decision recorded; onboarding ${id} is ${parsed.status}`);
  });

for (const [action, what, said] of [
  ['resend', 'send a signer a new link; the old one stops working', 'a new link is on its way to'],
  [
    'remind',
    'remind a waiting signer now: a fresh link with the same expiry; the link before stops working',
    'a reminder with a fresh link is on its way to',
  ],
] as const)
  program
    .command(action)
    .description(what)
    .argument('<onboardingId>')
    .argument('<signerId>', 'company-0, company-1, … or countersignatory (see `liaison status`)')
    .option('--json', 'print the API answer as JSON')
    .addOption(urlOption)
    .addOption(tokenOption)
    .action(async (id: string, signerId: string, options) => {
      const { parsed } = await call(options, 'POST', `/api/onboardings/${id}/signers/${signerId}/${action}`);
      show(options.json, parsed, `${said} ${signerId}`);
    });

program
  .command('replace-signer')
  .description("give a signer's slot to another person (wrong address, delegation); they get the link")
  .argument('<onboardingId>')
  .argument('<signerId>', 'company-0, company-1, … or countersignatory (see `liaison status`)')
  .requiredOption('--name <name>', "the new signer's full name")
  .requiredOption('--email <email>')
  .requiredOption('--title <title>')
  .requiredOption('--reason <text>', 'why')
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, signerId: string, options) => {
    const body = { name: options.name, email: options.email, title: options.title, reason: options.reason };
    const { parsed } = await call(options, 'POST', `/api/onboardings/${id}/signers/${signerId}/replace`, body);
    show(options.json, parsed, `${signerId} is now ${options.name} <${options.email}>`);
  });

program
  .command('renew')
  .description('start the onboarding that renews an agreement (same partner and scope, new term)')
  .argument('<agreementId>')
  .option('--reason <text>', "why (kept in the new onboarding's history)")
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, options) => {
    const body = options.reason ? { reason: options.reason } : undefined;
    const { parsed } = await call(options, 'POST', `/api/agreements/${id}/renew`, body);
    show(options.json, parsed, `renewal started: onboarding ${parsed.onboardingId}`);
  });

for (const [action, what] of [
  ['suspend', 'deny access under an agreement until it is reinstated'],
  ['reinstate', 'allow access under a suspended agreement again'],
  ['revoke', 'end an agreement for good'],
] as const)
  program
    .command(action)
    .description(what)
    .argument('<agreementId>')
    .requiredOption('--reason <text>', 'why (kept in the audit trail and told to the receivers of events)')
    .option('--json', 'print the API answer as JSON')
    .addOption(urlOption)
    .addOption(tokenOption)
    .action(async (id: string, options) => {
      const { parsed } = await call(options, 'POST', `/api/agreements/${id}/${action}`, { reason: options.reason });
      show(options.json, parsed, `agreement ${id} is ${parsed.status}`);
    });

const webhooks = program.command('webhooks').description('receivers of Liaison events');
webhooks
  .command('add')
  .description('register a receiver; its signing secret is printed once')
  .requiredOption('--to <url>', 'the receiver: where deliveries are POSTed')
  .requiredOption('--events <list>', 'comma-separated, e.g. agreement.suspended,agreement.revoked')
  .option('--description <text>')
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (options) => {
    const body = {
      url: options.to,
      events: String(options.events)
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
      ...(options.description ? { description: options.description } : {}),
    };
    const { parsed } = await call(options, 'POST', '/api/webhooks', body);
    show(options.json, parsed, `webhook ${parsed.id} registered; its secret (shown once): ${parsed.secret}`);
  });
webhooks
  .command('list')
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (options) => {
    const { parsed } = await call(options, 'GET', '/api/webhooks');
    const lines = parsed.items.map(
      (w: { id: string; url: string; events: string[] }) => `${w.id}  ${w.url}  ${w.events.join(',')}`,
    );
    show(options.json, parsed, lines.join('\n') || 'no webhooks');
  });
webhooks
  .command('deliveries')
  .argument('<webhookId>')
  .option('--json', 'print the API answer as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, options) => {
    const { parsed } = await call(options, 'GET', `/api/webhooks/${id}/deliveries`);
    const lines = parsed.items.map(
      (d: { eventId: string; type: string; status: string; attempts: { responseStatus?: number; error?: string }[] }) =>
        `${d.eventId}  ${d.type.padEnd(22)} ${d.status.padEnd(10)} ` +
        d.attempts.map((a) => a.responseStatus ?? a.error).join(' → '),
    );
    show(options.json, parsed, lines.join('\n') || 'no deliveries yet');
  });

program
  .command('export')
  .description("download an agreement's verification bundle (and its executed PDF)")
  .argument('<agreementId>')
  .option('-o, --out <file>', 'where to write the bundle', '')
  .option('--pdf <file>', 'also download the executed PDF to this file')
  .option('--json', 'print what was written as JSON')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (id: string, options) => {
    const { parsed } = await call(options, 'GET', `/api/agreements/${id}/bundle`);
    const out = userPath(options.out || `agreement-${id}.bundle.json`);
    writeFileSync(out, `${JSON.stringify(parsed, null, 2)}\n`);
    const written = {
      bundle: out,
      auditEvents: parsed.auditEvents.length,
      signatures: parsed.agreement.signatures.length,
      ...(options.pdf ? { pdf: userPath(options.pdf) } : {}),
    };
    if (!options.json)
      console.log(`bundle written to ${out} (${written.auditEvents} audit events, ${written.signatures} signatures)`);
    if (options.pdf) {
      const response = await fetch(`${options.url.replace(/\/+$/, '')}/api/agreements/${id}/pdf`, {
        headers: { authorization: `Bearer ${token(options.token, options.url)}` },
      });
      if (!response.ok) throw new Error(`no executed PDF: ${response.status}`);
      writeFileSync(userPath(options.pdf), Buffer.from(await response.arrayBuffer()));
      if (!options.json) console.log(`executed PDF written to ${userPath(options.pdf)}`);
    }
    if (options.json) show(true, written, '');
  });

program
  .command('verify')
  .description(
    'verify an agreement offline: document hash, signatures, audit hash chain, and optionally the executed PDF',
  )
  .argument('<bundle.json>')
  .option('--pdf <file>', 'the executed PDF a party holds')
  .option('--json', 'print the result as JSON')
  .action(async (file: string, options: { pdf?: string; json?: boolean }) => {
    const bundle = (readJsonFile(file) ?? {}) as Bundle;
    if (bundle.format !== 'liaison-agreement-bundle/1') throw new Error(`${file} is not a Liaison agreement bundle`);
    let seal: ReturnType<typeof readPdfSeal>;
    if (options.pdf) {
      const pdf = await PDFDocument.load(readFileSync(userPath(options.pdf)), { updateMetadata: false });
      seal = readPdfSeal(pdf.getKeywords());
      if (!seal) throw new Error(`${options.pdf} carries no Liaison seal`);
    }
    const result = verifyBundle(bundle, seal);
    process.exitCode = result.ok ? 0 : 1;
    if (options.json) return show(true, result, '');
    for (const line of result.passed) console.log(`ok       ${line}`);
    for (const line of result.problems) console.log(`PROBLEM  ${line}`);
    console.log(
      result.ok
        ? `\nagreement ${bundle.agreement.agreementId} verifies`
        : `\nagreement ${bundle.agreement.agreementId} does NOT verify: ${result.problems.length} problem(s)`,
    );
  });

program
  .command('report')
  .description('the transparency report for a period, as an oversight body would publish it')
  .requiredOption('--from <day>', 'first day, YYYY-MM-DD')
  .requiredOption('--to <day>', 'last day, YYYY-MM-DD')
  .option('--csv', "the CSV form (its SHA-256 is the report's)")
  .option('-o, --out <file>', 'write it to this file (default: print it)')
  .option('--json', 'the JSON form (the default without --csv)')
  .addOption(urlOption)
  .addOption(tokenOption)
  .action(async (options: { from: string; to: string; csv?: boolean; out?: string; url: string; token?: string }) => {
    const path = `/api/reports/transparency?${new URLSearchParams({ from: options.from, to: options.to })}`;
    let text: string;
    let sha256: string;
    if (options.csv) {
      const response = await fetch(`${base(options.url)}${path}`, {
        headers: { authorization: `Bearer ${token(options.token, options.url)}`, accept: 'text/csv' },
      });
      text = await response.text();
      if (!response.ok) throw new Error(`${response.status}: ${text}`);
      sha256 = response.headers.get('x-report-sha256') ?? '';
    } else {
      const { parsed } = await call(options, 'GET', path);
      text = `${JSON.stringify(parsed, null, 2)}\n`;
      sha256 = parsed.sha256;
    }
    if (options.out) {
      writeFileSync(userPath(options.out), text);
      console.log(
        `report ${options.from} to ${options.to} written to ${userPath(options.out)}; SHA-256 of its CSV ${sha256}`,
      );
    } else process.stdout.write(text);
  });

interface LoginOptions {
  url: string;
  email?: string;
  password?: string;
  code?: string;
  newPassword?: string;
  json?: boolean;
}

program
  .command('login')
  .description('sign in once; the CLI then calls Liaison as you (kept in .liaison/login.json)')
  .addOption(urlOption)
  .option('--email <email>', 'with --password: sign in from the terminal (the local user pool)')
  .option('--password <password>', 'your password (the local pool prints it at npm start)')
  .option('--code <code>', "the 6-digit code from your authenticator app (asked for when it isn't given)")
  .option('--new-password <password>', 'your own password, at the first sign-in with a temporary one')
  .option('--json', 'print the answer as JSON')
  .action(async (options: LoginOptions) => {
    const url = base(options.url);
    const { email, password } = options;
    const login =
      email && password
        ? await loginWithPassword(url, {
            email,
            password,
            newPassword: options.newPassword,
            // a seeded local person's key is in credentials.json; anyone else types the code
            totpSecret: options.code ? undefined : seededPerson(email)?.totpSecret,
            askCode: async (setupKey) => options.code ?? (await askCode(setupKey)),
          })
        : await loginInBrowser(url, (line) => console.log(line));
    const { name, email: signedIn, expiresAt } = login;
    show(options.json, { name, email: signedIn, expiresAt }, `signed in as ${name} <${signedIn}> until ${expiresAt}`);
  });

program
  .command('code')
  .description('the current authenticator code of a person the local pool seeded (their key is in credentials.json)')
  .argument('<who>', 'officer, approver, auditor, or their email')
  .addOption(urlOption)
  .option('--json', 'print the answer as JSON')
  .action(async (who: string, options: { url: string; json?: boolean }) => {
    const person = seededPerson(who);
    if (!person) throw new Error(`${who} is not a person the local pool seeded (see ${dataDir()}/credentials.json)`);
    const now = await localClock(base(options.url));
    const code = totpCode(person.totpSecret, now());
    show(options.json, { email: person.email, code }, code);
  });

const users = program.command('users').description("the people of the deployment's user pool (administrators)");
users
  .command('invite')
  .description('give a person an account; Cognito emails them a temporary password')
  .requiredOption('--email <email>', 'their email address (they sign in with it)')
  .requiredOption('--group <group...>', `their role(s): ${PEOPLE_GROUPS.join(', ')}`)
  .option('--name <name>', 'their full name, as history and decisions show it (default: from the email address)')
  .addOption(urlOption)
  .option('--json', 'print the answer as JSON')
  .action(async (options: { email: string; name?: string; group: string[]; url: string; json?: boolean }) => {
    const admin = await poolAdmin(base(options.url));
    const name = options.name ?? nameFromEmail(options.email);
    const invited = await inviteUser(admin, { email: options.email, name, groups: options.group });
    show(
      options.json,
      { name, email: options.email, groups: options.group, status: invited.status },
      `invited ${name} <${options.email}> as ${options.group.join(' and ')} (${invited.status}); ` +
        'the invitation email carries a temporary password, and the first sign-in sets their own and an authenticator',
    );
  });
users
  .command('remove')
  .description('delete a person from the pool: they can no longer sign in')
  .requiredOption('--email <email>')
  .addOption(urlOption)
  .option('--json', 'print the answer as JSON')
  .action(async (options: { email: string; url: string; json?: boolean }) => {
    await removeUser(await poolAdmin(base(options.url)), options.email);
    const line = `removed ${options.email}; a token they hold ends with its expiry (at most an hour)`;
    show(options.json, { removed: options.email }, line);
  });
users
  .command('list')
  .description('the people in the pool, their groups and status')
  .addOption(urlOption)
  .option('--json', 'print the answer as JSON')
  .action(async (options: { url: string; json?: boolean }) => {
    const people = await listUsers(await poolAdmin(base(options.url)));
    const lines = people.map((p) => `${p.name} <${p.email}>  ${p.groups.join(', ') || 'no group'}  ${p.status}`);
    show(options.json, { items: people }, lines.join('\n') || 'nobody');
  });

const clients = program.command('clients').description('machine clients: data-exchange systems (administrators)');
clients
  .command('create')
  .description('a client-credentials client with the given scopes; prints its id and secret once')
  .option('--scope <scope...>', 'what it may do', [`${RESOURCE_SERVER}/access-check`])
  .option('--name <name>', 'the system, as access decisions name it (letters, digits, spaces and +=,.@-)')
  .addOption(urlOption)
  .option('--json', 'print the answer as JSON')
  .action(async (options: { name?: string; scope: string[]; url: string; json?: boolean }) => {
    const admin = await poolAdmin(base(options.url));
    const name = options.name ?? `data-exchange-${new Date().toISOString().slice(0, 16).replace(/\D/g, '')}`;
    const made = await createClient(admin, { name, scopes: options.scope });
    if (options.json) return show(true, { name, ...made, tokenUrl: admin.tokenUrl }, '');
    console.log(`created ${name}
  client id      ${made.clientId}
  client secret  ${made.clientSecret}   (shown once: keep it in the system's secret store)
  scopes         ${made.scopes.join(' ')}
  token URL      ${admin.tokenUrl}   (grant_type=client_credentials, HTTP Basic with the id and secret)`);
  });
clients
  .command('remove')
  .description('delete a machine client: it can get no new token')
  .argument('<clientId>')
  .addOption(urlOption)
  .option('--json', 'print the answer as JSON')
  .action(async (clientId: string, options: { url: string; json?: boolean }) => {
    await removeClient(await poolAdmin(base(options.url)), clientId);
    show(options.json, { removed: clientId }, `removed client ${clientId}; Liaison refuses its tokens within a minute`);
  });
clients
  .command('list')
  .description("the pool's app clients")
  .addOption(urlOption)
  .option('--json', 'print the answer as JSON')
  .action(async (options: { url: string; json?: boolean }) => {
    const made = await listClients(await poolAdmin(base(options.url)));
    show(options.json, { items: made }, made.map((c) => `${c.clientId}  ${c.name}`).join('\n') || 'no clients');
  });

program
  .command('smoke')
  .description('check a running Liaison (local or deployed) the way a first user meets it; writes nothing')
  .argument('[url]', 'Liaison base URL (the stack output PublicUrl)')
  .argument('[token]', 'an officer bearer token (default: your `liaison login`, or locally credentials.json)')
  .option('--json', 'print the checks and what each found as JSON')
  .action(async (url: string | undefined, given: string | undefined, options: { json?: boolean }) => {
    const target = base(url ?? process.env.LIAISON_URL ?? 'http://localhost:3000');
    const bearer = given ?? process.env.LIAISON_TOKEN ?? token(undefined, target);
    const failures = await smokeCheck(target, bearer, { json: options.json });
    process.exitCode = failures ? 1 : 0;
  });

program.parseAsync().catch((error: Error) => {
  console.error(`liaison: ${error.message}`);
  process.exit(2);
});
