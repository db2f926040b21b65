import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';

const ses = mockClient(SESv2Client);
const sentRaw = () =>
  Buffer.from(ses.commandCalls(SendEmailCommand).at(-1)!.args[0].input.Content!.Raw!.Data!).toString();

describe('Class: SesMailer', () => {
  it('sends a real MIME message with text and HTML parts, sender and reply-to', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await new SesMailer('liaison@example.org', 'partnerships@example.org').send({
      to: ['anna@example.org'],
      subject: 'Please sign: Nordlicht Telekom GmbH',
      text: 'plain body',
      html: '<p>html body</p>',
    });
    const raw = sentRaw();
    expect(raw).toMatch(/^From: liaison@example\.org$/m);
    expect(raw).toMatch(/^Reply-To: partnerships@example\.org$/m);
    expect(raw).toMatch(/^To: anna@example\.org$/m);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw).toContain('Content-Type: text/html');
  });

  it('cannot be made to add headers through a subject or a name', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    await new SesMailer('liaison@example.org').send({
      to: ['"Evil\r\nBcc: victim@example.org" <anna@example.org>'],
      subject: 'Hello\r\nBcc: victim@example.org',
      text: 'x',
      html: 'x',
    });
    const headers = sentRaw().split('\r\n\r\n')[0];
    expect(headers).not.toMatch(/^Bcc:/m);
    expect(headers.match(/^Subject:.*$/m)![0]).not.toContain('\n');
  });
});
