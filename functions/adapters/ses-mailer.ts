// The mail port on SES v2: a simple message (subject, text and HTML bodies, attachments) that SES itself turns into
// MIME, so no MIME library travels in the bundles.
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../ports/mailer.js';
import { lazyPort } from './dependencies.js';
import { settings } from './config.js';

// a header value never carries a line break: a name or subject cannot start a header of its own
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

export function sendEmailInput(from: string, replyTo: string | undefined, mail: OutgoingMail): SendEmailCommandInput {
  return {
    FromEmailAddress: oneLine(from),
    ReplyToAddresses: replyTo ? [oneLine(replyTo)] : undefined,
    Destination: { ToAddresses: mail.to.map(oneLine) },
    Content: {
      Simple: {
        Subject: { Data: oneLine(mail.subject), Charset: 'UTF-8' },
        Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        Attachments: mail.attachments?.map((a) => ({
          FileName: oneLine(a.filename),
          RawContent: a.content,
          ContentType: a.contentType,
          ContentDisposition: 'ATTACHMENT',
        })),
      },
    },
  };
}

export class SesMailer implements Mailer {
  private readonly ses = new SESv2Client({});
  constructor(
    private readonly from: string,
    private readonly replyTo?: string,
  ) {}
  async send(mail: OutgoingMail) {
    await this.ses.send(new SendEmailCommand(sendEmailInput(this.from, this.replyTo, mail)));
  }
}

/** The mail port on SES. */
export const mailer = /* @__PURE__ */ lazyPort(
  'mailer',
  () => new SesMailer(settings().senderEmail, settings().replyToEmail),
);
