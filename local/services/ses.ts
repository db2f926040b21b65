// Email: aws-ses-v2-local (an SES v2 server from npm). What it receives is also written to the data
// folder before SES answers, so the mailbox survives a restart; the mailbox page and GET /mail read
// its store.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
interface SesEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments?: { filename?: string; contentType?: string; content: string; size?: number }[];
  at: number;
}
const store = require('aws-ses-v2-local/dist/store.js') as { getStoreReadonly(): { emails: SesEmail[] } };
const sesServer = (
  require('aws-ses-v2-local') as {
    default: (config: { host: string; port: number }) => Promise<import('node:http').Server>;
  }
).default;
const eml = require('aws-ses-v2-local/dist/emlFile.js') as { createEmlContent(e: SesEmail): Promise<{ body: Buffer }> };

export interface MailSummary {
  id: string;
  to: string[];
  subject: string;
  date: string;
}
export interface MailMessage extends MailSummary {
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** Addresses of a header value such as `"Ann" <ann@x.example>, bob@y.example`. */
const addresses = (values: string[]) =>
  values
    .flatMap((v) => v.split(/,\s*/))
    .map((a) => a.match(/<([^>]+)>/)?.[1] ?? a.trim())
    .filter(Boolean);

export async function startSes(directory: string) {
  mkdirSync(directory, { recursive: true });
  const { emails } = store.getStoreReadonly();
  const saved = readdirSync(directory)
    .filter((f) => f.endsWith('.json'))
    .sort();
  // bodies and attachments (executed PDFs) stay on disk only: memory holds what the mailbox lists, however
  // much was sent
  const files = new Map<string, string>();
  const keepOnDisk = (email: SesEmail, file: string) => {
    files.set(email.messageId, file);
    email.body = {};
    for (const attachment of email.attachments ?? []) {
      attachment.size ??= Buffer.from(attachment.content, 'base64').length;
      attachment.content = '';
    }
  };
  // a message is written to disk before its sender hears back; until then it is whole in memory
  const whole = (id: string) => {
    const file = files.get(id);
    return file
      ? (JSON.parse(readFileSync(file, 'utf8')) as SesEmail)
      : emails.find((message) => message.messageId === id);
  };
  if (emails.length === 0) {
    for (const file of saved) {
      const email = JSON.parse(readFileSync(join(directory, file), 'utf8')) as SesEmail;
      keepOnDisk(email, join(directory, file));
      emails.push(email);
    }
  }
  let persisted = emails.length;

  const server = await sesServer({ host: '127.0.0.1', port: 0 });
  // write each accepted message to disk before the answer leaves: a sent email is never lost
  server.prependListener('request', (_request, response) => {
    const end = response.end.bind(response);
    response.end = ((...args: Parameters<typeof end>) => {
      for (; persisted < emails.length; persisted++) {
        const email = emails[persisted];
        const file = join(directory, `${String(persisted).padStart(8, '0')}-${email.messageId}.json`);
        writeFileSync(file, JSON.stringify(email));
        keepOnDisk(email, file);
      }
      return end(...args);
    }) as typeof response.end;
  });
  const { port } = server.address() as AddressInfo;

  const summary = (e: SesEmail): MailSummary => ({
    id: e.messageId,
    to: addresses(e.destination.to),
    subject: e.subject,
    date: new Date(e.at * 1000).toISOString(),
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Newest first. */
    list: (): MailSummary[] => [...emails].reverse().map(summary),
    get: (id: string): MailMessage | undefined => {
      const e = whole(id);
      return (
        e && {
          ...summary(e),
          text: e.body.text ?? '',
          html: e.body.html ?? '',
          attachments: (e.attachments ?? []).map((a) => ({
            filename: a.filename ?? 'attachment',
            contentType: a.contentType ?? 'application/octet-stream',
            size: a.size ?? Buffer.from(a.content, 'base64').length,
          })),
        }
      );
    },
    /** The n-th attachment's bytes, as sent. */
    attachment: (id: string, index: number) => {
      const a = whole(id)?.attachments?.[index];
      return (
        a && {
          filename: a.filename ?? 'attachment',
          contentType: a.contentType ?? 'application/octet-stream',
          content: Buffer.from(a.content, 'base64'),
        }
      );
    },
    raw: async (id: string): Promise<Buffer | undefined> => {
      const full = whole(id);
      return full && (await eml.createEmlContent(full)).body;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
export type LocalSes = Awaited<ReturnType<typeof startSes>>;
