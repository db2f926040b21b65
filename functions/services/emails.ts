// Email texts. Every subject names the company; HTML parts escape every value (the template engine).
import { renderEmail } from '../lib/templates.js';
import type { OutgoingMail } from '../ports/mailer.js';
import { describeScope } from '../domain/scope-words.js';
import type { Scope } from '../domain/schemas.js';
import { settings } from '../adapters/config.js';

/** The organisation as every email names it (deploy setting organisationName). */
const organisationName = () => settings().organisationName;

function mail(
  to: string[],
  subject: string,
  paragraphs: string[],
  link?: { href: string; label: string },
): OutgoingMail {
  const organisation = organisationName();
  const text = [
    ...paragraphs,
    ...(link ? [`${link.label}: ${link.href}`] : []),
    `Sent by ${organisation} through Liaison.`,
  ].join('\n\n');
  return { to, subject, text, html: renderEmail({ subject, paragraphs, link: link ?? null, organisation }) };
}

type Parties = { signatories: { email: string }[]; countersignatory: { email: string } };

/** The company's people (its signatories) and the organisation's (the countersignatory and the officer). */
export function partiesOf(onboarding: Parties, officerEmail: string, company = true) {
  const theirs = company ? [...new Set(onboarding.signatories.map((s) => s.email))] : [];
  const ours = [...new Set([...(company ? [onboarding.countersignatory.email] : []), officerEmail])].filter(
    (email) => !theirs.includes(email),
  );
  return { theirs, ours };
}

/**
 * Who gets a message about an onboarding, in groups that each get their own copy: the company's people never share
 * a To line with the organisation's, and the other way round.
 */
export function recipientGroups(onboarding: Parties, officerEmail: string, company: boolean): string[][] {
  const { theirs, ours } = partiesOf(onboarding, officerEmail, company);
  return [theirs, ours].filter((group) => group.length > 0);
}

export const emails = {
  signatureRequest: (p: {
    to: string;
    name: string;
    legalName: string;
    link: string;
    expiresAt: string;
    scope: Scope;
    role: 'company' | 'countersignatory';
    reminder?: number;
  }) =>
    mail(
      [p.to],
      `${p.reminder ? 'Reminder: ' : ''}Please sign: data-sharing agreement with ${p.legalName}`,
      [
        `Dear ${p.name},`,
        p.role === 'company'
          ? `${p.legalName} is asked to sign a data-sharing agreement with ${organisationName()}. You are listed ` +
            `as a signatory.`
          : `The company signatories of ${p.legalName} have signed. Your countersignature for ` +
            `${organisationName()} completes the agreement.`,
        ...describeScope(p.scope),
        `This link is personal to you, works once, and expires at ${p.expiresAt}. Do not forward it.`,
      ],
      { href: p.link, label: 'Read and sign the agreement' },
    ),

  reviewRequest: (p: { to: string; legalName: string; onboardingId: string; link: string; findings: string[] }) =>
    mail(
      [p.to],
      `Review needed: onboarding of ${p.legalName}`,
      [
        `Vetting of ${p.legalName} (onboarding ${p.onboardingId}) needs a human decision.`,
        ...p.findings.map((f) => `Finding: ${f}`),
        'Approve or reject it, with a reason, in the console.',
      ],
      { href: p.link, label: 'Open the review' },
    ),

  dataProtectionRequest: (p: {
    to: string;
    legalName: string;
    onboardingId: string;
    link: string;
    scope: Scope;
    country: string;
  }) =>
    mail(
      [p.to],
      `Data-protection approval needed: agreement with ${p.legalName}`,
      [
        `The data-sharing agreement with ${p.legalName} (${p.country}, onboarding ${p.onboardingId}) shares ` +
          `personal data. No signature request goes out until you approve it.`,
        ...describeScope(p.scope),
        'Approve or reject it, with a reason, in the console.',
      ],
      { href: p.link, label: 'Open the approval' },
    ),

  outcome: (p: { to: string[]; legalName: string; onboardingId: string; status: string; reason: string }) =>
    mail(p.to, `Onboarding of ${p.legalName}: ${p.status.toLowerCase().replace(/_/g, ' ')}`, [
      `The onboarding of ${p.legalName} (${p.onboardingId}) ended as ${p.status}.`,
      p.reason,
    ]),

  activated: (p: {
    to: string[];
    legalName: string;
    agreementId: string;
    expiresAt: string;
    documentSha256: string;
    pdf: Uint8Array;
  }) => ({
    ...mail(p.to, `Agreement with ${p.legalName} is now in force`, [
      `Everyone has signed. Agreement ${p.agreementId} with ${p.legalName} is in force until ${p.expiresAt}.`,
      `The executed copy is attached. SHA-256 of the signed document: ${p.documentSha256}.`,
    ]),
    attachments: [{ filename: `agreement-${p.agreementId}.pdf`, content: p.pdf, contentType: 'application/pdf' }],
  }),

  /** To the company: the organisation's people hear of it in their daily digest (expiryDigest). */
  expiring: (p: { to: string[]; legalName: string; agreementId: string; expiresAt: string; withinDays: number }) =>
    mail(p.to, `Agreement with ${p.legalName} expires within ${p.withinDays} days`, [
      `The data-sharing agreement ${p.agreementId} between ${organisationName()} and ${p.legalName} expires at ` +
        `${p.expiresAt}. After that, no data may be exchanged under it.`,
      `If the cooperation should continue, ${organisationName()} will send a renewed agreement to sign.`,
    ]),

  expired: (p: { to: string[]; legalName: string; agreementId: string; expiresAt: string }) =>
    mail(p.to, `Agreement with ${p.legalName} has expired`, [
      `The data-sharing agreement ${p.agreementId} between ${organisationName()} and ${p.legalName} expired at ` +
        `${p.expiresAt}. No data may be exchanged under it any more.`,
    ]),

  /** The organisation's one message a day about the agreements the daily job warned of or expired. */
  expiryDigest: (p: {
    to: string;
    asOf: string;
    entries: { legalName: string; agreementId: string; expiresAt: string; withinDays?: number }[];
    consoleLink?: string;
  }) =>
    mail(
      [p.to],
      `Agreements nearing expiry or expired: ${p.entries.length} (daily digest, ${p.asOf.slice(0, 10)})`,
      [
        `The daily job of ${p.asOf} warned of or expired these data-sharing agreements of ${organisationName()}:`,
        ...p.entries.map((e) =>
          e.withinDays === undefined
            ? `${e.legalName} (${e.agreementId}): expired at ${e.expiresAt}; no data may be exchanged under it.`
            : `${e.legalName} (${e.agreementId}): expires within ${e.withinDays} days, at ${e.expiresAt}.`,
        ),
        'Renew an agreement to keep data flowing: the renewal goes through vetting and signatures again.',
      ],
      p.consoleLink ? { href: p.consoleLink, label: 'Open the agreements expiring soon' } : undefined,
    ),

  statusChanged: (p: {
    to: string[];
    legalName: string;
    agreementId: string;
    status: 'SUSPENDED' | 'ACTIVE' | 'REVOKED';
    reason: string;
    expiresAt?: string;
  }) => {
    const what = { SUSPENDED: 'suspended', ACTIVE: 'reinstated', REVOKED: 'revoked' }[p.status];
    const effect = {
      SUSPENDED: 'Until it is reinstated, no data may be exchanged under it.',
      ACTIVE: `It is in force again${p.expiresAt ? ` until ${p.expiresAt}` : ''}.`,
      REVOKED: 'It has ended: no data may be exchanged under it any more.',
    }[p.status];
    return mail(p.to, `Agreement with ${p.legalName} ${what}`, [
      `${organisationName()} has ${what} the data-sharing agreement ${p.agreementId} with ${p.legalName}. ${effect}`,
      `Reason: ${p.reason}`,
    ]);
  },

  suspended: (p: { to: string[]; legalName: string; agreementId: string; findings: string[] }) =>
    mail(p.to, `Agreement with ${p.legalName} suspended: new sanctions hit`, [
      `Re-screening against the updated sanctions list found ${p.legalName} or a person of it. Agreement ` +
        `${p.agreementId} is suspended: access checks deny every exchange until you review it.`,
      ...p.findings.map((f) => `Finding: ${f}`),
      'Reinstate it if the hit is a false alarm, or revoke it.',
    ]),

  declined: (p: { to: string[]; legalName: string; who: string; reason: string }) =>
    mail(p.to, `Agreement with ${p.legalName} was declined`, [
      `${p.who} declined to sign the data-sharing agreement with ${p.legalName}.`,
      `Reason given: ${p.reason}`,
      'No further signatures are needed; any link you still hold no longer works.',
    ]),
};
