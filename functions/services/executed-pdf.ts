// The executed copy: the agreement text, then a certificate of completion, every name in the script it was written
// in (lib/pdf/typesetter.ts: pdfkit with fontkit shaping, Noto fonts embedded as subsets).
import { settings } from '../adapters/config.js';
import { pdfSealKeywords, signatureDigest } from '../domain/audit-chain.js';
import { inlineText } from '../domain/html-text.js';
import type { AgreementRecord } from '../domain/records.js';
import { Typesetter } from '../lib/pdf/typesetter.js';

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
  const w = new Typesetter(settings().taskRoot, {
    title: `Data-sharing agreement ${p.agreement.agreementId}`,
    // the seal lets `liaison verify --pdf` compare the copy every party holds with an exported bundle
    keywords: pdfSealKeywords({
      documentSha256: p.agreement.documentSha256,
      signatureDigests: p.agreement.signatures.map(signatureDigest),
    }),
    createdAt: p.producedAt,
  });
  // the document block by block, so headings and lists keep their shape
  const body = p.agreementHtml.match(/<body[^>]*>([\s\S]*)<\/body>/i)?.[1] ?? p.agreementHtml;
  for (const [, tag, inner] of body.matchAll(/<(h1|h2|p|li)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
    const text = inlineText(inner);
    if (!text) continue;
    if (tag === 'h1') {
      w.paragraph(text, { size: 15, bold: true, gap: 8 });
      continue;
    }
    if (tag === 'h2') {
      w.space(6);
      w.paragraph(text, { size: 11.5, bold: true, gap: 5 });
      continue;
    }
    w.paragraph(tag === 'li' ? `•  ${text}` : text, { gap: 4 });
  }
  w.newPage();
  w.paragraph('Certificate of completion', { size: 16, bold: true, gap: 10 });
  w.paragraph(`Agreement ${p.agreement.agreementId} between ${p.organisation} and ${p.agreement.legalName}`);
  w.paragraph(`Template ${p.agreement.templateId} v${p.agreement.templateVersion}`);
  w.paragraph(`SHA-256 of the signed HTML document: ${p.agreement.documentSha256}`);
  w.paragraph(`In force from ${p.agreement.effectiveAt} until ${p.agreement.expiresAt}`);
  w.space();
  for (const s of p.signers) {
    w.paragraph(`${nameAndTitle(s.name, s.title)} (${s.role})`, { bold: true });
    w.paragraph(`Email: ${s.email}   Signed as: ${s.typedName}`);
    w.paragraph(
      `Request sent: ${s.sentAt}   First viewed: ${s.firstViewedAt ?? 'not recorded'}   Signed: ${s.signedAt}`,
    );
    w.paragraph(`IP address: ${s.ip}   User agent: ${s.userAgent}`);
    w.paragraph(`Signed document SHA-256: ${s.documentSha256}`);
    w.space();
  }
  w.paragraph(`For ${p.organisation}, before the signatures`, { bold: true });
  for (const a of p.acted) w.paragraph(`${a.what}: ${a.by}, ${a.at}`);
  w.space();
  w.paragraph('How to verify', { bold: true });
  w.paragraph(
    `1. Export the bundle: liaison export ${p.agreement.agreementId} (or GET ` +
      `/api/agreements/${p.agreement.agreementId}/bundle).`,
    { size: 9 },
  );
  w.paragraph(
    '2. Run: liaison verify agreement.bundle.json --pdf this-file.pdf. It checks the document hash, every ' +
      "signature record against the audit trail's hash chain, and that this PDF seals the same document " +
      'and signatures.',
    { size: 9 },
  );
  w.paragraph(
    '3. Without the tool: the SHA-256 of the HTML document must equal the hash above, and every signature above ' +
      'must name the same hash.',
    { size: 9 },
  );
  return w.bytes();
}
