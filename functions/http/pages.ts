// Server-rendered pages for signers: no JavaScript needed, every value escaped by Mustache.
import Mustache from 'mustache';
import { describeScope } from '../domain/scope-words.js';
import type { AgreementRecord, LinkRecord, OnboardingRecord } from '../domain/records.js';

export const STYLESHEET = `
:root{color-scheme:light;--ink:#111827;--muted:#4b5563;--line:#d1d5db;--accent:#1d4ed8;--bad:#b91c1c;--ok:#047857}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f9fafb}
header.bar{background:#0f172a;color:#fff;padding:.75rem 1rem}header.bar strong{font-size:1.05rem}
main{max-width:52rem;margin:0 auto;padding:1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.agreement{max-height:28rem;overflow:auto;border:1px solid var(--line);padding:0 1rem;background:#fff}
label{display:block;font-weight:600;margin-top:.75rem}input[type=text],textarea,select{width:100%;padding:.55rem;border:1px solid #9ca3af;border-radius:4px;font:inherit}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
button{margin-top:1rem;padding:.65rem 1.2rem;border:0;border-radius:4px;background:var(--accent);color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:var(--bad);border:1px solid var(--bad)}
.error{color:var(--bad)}.ok{color:var(--ok)}.muted{color:var(--muted);font-size:.9rem}
ul.signers{padding-left:1.2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:.4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
code{word-break:break-all}
nav.top{display:inline;margin-left:1rem}nav.top a{color:#fff}pre.mail{white-space:pre-wrap}
@media (max-width:30rem){main{padding:.5rem}.card{padding:.75rem}}
`;

const layout = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{title}} · Liaison</title><link rel="stylesheet" href="/assets/liaison.css"></head>
<body><header class="bar"><strong>Liaison</strong> · data-sharing agreements</header><main>{{{content}}}</main></body></html>`;

const page = (title: string, content: string) => Mustache.render(layout, { title, content });

const signTemplate = `
<h1>Data-sharing agreement with {{legalName}}</h1>
<p>Hello {{signerName}}. You are asked to sign {{#isCountersignatory}}for the Organisation{{/isCountersignatory}}{{^isCountersignatory}}for {{legalName}}{{/isCountersignatory}}. Read the agreement, then sign or decline below. This link works once and expires at {{expiresAt}}.</p>
<section class="card" aria-labelledby="scope-h"><h2 id="scope-h">What this agreement allows, in plain words</h2><ul>{{#scopeWords}}<li>{{.}}</li>{{/scopeWords}}</ul></section>
<section class="card" aria-labelledby="signers-h"><h2 id="signers-h">Signatures</h2><ul class="signers">{{#signers}}<li>{{name}} ({{role}}): {{#signedAt}}<span class="ok">signed {{signedAt}}</span>{{/signedAt}}{{^signedAt}}waiting{{/signedAt}}</li>{{/signers}}</ul></section>
<section class="card" aria-labelledby="doc-h"><h2 id="doc-h">The agreement</h2><p class="muted">Document SHA-256: <code>{{documentSha256}}</code></p><div class="agreement" tabindex="0" role="region" aria-label="Agreement text">{{{agreementBody}}}</div></section>
{{#errors.length}}<div class="card error" role="alert"><strong>Please correct:</strong><ul>{{#errors}}<li>{{path}}: {{message}}</li>{{/errors}}</ul></div>{{/errors.length}}
<form class="card" method="post" action="/sign/{{token}}" aria-labelledby="sign-h"><h2 id="sign-h">Sign</h2>
<input type="hidden" name="action" value="sign">
<label for="fullName">Type your full name as your signature</label><input type="text" id="fullName" name="fullName" autocomplete="name" required maxlength="200" value="{{signerName}}">
<label for="title">Your title</label><input type="text" id="title" name="title" required maxlength="120" value="{{signerTitle}}">
<label class="check" for="consent"><input type="checkbox" id="consent" name="consent" value="yes" required> I have read the agreement, I am authorised to sign it, and I agree that typing my name is my electronic signature.</label>
<button type="submit">Sign the agreement</button></form>
<form class="card" method="post" action="/sign/{{token}}" aria-labelledby="decline-h"><h2 id="decline-h">Decline</h2>
<input type="hidden" name="action" value="decline">
<label for="reason">Why do you decline? (shared with the partnership officer)</label><textarea id="reason" name="reason" required maxlength="2000" rows="3"></textarea>
<button type="submit" class="secondary">Decline to sign</button></form>`;

export function signPage(p: {
  token: string;
  link: LinkRecord;
  agreement: AgreementRecord;
  onboarding: OnboardingRecord;
  documentHtml: string;
  errors?: { path: string; message: string }[];
}) {
  const signedAt = new Map(p.agreement.signatures.map((s) => [s.signerId, s.signedAt]));
  const signers = [
    ...p.onboarding.signatories.map((s, i) => ({
      name: s.name,
      role: 'company',
      signedAt: signedAt.get(`company-${i}`),
    })),
    { name: p.onboarding.countersignatory.name, role: 'Organisation', signedAt: signedAt.get('countersignatory') },
  ];
  const body = p.documentHtml.match(/<body[^>]*>([\s\S]*)<\/body>/i)?.[1] ?? ''; // our own rendered, escaped document
  return page(
    `Sign: ${p.link.legalName}`,
    Mustache.render(signTemplate, {
      token: p.token,
      legalName: p.link.legalName,
      signerName: p.link.signer.name,
      signerTitle: p.link.signer.title,
      isCountersignatory: p.link.role === 'countersignatory',
      expiresAt: p.link.expiresAt,
      scopeWords: describeScope(p.agreement.scope),
      signers,
      documentSha256: p.agreement.documentSha256,
      agreementBody: body,
      errors: p.errors ?? [],
    }),
  );
}

export function messagePage(title: string, paragraphs: string[]) {
  return page(
    title,
    Mustache.render('<div class="card"><h1>{{title}}</h1>{{#paragraphs}}<p>{{.}}</p>{{/paragraphs}}</div>', {
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
      Mustache.render(
        '<div class="card"><h1>This link has already been used</h1><p>{{what}}</p>{{#executedCopy}}<p>Everyone has signed. <a href="{{executedCopy}}">Download the executed copy (PDF)</a>.</p>{{/executedCopy}}<p>If you believe this is wrong, contact the partnership officer.</p></div>',
        {
          what: `A ${link.status === 'SIGNED' ? 'signature' : 'decision to decline'} was already recorded with this link${link.usedAt ? ` at ${link.usedAt}` : ''}. Each link works once; nothing new was recorded.`,
          executedCopy,
        },
      ),
    ),
  expired: (link: LinkRecord) =>
    messagePage('This signing link has expired', [
      `The link expired at ${link.expiresAt}. Nothing was recorded.`,
      'Ask the partnership officer to send you a new link.',
    ]),
  withdrawn: () =>
    messagePage('This signing request was withdrawn', [
      'The agreement is no longer waiting for this signature (another link replaced it, or signing ended). Nothing was recorded.',
      'Contact the partnership officer if you have questions.',
    ]),
  late: () =>
    messagePage('Your answer arrived too late', [
      'Your answer was recorded, but the onboarding had already stopped waiting for it (it ended or timed out).',
      'The partnership officer has been told and will contact you.',
    ]),
  queued: (link: LinkRecord) =>
    messagePage('Your answer is recorded', [
      `Your answer on the agreement with ${link.legalName} is stored. Passing it on to the onboarding took longer than expected; it is retried automatically and nothing is needed from you.`,
    ]),
  throttled: (retryAt: Date) =>
    messagePage('Too many attempts', [
      `Too many unknown signing links were tried from your network. Please wait until ${retryAt.toISOString()} and open the link from your email again.`,
    ]),
  signed: (link: LinkRecord) =>
    messagePage('Thank you: your signature is recorded', [
      `You signed the data-sharing agreement with ${link.legalName}. Document SHA-256: ${link.documentSha256}.`,
      'When everyone has signed, you will receive the executed copy by email.',
    ]),
  declined: (link: LinkRecord) =>
    messagePage('You declined to sign', [
      `Your decision and reason are recorded. The partnership officer and the other signers of the agreement with ${link.legalName} are told.`,
    ]),
};
