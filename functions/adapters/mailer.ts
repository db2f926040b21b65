// The mail port, with SES v2 on AWS and an outbox folder of real MIME messages locally.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface Attachment { filename: string; content: Uint8Array; contentType: string }
export interface OutgoingMail { to: string[]; subject: string; text: string; html: string; attachments?: Attachment[] }

export interface Mailer { send(mail: OutgoingMail): Promise<void> }

function compose(from: string, replyTo: string | undefined, mail: OutgoingMail): Promise<Buffer> {
  // nodemailer builds the MIME message: encoded headers, so a name cannot inject a header
  return new MailComposer({
    from, replyTo, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html,
    attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
  }).compile().build();
}

export class SesMailer implements Mailer {
  private readonly ses = new SESv2Client({});
  constructor(private readonly from: string, private readonly replyTo?: string) {}
  async send(mail: OutgoingMail) {
    const raw = await compose(this.from, this.replyTo, mail);
    await this.ses.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }));
  }
}

export interface StoredMessage { id: string; to: string[]; subject: string; date: string; text: string; html: string }

/** Local outbox: each message as a .eml file plus a JSON summary for the mailbox page. */
export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string, private readonly from: string, private readonly replyTo?: string) {}

  async send(mail: OutgoingMail) {
    await mkdir(this.dir, { recursive: true });
    const date = new Date().toISOString();
    const id = `${date.replace(/[^0-9]/g, '')}-${randomUUID().slice(0, 8)}`;
    await writeFile(join(this.dir, `${id}.eml`), await compose(this.from, this.replyTo, mail));
    const summary: StoredMessage = { id, to: mail.to, subject: mail.subject, date, text: mail.text, html: mail.html };
    await writeFile(join(this.dir, `${id}.json.tmp`), JSON.stringify(summary));
    await rename(join(this.dir, `${id}.json.tmp`), join(this.dir, `${id}.json`)); // readers never see half a file
  }

  async list(): Promise<StoredMessage[]> {
    let files: string[];
    try { files = await readdir(this.dir); } catch { return []; }
    const messages = await Promise.all(files.filter((f) => f.endsWith('.json')).map(async (f) => JSON.parse(await readFile(join(this.dir, f), 'utf8')) as StoredMessage));
    return messages.sort((a, b) => b.id.localeCompare(a.id));
  }

  async get(id: string): Promise<StoredMessage | undefined> {
    if (!/^[0-9]+-[0-9a-f]{8}$/.test(id)) return undefined;
    try { return JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')); } catch { return undefined; }
  }

  async raw(id: string): Promise<Buffer | undefined> {
    if (!/^[0-9]+-[0-9a-f]{8}$/.test(id)) return undefined;
    try { return await readFile(join(this.dir, `${id}.eml`)); } catch { return undefined; }
  }
}
