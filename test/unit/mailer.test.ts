import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../functions/adapters/mailer.js';

describe('Class: OutboxMailer', () => {
  it('writes a real MIME message with text and HTML parts, sender and reply-to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const mailer = new OutboxMailer(dir, 'liaison@example.org', 'partnerships@example.org');
    await mailer.send({ to: ['anna@example.org'], subject: 'Please sign: Nordlicht Telekom GmbH', text: 'plain body', html: '<p>html body</p>' });
    const [message] = await mailer.list();
    const raw = (await mailer.raw(message.id))!.toString();
    expect(raw).toMatch(/^From: liaison@example\.org$/m);
    expect(raw).toMatch(/^Reply-To: partnerships@example\.org$/m);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw).toContain('Content-Type: text/html');
    expect(message).toMatchObject({ to: ['anna@example.org'], subject: 'Please sign: Nordlicht Telekom GmbH' });
    expect(readFileSync(join(dir, `${message.id}.json`), 'utf8')).toContain('plain body');
  });

  it('cannot be made to add headers through a subject or a name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const mailer = new OutboxMailer(dir, 'liaison@example.org');
    await mailer.send({ to: ['"Evil\r\nBcc: victim@example.org" <anna@example.org>'], subject: 'Hello\r\nBcc: victim@example.org', text: 'x', html: 'x' });
    const [message] = await mailer.list();
    const headers = (await mailer.raw(message.id))!.toString().split('\r\n\r\n')[0];
    expect(headers).not.toMatch(/^Bcc:/m);
    expect(headers.match(/^Subject:.*$/m)![0]).not.toContain('\n');
  });

  it('refuses ids that are not its own (no path tricks)', async () => {
    const mailer = new OutboxMailer(mkdtempSync(join(tmpdir(), 'outbox-')), 'liaison@example.org');
    expect(await mailer.get('../../etc/passwd')).toBeUndefined();
    expect(await mailer.raw('../credentials')).toBeUndefined();
  });
});
