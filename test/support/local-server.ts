// Starts `npm start`'s entry point in a child process on a free port with its own data folder,
// the way a user runs it, and offers small HTTP helpers over it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Role = 'officer' | 'approver' | 'auditor' | 'service';

export interface LocalServer {
  url: string;
  dataDir: string;
  credentials: Record<Role, string>;
  /** The role's ready token as the runtime keeps it now (renewed when the local clock moves). */
  token: (role: Role) => string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** A port free right now, so a restarted server can come back on the same address. */
export { freePort } from '../../local/net.js';

const dataDirs: string[] = [];
/** A data folder for a test server in the system's temporary folder. */
export const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-test-'));
  dataDirs.push(dir);
  return dir;
};
/** Removes the data folders this test file made (test/support/cleanup.ts calls it after the file). */
export function removeDataDirs() {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function startServer(dataDir = newDataDir(), env: Record<string, string> = {}): Promise<LocalServer> {
  // each test server needs a database of its own: an embedded one (LIAISON_DYNAMODB picks dynalite or DynamoDB
  // Local), never one shared endpoint whose table every server would write to
  if (process.env.DYNAMODB_ENDPOINT) {
    throw new Error(
      'the tests start a server each: run them on DynamoDB Local with LIAISON_DYNAMODB=dynamodb-local ' +
        '(one per server), not with a shared DYNAMODB_ENDPOINT',
    );
  }
  // what npm start runs: the local runtime's bundle (made once per change of the sources)
  const child = spawn(process.execPath, ['local/launch.mjs'], {
    env: { ...process.env, PORT: '0', LIAISON_DATA_DIR: dataDir, BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = () => {
      const m = output.match(/Liaison is running at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
  return {
    url,
    dataDir,
    credentials,
    token: (role: Role) => JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'))[role],
    process: child,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

export interface MailMessage {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

export class Client {
  constructor(readonly server: LocalServer) {}

  async api(
    method: string,
    path: string,
    options: { role?: Role | null; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const role = options.role === undefined ? 'officer' : options.role;
    const response = await fetch(`${this.server.url}${path}`, {
      method,
      headers: {
        ...(role ? { authorization: `Bearer ${this.server.token(role)}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: response.status, body, headers: response.headers };
  }

  /** The next matching AWS calls of a function fail as asked (POST /local/faults). */
  injectFault(fault: { action: string; error: string; count?: number; skip?: number; principal?: string }) {
    return fetch(`${this.server.url}/local/faults`, { method: 'POST', body: JSON.stringify(fault) });
  }

  /** May this partner share this data now? The service role's access check, the usual request unless overridden. */
  accessCheck(partnerId: string, overrides: Record<string, unknown> = {}) {
    return this.api('POST', '/api/access-checks', {
      role: 'service',
      body: {
        partnerId,
        dataCategory: 'threat-intelligence',
        purpose: 'cybercrime',
        direction: 'partner-to-organisation',
        requestingCountry: 'FR',
        ...overrides,
      },
    });
  }

  /** The local clock's time (POST /local/clock moves it), as the functions and the user pool see it. */
  async now(): Promise<Date> {
    const { now } = (await (await fetch(`${this.server.url}/local/clock`)).json()) as { now: string };
    return new Date(now);
  }

  async mailbox(): Promise<{ id: string; to: string[]; subject: string; date: string }[]> {
    return (
      (await (await fetch(`${this.server.url}/mail`)).json()) as {
        messages: { id: string; to: string[]; subject: string; date: string }[];
      }
    ).messages;
  }

  async message(id: string): Promise<MailMessage> {
    return (await (await fetch(`${this.server.url}/mail/${id}`)).json()) as MailMessage;
  }

  /** Waits for a message matching the predicate (newest first) and returns it. */
  async waitForMail(predicate: (m: { to: string[]; subject: string }) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = (await this.mailbox()).find(predicate);
      if (found) return this.message(found.id);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `no matching mail within ${timeoutMs} ms; mailbox: ${JSON.stringify(await this.mailbox(), null, 1)}`,
    );
  }

  /** The newest signing link sent to `email`, optionally for one company's agreement. */
  async signingLink(email: string, legalName?: string) {
    const message = await this.waitForMail(
      (m) =>
        m.to.includes(email) && m.subject.startsWith('Please sign') && (!legalName || m.subject.endsWith(legalName)),
    );
    return signingLinkIn(message.text);
  }

  /** The link in the newest reminder `email` has received (a fresh link to the same request). */
  async reminderLink(email: string) {
    const message = await this.waitForMail((m) => m.to.includes(email) && m.subject.startsWith('Reminder'));
    return signingLinkIn(message.text);
  }

  /** Every signing link sent to this address so far, newest first. */
  async signingLinks(email: string) {
    const requests = (await this.mailbox()).filter((m) => m.to.includes(email) && m.subject.startsWith('Please sign'));
    return Promise.all(requests.map(async (m) => signingLinkIn((await this.message(m.id)).text)));
  }

  /** Waits until `email` has received its `count`-th signing link and returns it. */
  async nthSigningLink(email: string, count: number, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const links = await this.signingLinks(email);
      if (links.length >= count) return links[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${email} did not receive signing link number ${count}`);
  }

  async submit(link: string, form: Record<string, string>) {
    const response = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: response.status, html: await response.text() };
  }

  sign(link: string, fullName: string, title = 'Director') {
    return this.submit(link, { action: 'sign', fullName, title, consent: 'yes' });
  }

  async waitForStatus(onboardingId: string, status: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < deadline) {
      last = (await this.api('GET', `/api/onboardings/${onboardingId}`)).body;
      if (last.status === status) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`onboarding ${onboardingId} is ${last?.status}, not ${status}: ${JSON.stringify(last?.history)}`);
  }
}

/** The signing link an email carries. */
export function signingLinkIn(text: string) {
  const link = text.match(/https?:\/\/\S+\/sign\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`no signing link in ${text}`);
  return link;
}

export function onboardingRequest(overrides: Record<string, unknown> = {}) {
  return {
    company: {
      legalName: 'Nordlicht Telekom GmbH',
      country: 'DE',
      registrationNumber: 'HRB 123456',
      lei: '529900NORDLICHT0TK20',
      website: 'https://nordlicht.example',
      sector: 'telecom',
      people: [{ name: 'Anna Berger', role: 'director' }],
    },
    signatories: [{ name: 'Anna Berger', email: 'anna@nordlicht.example', title: 'CEO' }],
    // no personal data by default, so no data-protection gate; tests of the gate ask for it
    scope: {
      dataCategories: ['threat-intelligence'],
      purposes: ['cybercrime'],
      direction: 'partner-to-organisation',
      retentionDays: 365,
      excludedCountries: [],
    },
    termMonths: 24,
    templateId: 'dsa-standard',
    ...overrides,
  };
}
