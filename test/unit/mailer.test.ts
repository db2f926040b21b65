import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';

const ses = mockClient(SESv2Client);
const sent = () => ses.commandCalls(SendEmailCommand).at(-1)!.args[0].input;

describe('Class: SesMailer', () => {
  it('sends a message with text and HTML bodies, sender, reply-to and attachments for SES to compose', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await new SesMailer('liaison@example.org', 'partnerships@example.org').send({
      to: ['anna@example.org'],
      subject: 'Please sign: Nordlicht Telekom GmbH',
      text: 'plain body',
      html: '<p>html body</p>',
      attachments: [
        { filename: 'agreement.pdf', content: new Uint8Array([37, 80, 68, 70]), contentType: 'application/pdf' },
      ],
    });
    const input = sent();
    expect(input.FromEmailAddress).toBe('liaison@example.org');
    expect(input.ReplyToAddresses).toEqual(['partnerships@example.org']);
    expect(input.Destination?.ToAddresses).toEqual(['anna@example.org']);
    expect(input.Content?.Raw).toBeUndefined();
    const simple = input.Content!.Simple!;
    expect(simple.Subject?.Data).toBe('Please sign: Nordlicht Telekom GmbH');
    expect(simple.Body?.Text?.Data).toBe('plain body');
    expect(simple.Body?.Html?.Data).toBe('<p>html body</p>');
    expect(simple.Attachments).toEqual([
      expect.objectContaining({
        FileName: 'agreement.pdf',
        ContentType: 'application/pdf',
        ContentDisposition: 'ATTACHMENT',
      }),
    ]);
    expect([...simple.Attachments![0].RawContent!]).toEqual([37, 80, 68, 70]);
  });

  it('cannot be made to add headers through a subject, a name or a file name', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    await new SesMailer('liaison@example.org').send({
      to: ['"Evil\r\nBcc: victim@example.org" <anna@example.org>'],
      subject: 'Hello\r\nBcc: victim@example.org',
      text: 'x',
      html: 'x',
      attachments: [{ filename: 'a\r\nBcc: b.pdf', content: new Uint8Array(), contentType: 'application/pdf' }],
    });
    const input = sent();
    expect(input.ReplyToAddresses).toBeUndefined();
    const headerValues = [
      input.Content!.Simple!.Subject!.Data!,
      ...input.Destination!.ToAddresses!,
      input.Content!.Simple!.Attachments![0].FileName!,
    ];
    for (const value of headerValues) expect(value).not.toMatch(/[\r\n]/);
  });
});
