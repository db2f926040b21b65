// The mail port on SES v2, sending the MIME message nodemailer composes (text, HTML, attachments).
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Mailer, OutgoingMail } from '../ports/mailer.js';

export function compose(from: string, replyTo: string | undefined, mail: OutgoingMail): Promise<Buffer> {
  // nodemailer builds the MIME message: encoded headers, so a name cannot inject a header
  return new MailComposer({
    from,
    replyTo,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments?.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content),
      contentType: a.contentType,
    })),
  })
    .compile()
    .build();
}

export class SesMailer implements Mailer {
  private readonly ses = new SESv2Client({});
  constructor(
    private readonly from: string,
    private readonly replyTo?: string,
  ) {}
  async send(mail: OutgoingMail) {
    const raw = await compose(this.from, this.replyTo, mail);
    await this.ses.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }));
  }
}
