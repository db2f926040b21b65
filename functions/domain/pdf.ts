// The executed copy: the agreement text, then a certificate of completion. pdf-lib, standard fonts.
import anyAscii from 'any-ascii';
import { convert } from 'html-to-text';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AgreementRecord } from './records.js';
import { pdfSealKeywords, signatureDigest } from './audit-chain.js';

const PAGE = { width: 595.28, height: 841.89, margin: 56 };

// Standard PDF fonts cover Latin-1 only: other scripts are transliterated for the PDF
// (the signed HTML document keeps the original spelling and is what the hash covers).
const printable = (s: string) => anyAscii(s).replace(/[^\x20-\x7e]/g, '?');

class Writer {
  private page!: PDFPage;
  private y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }
  line(text: string, { size = 10, bold = false, gap = 4 } = {}) {
    const font = bold ? this.bold : this.font;
    const maxWidth = PAGE.width - 2 * PAGE.margin;
    const words = printable(text).split(/\s+/);
    let current = '';
    const flush = () => {
      if (this.y < PAGE.margin + size) this.newPage();
      this.page.drawText(current, { x: PAGE.margin, y: this.y, size, font, color: rgb(0.07, 0.07, 0.07) });
      this.y -= size + gap;
      current = '';
    };
    for (const word of words) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) > maxWidth && current) {
        flush();
        current = word;
      } else current = candidate;
    }
    flush();
  }
  space(points = 8) {
    this.y -= points;
  }
}

export interface CertificateSigner {
  name: string;
  /** The name the signer typed to sign. */
  typedName: string;
  title: string;
  email: string;
  role: string;
  sentAt: string;
  firstViewedAt?: string;
  signedAt: string;
  ip: string;
  userAgent: string;
  documentSha256: string;
}

/** What one of the Organisation's people did on the way to the signatures (started it, decided a gate). */
export interface CertificateAction {
  what: string;
  /** Name and email. */
  by: string;
  at: string;
}

/** "Name, Title", or the name alone when the title says the same (a post signing as itself). */
export const nameAndTitle = (name: string, title: string) =>
  title.trim().toLowerCase() === name.trim().toLowerCase() ? name : `${name}, ${title}`;

export async function executedPdf(p: {
  agreementHtml: string;
  agreement: AgreementRecord;
  signers: CertificateSigner[];
  acted: CertificateAction[];
  producedAt: Date;
  /** The organisation as the agreement names it. */
  organisation: string;
}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Data-sharing agreement ${p.agreement.agreementId}`);
  doc.setProducer('Liaison');
  // the seal lets `liaison verify --pdf` compare the copy every party holds with an exported bundle
  doc.setKeywords(
    pdfSealKeywords({
      documentSha256: p.agreement.documentSha256,
      signatureDigests: p.agreement.signatures.map(signatureDigest),
    }),
  );
  doc.setCreationDate(p.producedAt);
  doc.setModificationDate(p.producedAt);
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  // the document block by block, so headings and lists keep their shape
  const body = p.agreementHtml.match(/<body[^>]*>([\s\S]*)<\/body>/i)?.[1] ?? p.agreementHtml;
  for (const [, tag, inner] of body.matchAll(/<(h1|h2|p|li)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
    const text = convert(inner, { wordwrap: false }).replace(/\s+/g, ' ').trim();
    if (!text) continue;
    if (tag === 'h1') {
      w.line(text, { size: 15, bold: true, gap: 8 });
      continue;
    }
    if (tag === 'h2') {
      w.space(6);
      w.line(text, { size: 11.5, bold: true, gap: 5 });
      continue;
    }
    w.line(tag === 'li' ? `•  ${text}` : text, { gap: 4 });
  }
  w.newPage();
  w.line('Certificate of completion', { size: 16, bold: true, gap: 10 });
  w.line(`Agreement ${p.agreement.agreementId} between ${p.organisation} and ${p.agreement.legalName}`);
  w.line(`Template ${p.agreement.templateId} v${p.agreement.templateVersion}`);
  w.line(`SHA-256 of the signed HTML document: ${p.agreement.documentSha256}`);
  w.line(`In force from ${p.agreement.effectiveAt} until ${p.agreement.expiresAt}`);
  w.space();
  for (const s of p.signers) {
    w.line(`${nameAndTitle(s.name, s.title)} (${s.role})`, { bold: true });
    w.line(`Email: ${s.email}   Signed as: ${s.typedName}`);
    w.line(`Request sent: ${s.sentAt}   First viewed: ${s.firstViewedAt ?? 'not recorded'}   Signed: ${s.signedAt}`);
    w.line(`IP address: ${s.ip}   User agent: ${s.userAgent}`);
    w.line(`Signed document SHA-256: ${s.documentSha256}`);
    w.space();
  }
  w.line(`For ${p.organisation}, before the signatures`, { bold: true });
  for (const a of p.acted) w.line(`${a.what}: ${a.by}, ${a.at}`);
  w.space();
  w.line('How to verify', { bold: true });
  w.line(
    `1. Export the bundle: liaison export ${p.agreement.agreementId} (or GET ` +
      `/api/agreements/${p.agreement.agreementId}/bundle).`,
    { size: 9 },
  );
  w.line(
    '2. Run: liaison verify agreement.bundle.json --pdf this-file.pdf. It checks the document hash, every ' +
      "signature record against the audit trail's hash chain, and that this PDF seals the same document " +
      'and signatures.',
    { size: 9 },
  );
  w.line(
    '3. Without the tool: the SHA-256 of the HTML document must equal the hash above, and every signature above ' +
      'must name the same hash.',
    { size: 9 },
  );
  return doc.save({ useObjectStreams: false });
}
