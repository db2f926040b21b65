// The signing pages: the link is the credential; unknown tokens are throttled, real links never are.
import { typedNameProblem } from '../../domain/signers.js';
import { now } from '../../adapters/dependencies.js';
import { failedAttempts } from '../../adapters/dynamodb/failed-attempts.js';
import { SignFormRequest, fieldIssues } from '../../domain/schemas.js';
import { markViewed, openLink, submit, type LinkState } from '../../services/signing.js';
import { GUESS_LIMIT, guessWindow } from '../../domain/throttle.js';
import { linkPages, messagePage, signPage } from '../pages.js';
import { clientOf, formBody } from '../request.js';
import { bytes, html, type Request, type Response } from '../responses.js';

import { type Route, executedCopy } from '../route.js';

/** Opens a signing link; unknown tokens count against the client, and past the limit are answered 429. */
async function guardedOpen(
  request: Request,
  token: string,
): Promise<Exclude<LinkState, { state: 'unknown' }> | { response: Response }> {
  const { ip } = clientOf(request);
  const window = guessWindow(now());
  // a real link always opens, even from an address that guessed before (a shared office or carrier NAT);
  // only unknown tokens are counted and, past the limit, answered 429 instead of 404
  const found = await openLink(token);
  if (found.state !== 'unknown') return found;
  if ((await failedAttempts.count('sign', ip, window.start)) >= GUESS_LIMIT.attempts) {
    return {
      response: html(429, linkPages.throttled(window.endsAt), {
        'retry-after': String(Math.ceil((window.endsAt.getTime() - now().getTime()) / 1000)),
      }),
    };
  }
  await failedAttempts.record('sign', ip, window.start, window.expiresAtEpoch);
  return { response: html(404, linkPages.unknown()) };
}

async function withLink(
  request: Request,
  token: string,
  open: (found: Extract<LinkState, { state: 'open' }>) => Promise<Response>,
) {
  const found = await guardedOpen(request, token);
  if ('response' in found) return found.response;
  if (found.state === 'used')
    return html(
      410,
      linkPages.used(
        found.link,
        found.link.status === 'SIGNED' && (await executedCopy(found.link.agreementId))
          ? `/sign/${token}/executed.pdf`
          : undefined,
      ),
    );
  if (found.state !== 'open') return html(410, linkPages[found.state](found.link));
  return open(found);
}

/** The signing form's fields in the order the page shows them (the error summary lists problems in that order). */
const FORM_ORDER = ['fullName', 'title', 'consent', 'reason'];

export const signingRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sign/{token}',
    summary: 'The signing page (the link is the credential)',
    handle: async (request, _c, { token }) =>
      withLink(request, token, async (found) => {
        await markViewed(found.link);
        return html(200, signPage({ token, ...found }));
      }),
  },
  {
    method: 'POST',
    path: '/sign/{token}',
    summary: 'Sign or decline (form: action, fullName, title, consent, reason)',
    handle: async (request, _c, { token }) =>
      withLink(request, token, async (found) => {
        const form = formBody(request);
        const values = { fullName: form.fullName, title: form.title, reason: form.reason };
        const parsed = SignFormRequest.safeParse(form);
        // a link signs only for the person it was sent to: the typed name must be theirs (nothing is recorded else)
        const mismatch =
          form.action === 'sign' && form.fullName ? typedNameProblem(found.link.signer.name, form.fullName) : undefined;
        const errors = [
          ...(mismatch ? [{ path: 'fullName', message: mismatch }] : []),
          ...(parsed.success ? [] : fieldIssues(parsed.error).filter((i) => !(mismatch && i.path === 'fullName'))),
        ].sort((a, b) => FORM_ORDER.indexOf(a.path) - FORM_ORDER.indexOf(b.path));
        if (!parsed.success || errors.length) return html(400, signPage({ token, ...found, values, errors }));
        const result = await submit(token, parsed.data, clientOf(request));
        if (result.outcome === 'gone') return html(410, linkPages.used({ ...found.link, status: 'SIGNED' }));
        if (result.outcome === 'late') return html(409, linkPages.late());
        if (result.outcome === 'queued') return html(202, linkPages.queued(result.link));
        return html(200, result.outcome === 'signed' ? linkPages.signed(result.link) : linkPages.declined(result.link));
      }),
  },
  {
    method: 'GET',
    path: '/sign/{token}/executed.pdf',
    summary: 'The executed copy, for a signer whose link was used to sign',
    handle: async (request, _c, { token }) => {
      const found = await guardedOpen(request, token);
      if ('response' in found) return found.response;
      const pdf =
        found.state === 'used' && found.link.status === 'SIGNED'
          ? await executedCopy(found.link.agreementId)
          : undefined;
      if (!pdf)
        return html(
          404,
          messagePage('No executed copy yet', [
            'The executed copy exists once everyone has signed; it is also emailed to every signer.',
          ]),
        );
      return bytes(200, pdf, 'application/pdf', {
        'content-disposition': 'attachment; filename="executed-agreement.pdf"',
        'cache-control': 'no-store',
      });
    },
  },
];
