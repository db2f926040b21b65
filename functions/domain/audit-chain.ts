// The agreement's audit trail as a hash chain, and offline verification of an exported bundle.
// Each event carries the hash of the one before it, so changing, removing or reordering any event
// breaks every hash after it; signatures and the document are sealed into the chain by their hashes.
import { createHash } from 'node:crypto';
import type { AgreementRecord, SignatureRecord } from './records.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  seq: number;
  at: string;
  event: string;
  detail: string;
  data?: Record<string, string>;
  prevHash: string;
  hash: string;
}

const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

/** JSON with sorted keys, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function eventHash(event: Omit<AuditEvent, 'hash'>): string {
  return sha256(
    `${event.prevHash}\n${canonicalJson({
      seq: event.seq,
      at: event.at,
      event: event.event,
      detail: event.detail,
      data: event.data,
    })}`,
  );
}

export function nextEvent(
  previous: Pick<AuditEvent, 'seq' | 'hash'> | undefined,
  entry: { at: string; event: string; detail: string; data?: Record<string, string> },
): AuditEvent {
  const unsealed = { ...entry, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unsealed, hash: eventHash(unsealed) };
}

/** What a signature commits to: every field of its record. */
export const signatureDigest = (signature: SignatureRecord) => sha256(canonicalJson(signature));

export interface Bundle {
  format: 'liaison-agreement-bundle/1';
  exportedAt: string;
  agreement: AgreementRecord;
  document: string;
  auditEvents: AuditEvent[];
}

/** What the executed PDF seals, read back from its metadata. */
export interface PdfSeal {
  documentSha256: string;
  signatureDigests: string[];
}

export interface Verification {
  ok: boolean;
  passed: string[];
  problems: string[];
}

export function verifyBundle(bundle: Bundle, pdf?: PdfSeal): Verification {
  const passed: string[] = [];
  const problems: string[] = [];
  const { agreement, auditEvents } = bundle;

  // 1. the chain: every event hashes to what it says and points at the one before
  let previousHash = GENESIS_HASH;
  let chainIntact = true;
  auditEvents.forEach((event, i) => {
    const where = `audit event #${event.seq} (${event.event})`;
    if (event.seq !== i + 1) {
      problems.push(`${where}: expected sequence number ${i + 1} (an event was removed or reordered)`);
      chainIntact = false;
    }
    if (event.prevHash !== previousHash) {
      problems.push(`${where}: does not follow the event before it (prevHash differs)`);
      chainIntact = false;
    }
    if (eventHash(event) !== event.hash) {
      problems.push(`${where}: its contents were changed (hash mismatch)`);
      chainIntact = false;
    }
    previousHash = event.hash;
  });
  if (chainIntact)
    passed.push(`audit trail: ${auditEvents.length} events, hash chain intact (head ${previousHash.slice(0, 16)}…)`);

  // 2. the document: its bytes hash to the recorded documentSha256, which the chain sealed when it was generated
  const documentHash = sha256(bundle.document);
  if (documentHash !== agreement.documentSha256)
    problems.push(
      `document: its SHA-256 is ${documentHash} but the agreement records ${agreement.documentSha256} (the ` +
        `document was changed)`,
    );
  else passed.push(`document: SHA-256 ${documentHash} matches the agreement`);
  const generated = auditEvents.find((e) => e.event === 'AGREEMENT_GENERATED');
  if (!generated?.data?.documentSha256)
    problems.push('audit trail: no AGREEMENT_GENERATED event seals the document hash');
  else if (generated.data.documentSha256 !== agreement.documentSha256)
    problems.push(`agreement record: documentSha256 differs from the one sealed in audit event #${generated.seq}`);

  // 3. signatures: each signed this document and is sealed, field for field, by its SIGNED event
  agreement.signatures.forEach((signature, i) => {
    const who = `signature ${i + 1} (${signature.email})`;
    if (signature.documentSha256 !== agreement.documentSha256)
      problems.push(
        `${who}: signed document ${signature.documentSha256}, not this agreement's ${agreement.documentSha256}`,
      );
    const sealed = auditEvents.find((e) => e.event === 'SIGNED' && e.data?.signerId === signature.signerId);
    if (!sealed) problems.push(`${who}: no SIGNED audit event seals it`);
    else if (sealed.data?.signatureSha256 !== signatureDigest(signature))
      problems.push(`${who}: the record differs from the one sealed in audit event #${sealed.seq}`);
    else passed.push(`${who}: signed the document, sealed in audit event #${sealed.seq}`);
  });
  const sealedSigners = auditEvents.filter((e) => e.event === 'SIGNED').map((e) => e.data?.signerId);
  for (const signerId of sealedSigners) {
    if (!agreement.signatures.some((s) => s.signerId === signerId))
      problems.push(`signatures: signer ${signerId} signed according to the audit trail but the record is missing`);
  }

  // 4. the executed PDF the parties hold: it sealed the document and signatures when it was produced
  if (pdf) {
    if (pdf.documentSha256 !== documentHash)
      problems.push(`pdf: seals document ${pdf.documentSha256}, the bundle's document hashes to ${documentHash}`);
    const digests = agreement.signatures.map(signatureDigest);
    if (canonicalJson(pdf.signatureDigests) !== canonicalJson(digests))
      problems.push("pdf: the signatures it seals differ from the bundle's signature records");
    if (pdf.documentSha256 === documentHash && canonicalJson(pdf.signatureDigests) === canonicalJson(digests))
      passed.push('pdf: seals the same document and signatures');
  }
  return { ok: problems.length === 0, passed, problems };
}

const SEAL_PREFIX = 'liaison-seal:';
export const pdfSealKeywords = (seal: PdfSeal) => `${SEAL_PREFIX}${canonicalJson(seal)}`;
export function readPdfSeal(keywords: string | undefined): PdfSeal | undefined {
  const at = keywords?.indexOf(SEAL_PREFIX) ?? -1;
  if (!keywords || at < 0) return undefined;
  try {
    return JSON.parse(keywords.slice(at + SEAL_PREFIX.length));
  } catch {
    return undefined;
  }
}
