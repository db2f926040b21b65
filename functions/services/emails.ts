// Email texts. Every subject names the company; HTML parts escape every value (the template engine).
import { render } from '../lib/templates.js';
import type { OutgoingMail } from '../ports/mailer.js';
import { describeScope } from '../domain/scope-words.js';
import type { Scope } from '../domain/schemas.js';

function mail(
  to: string[],
  subject: string,
  paragraphs: string[],
  link?: { href: string; label: string },
): OutgoingMail {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.href}`] : [])].join('\n\n');
  return { to, subject, text, html: render('email.hbs', { paragraphs, link: link ?? null }) };
}

/**
 * Who gets a message about an onboarding, in groups that each get their own copy: the company's people never share
 * a To line with the organisation's (the countersignatory and the officer), and the other way round.
 */
export function recipientGroups(
  onboarding: { signatories: { email: string }[]; countersignatory: { email: string } },
  officerEmail: string,
  company: boolean,
): string[][] {
  const theirs = company ? [...new Set(onboarding.signatories.map((s) => s.email))] : [];
  const ours = [...new Set([...(company ? [onboarding.countersignatory.email] : []), officerEmail])].filter(
    (email) => !theirs.includes(email),
  );
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
          ? `${p.legalName} is asked to sign a data-sharing agreement with the Organisation. You are listed as a ` +
            `signatory.`
          : `The company signatories of ${p.legalName} have signed. Your countersignature for the Organisation ` +
            `completes the agreement.`,
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

  expiring: (p: { to: string[]; legalName: string; agreementId: string; expiresAt: string; withinDays: number }) =>
    mail(p.to, `Agreement with ${p.legalName} expires within ${p.withinDays} days`, [
      `Agreement ${p.agreementId} with ${p.legalName} expires at ${p.expiresAt}. Renew it to keep data flowing.`,
    ]),

  expired: (p: { to: string[]; legalName: string; agreementId: string; expiresAt: string }) =>
    mail(p.to, `Agreement with ${p.legalName} has expired`, [
      `Agreement ${p.agreementId} with ${p.legalName} expired at ${p.expiresAt}. Access checks now deny every ` +
        `exchange under it.`,
    ]),

  reminder: (p: { to: string; name: string; legalName: string; expiresAt: string; reminder: number }) =>
    mail([p.to], `Reminder: please sign the data-sharing agreement with ${p.legalName}`, [
      `Dear ${p.name},`,
      `Your signature on the data-sharing agreement with ${p.legalName} is still awaited (reminder ${p.reminder}).`,
      `Please use the link in the original email; it expires at ${p.expiresAt}. If you cannot find it, ask the ` +
        `partnership officer to resend it.`,
    ]),

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
