// The mail port: a message with text, HTML and attachments, to the people named.
export interface Attachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}
export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: Attachment[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
