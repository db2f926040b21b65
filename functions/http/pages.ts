// Server-rendered pages for signers: no JavaScript needed, every value escaped by the template engine.
import { settings } from '../adapters/config.js';
import { renderMessage, renderPage, renderSignPage, renderUsedLink } from '../lib/templates.js';
import { describeScope } from '../domain/scope-words.js';
import type { AgreementRecord, LinkRecord, OnboardingRecord } from '../domain/records.js';

const page = (title: string, content: string) => renderPage({ title, content });

/** The signing form's fields, as the error summary names them. */
const FIELD_LABELS: Record<string, string> = {
  fullName: 'Your full name',
  title: 'Your title',
  consent: 'Your consent',
  reason: 'Why you decline',
};

export function signPage(p: {
  token: string;
  link: LinkRecord;
  agreement: AgreementRecord;
  onboarding: OnboardingRecord;
  documentHtml: string;
  errors?: { path: string; message: string }[];
  /** What the signer typed, shown again with the errors. */
  values?: { fullName?: string; title?: string; reason?: string };
}) {
  const signedAt = new Map(p.agreement.signatures.map((s) => [s.signerId, s.signedAt]));
  const signers = [
    ...p.onboarding.signatories.map((s, i) => ({
      name: s.name,
      role: 'company',
      signedAt: signedAt.get(`company-${i}`) ?? null,
    })),
    {
      name: p.onboarding.countersignatory.name,
      role: 'Organisation',
      signedAt: signedAt.get('countersignatory') ?? null,
    },
  ];
  const body = p.documentHtml.match(/<body[^>]*>([\s\S]*)<\/body>/i)?.[1] ?? ''; // our own rendered, escaped document
  // the clauses get anchors in the copy shown here (the signed document is not changed), for the table of contents
  const contents: { id: string; title: string }[] = [];
  const shown = body.replace(/<h2>([\s\S]*?)<\/h2>/g, (_whole, title: string) => {
    const id = `clause-${contents.length + 1}`;
    contents.push({ id, title });
    return `<h2 id="${id}">${title}</h2>`;
  });
  const errors = (p.errors ?? []).map((e) => ({
    ...e,
    field: FIELD_LABELS[e.path] ? e.path : 'sign-h',
    label: FIELD_LABELS[e.path] ?? 'Your answer',
  }));
  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message ?? null;
  return page(
    `${errors.length ? 'Error: ' : ''}Sign: ${p.link.legalName}`,
    renderSignPage({
      token: p.token,
      legalName: p.link.legalName,
      signerName: p.link.signer.name,
      signerTitle: p.link.signer.title,
      isCountersignatory: p.link.role === 'countersignatory',
      organisation: settings().organisationName,
      expiresAt: p.link.expiresAt,
      scopeWords: describeScope(p.agreement.scope),
      signers,
      documentSha256: p.agreement.documentSha256,
      agreementBody: shown,
      contents,
      errors,
      fieldErrors: {
        fullName: fieldError('fullName'),
        title: fieldError('title'),
        consent: fieldError('consent'),
        reason: fieldError('reason'),
      },
      values: {
        fullName: p.values?.fullName ?? p.link.signer.name,
        title: p.values?.title ?? p.link.signer.title,
        reason: p.values?.reason ?? '',
      },
    }),
  );
}

export function messagePage(title: string, paragraphs: string[]) {
  return page(
    title,
    renderMessage({
      title,
      paragraphs,
    }),
  );
}

export const linkPages = {
  unknown: () =>
    messagePage('This signing link is not valid', [
      'The link may be mistyped or incomplete. Nothing was recorded.',
      'Open the link again from the email you received, or ask the partnership officer who contacted you to resend it.',
    ]),
  used: (link: LinkRecord, executedCopy?: string) =>
    page(
      'This link has already been used',
      renderUsedLink({
        what:
          `A ${link.status === 'SIGNED' ? 'signature' : 'decision to decline'} was already recorded with this ` +
          `link${link.usedAt ? ` at ${link.usedAt}` : ''}. Each link works once; nothing new was recorded.`,
        executedCopy: executedCopy ?? null,
      }),
    ),
  expired: (link: LinkRecord) =>
    messagePage('This signing link has expired', [
      `The link expired at ${link.expiresAt}. Nothing was recorded.`,
      'Ask the partnership officer to send you a new link.',
    ]),
  withdrawn: () =>
    messagePage('This signing request was withdrawn', [
      'This link no longer works. Nothing was recorded.',
      'If you are still asked to sign, a newer link was emailed to you (a reminder or a new request): use the ' +
        'newest email. Otherwise signing ended or was handed to someone else; contact the partnership officer if ' +
        'you have questions.',
    ]),
  late: () =>
    messagePage('Your answer arrived too late', [
      'Your answer was recorded, but the onboarding had already stopped waiting for it (it ended or timed out).',
      'The partnership officer has been told and will contact you.',
    ]),
  queued: (link: LinkRecord) =>
    messagePage('Your answer is recorded', [
      `Your answer on the agreement with ${link.legalName} is stored. Passing it on to the onboarding took longer ` +
        `than expected; it is retried automatically and nothing is needed from you.`,
    ]),
  throttled: (retryAt: Date) =>
    messagePage('Too many attempts', [
      `Too many unknown signing links were tried from your network. Please wait until ${retryAt.toISOString()} and ` +
        `open the link from your email again.`,
    ]),
  signed: (link: LinkRecord) =>
    messagePage('Thank you: your signature is recorded', [
      `You signed the data-sharing agreement with ${link.legalName}. Document SHA-256: ${link.documentSha256}.`,
      'When everyone has signed, you will receive the executed copy by email.',
    ]),
  declined: (link: LinkRecord) =>
    messagePage('You declined to sign', [
      `Your decision and reason are recorded. The partnership officer and the other signers of the agreement with ` +
        `${link.legalName} are told.`,
    ]),
};
