// The API's routes: one table drives the router, the role checks and the OpenAPI document.
import type { z } from 'zod';
import { templateIds } from '../../agreements/index.js';
import { deps } from '../adapters/dependencies.js';
import { documentKeys } from '../adapters/documents.js';
import { screeningIndex } from '../adapters/screening-source.js';
import { decideAccess } from '../domain/access.js';
import {
  AccessCheckRequest,
  ExpirySweepRequest,
  ListAgreementsQuery,
  ListOnboardingsQuery,
  ReasonRequest,
  ReviewRequest,
  type Role,
  ScreeningRequest,
  SignFormRequest,
  StartOnboardingRequest,
  fieldIssues,
} from '../domain/schemas.js';
import { DAY_MS } from '../domain/time.js';
import type { Bundle } from '../domain/audit-chain.js';
import { changeAgreementStatus, presentAgreement, renewAgreement } from '../services/agreements.js';
import { expirySweep } from '../services/jobs.js';
import { startOnboarding } from '../services/onboarding.js';
import { presentOnboarding } from '../services/presentation.js';
import { markViewed, openLink, resendSignature, restartSigning, submit, type LinkState } from '../services/signing.js';
import { GUESS_LIMIT, guessWindow } from '../domain/throttle.js';
import { decideReview } from '../services/vetting.js';
import type { Caller } from './auth.js';
import { openApiDocument } from './openapi.js';
import { linkPages, messagePage, signPage, STYLESHEET } from './pages.js';
import { CONSOLE_HTML, CONSOLE_JS } from './console.js';
import { clientOf, formBody, header, jsonBody, query } from './request.js';
import { bytes, html, json, type Request, type Response } from './responses.js';
import { count, logger } from '../lib/telemetry.js';
import { LiaisonError, notFound } from '../domain/errors.js';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  roles?: readonly Role[];
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  handle: (request: Request, caller: Caller | undefined, params: Record<string, string>) => Promise<Response>;
}

const OFFICER = ['officer'] as const;
const READERS = ['officer', 'approver', 'auditor'] as const;

async function onboardingOr404(id: string) {
  const onboarding = await deps().store.getOnboarding(id);
  if (!onboarding) throw notFound(`onboarding ${id}`);
  return onboarding;
}
async function agreementOr404(id: string) {
  const agreement = await deps().store.getAgreement(id);
  if (!agreement) throw notFound(`agreement ${id}`);
  return agreement;
}
function idempotencyKey(request: Request) {
  const key = header(request, 'idempotency-key');
  if (key !== undefined && !/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
    throw new LiaisonError('ValidationError', 'the request is invalid: see issues', [
      { path: 'Idempotency-Key', message: 'must be 8-128 letters, digits or _.:-' },
    ]);
  }
  return key;
}
/** Opens a signing link; unknown tokens count against the client, and past the limit are answered 429. */
async function guardedOpen(
  request: Request,
  token: string,
): Promise<Exclude<LinkState, { state: 'unknown' }> | { response: Response }> {
  const { store, now } = deps();
  const { ip } = clientOf(request);
  const window = guessWindow(now());
  // a real link always opens, even from an address that guessed before (a shared office or carrier NAT);
  // only unknown tokens are counted and, past the limit, answered 429 instead of 404
  const found = await openLink(token);
  if (found.state !== 'unknown') return found;
  if ((await store.failures('sign', ip, window.start)) >= GUESS_LIMIT.attempts) {
    return {
      response: html(429, linkPages.throttled(window.endsAt), {
        'retry-after': String(Math.ceil((window.endsAt.getTime() - now().getTime()) / 1000)),
      }),
    };
  }
  await store.countFailure('sign', ip, window.start, window.expiresAtEpoch);
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

async function executedCopy(agreementId: string) {
  const agreement = await deps().store.getAgreement(agreementId);
  return agreement?.pdfKey ? deps().documents.get(agreement.pdfKey) : undefined;
}

function statusChange(action: 'revoke' | 'suspend' | 'reinstate'): Route {
  return {
    method: 'POST',
    path: `/api/agreements/{id}/${action}`,
    roles: OFFICER,
    summary: `${action[0].toUpperCase()}${action.slice(1)} an agreement (reason required)`,
    body: ReasonRequest,
    handle: async (request, caller, { id }) => {
      const { reason } = jsonBody(request, ReasonRequest);
      const updated = await changeAgreementStatus(id, action, reason, caller!.id);
      return json(200, presentAgreement(updated));
    },
  };
}

export const routes: Route[] = [
  { method: 'GET', path: '/health', summary: 'Liveness', handle: async () => json(200, { status: 'ok' }) },
  {
    method: 'GET',
    path: '/',
    summary: 'The console',
    handle: async () => ({ statusCode: 302, headers: { location: '/console' } }),
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API, as OpenAPI 3.1',
    handle: async () => json(200, openApiDocument(routes)),
  },

  {
    method: 'POST',
    path: '/api/onboardings',
    roles: OFFICER,
    summary: 'Start an onboarding',
    body: StartOnboardingRequest,
    handle: async (request, caller) => {
      const body = jsonBody(request, StartOnboardingRequest);
      if (!templateIds().includes(body.templateId)) {
        throw new LiaisonError('ValidationError', 'the request is invalid: see issues', [
          {
            path: 'templateId',
            message: `no published template "${body.templateId}"; published: ${templateIds().join(', ')}`,
          },
        ]);
      }
      return json(202, await startOnboarding(body, caller!.id, { idempotencyKey: idempotencyKey(request) }));
    },
  },
  {
    method: 'GET',
    path: '/api/onboardings',
    roles: READERS,
    summary: 'List onboardings, newest first',
    query: ListOnboardingsQuery,
    handle: async (request) => {
      const q = query(request, ListOnboardingsQuery);
      const page = await deps().store.listOnboardings(q.status, q.limit, q.nextToken);
      return json(200, { items: await Promise.all(page.items.map(presentOnboarding)), nextToken: page.nextToken });
    },
  },
  {
    method: 'GET',
    path: '/api/onboardings/{id}',
    roles: READERS,
    summary: 'One onboarding with vetting, agreement and history',
    handle: async (_r, _c, { id }) => json(200, await presentOnboarding(await onboardingOr404(id))),
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/review',
    roles: ['approver'],
    summary: 'Decide the pending approver gate',
    body: ReviewRequest,
    handle: async (request, caller, { id }) => {
      const { decision, reason } = jsonBody(request, ReviewRequest);
      const decided = await decideReview(id, decision, reason, caller!.id);
      // 202: the decision is kept, and passed on to the workflow by the redelivery job
      return json(decided.delivery === 'queued' ? 202 : 200, await presentOnboarding(decided.onboarding));
    },
  },

  {
    method: 'POST',
    path: '/api/onboardings/{id}/signers/{signerId}/resend',
    roles: OFFICER,
    summary: 'Send a signer a new link (new expiry); the old link stops working',
    handle: async (_r, caller, { id, signerId }) => {
      const updated = await resendSignature(id, signerId, caller!.id);
      return json(202, await presentOnboarding(updated));
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/restart-signing',
    roles: OFFICER,
    summary: 'After SIGNATURE_EXPIRED: ask again for the missing signatures',
    handle: async (_r, caller, { id }) => {
      const updated = await restartSigning(id, caller!.id);
      return json(202, await presentOnboarding(updated));
    },
  },
  {
    method: 'GET',
    path: '/api/agreements',
    roles: READERS,
    summary: 'List agreements (status, expiringWithinDays)',
    query: ListAgreementsQuery,
    handle: async (request) => {
      const q = query(request, ListAgreementsQuery);
      const { store, now } = deps();
      if (q.expiringWithinDays !== undefined) {
        // answered from the sparse expiry index: active agreements due within the window
        const until = new Date(now().getTime() + q.expiringWithinDays * DAY_MS).toISOString();
        const due = (await store.agreementsDueBy(until)).filter((a) => !q.status || a.status === q.status);
        return json(200, { items: due.map(presentAgreement), nextToken: null });
      }
      const page = await store.listAgreements(q.status, q.limit, q.nextToken);
      return json(200, { items: page.items.map(presentAgreement), nextToken: page.nextToken });
    },
  },
  {
    method: 'GET',
    path: '/api/agreements/{id}',
    roles: READERS,
    summary: 'One agreement',
    handle: async (_r, _c, { id }) =>
      json(200, { ...presentAgreement(await agreementOr404(id)), history: await deps().store.auditTrail(id) }),
  },
  {
    method: 'GET',
    path: '/api/agreements/{id}/document',
    roles: READERS,
    summary: 'The agreement HTML, byte for byte as signed',
    handle: async (_r, _c, { id }) => {
      const agreement = await agreementOr404(id);
      const document = await deps().documents.get(agreement.documentKey);
      if (!document) throw notFound(`document of agreement ${id}`);
      // the document's own inline style is allowed; nothing else (no scripts)
      return bytes(200, document, 'text/html; charset=utf-8', {
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'x-document-sha256': agreement.documentSha256,
      });
    },
  },
  {
    method: 'GET',
    path: '/api/agreements/{id}/pdf',
    roles: READERS,
    summary: 'The executed PDF with its certificate of completion',
    handle: async (_r, _c, { id }) => {
      const agreement = await agreementOr404(id);
      const pdf = await deps().documents.get(agreement.pdfKey ?? documentKeys.agreementPdf(id));
      if (!pdf)
        throw new LiaisonError(
          'Conflict',
          `agreement ${id} is ${agreement.status}: the executed PDF exists once everyone has signed`,
        );
      return bytes(200, pdf, 'application/pdf', {
        'content-disposition': `attachment; filename="agreement-${id}.pdf"`,
      });
    },
  },
  {
    method: 'GET',
    path: '/api/agreements/{id}/bundle',
    roles: READERS,
    summary: 'Everything needed to verify the agreement offline (liaison verify)',
    handle: async (_r, _c, { id }) => {
      const agreement = await agreementOr404(id);
      const document = await deps().documents.get(agreement.documentKey);
      if (!document) throw notFound(`document of agreement ${id}`);
      const bundle: Bundle = {
        format: 'liaison-agreement-bundle/1',
        exportedAt: deps().now().toISOString(),
        agreement,
        document: new TextDecoder().decode(document),
        auditEvents: await deps().store.auditTrail(id),
      };
      return json(200, bundle, { 'content-disposition': `attachment; filename="agreement-${id}.bundle.json"` });
    },
  },
  statusChange('revoke'),
  statusChange('suspend'),
  statusChange('reinstate'),
  {
    method: 'POST',
    path: '/api/agreements/{id}/renew',
    roles: OFFICER,
    summary: 'Renew: a new onboarding linked to this agreement',
    handle: async (request, caller, { id }) => {
      const started = await renewAgreement(id, caller!.id, idempotencyKey(request));
      return json(202, started);
    },
  },

  {
    method: 'POST',
    path: '/api/access-checks',
    roles: ['service', 'officer'],
    summary: 'May this partner share this data for this purpose now?',
    body: AccessCheckRequest,
    handle: async (request, caller) => {
      const body = jsonBody(request, AccessCheckRequest);
      const { store, now } = deps();
      const decision = decideAccess(body, await store.getActiveAgreement(body.partnerId), now());
      logger.info('access-decision', { caller: caller!.id, request: body, ...decision });
      count('AccessDecisions', { decision: decision.decision });
      return json(200, decision);
    },
  },
  {
    method: 'POST',
    path: '/api/screenings',
    roles: OFFICER,
    summary: 'Screen a name against the sanctions list',
    body: ScreeningRequest,
    handle: async (request) => {
      const { name } = jsonBody(request, ScreeningRequest);
      const index = await screeningIndex();
      return json(200, { hits: index.screen(name), listVersion: index.version });
    },
  },
  {
    method: 'POST',
    path: '/api/jobs/expiry-sweep',
    roles: OFFICER,
    summary: 'Run the daily job now, as of a time',
    body: ExpirySweepRequest,
    handle: async (request) => {
      const { asOf, dryRun } = jsonBody(request, ExpirySweepRequest);
      const now = deps().now();
      const at = asOf ? new Date(asOf) : now;
      // running the job as of a later time would expire agreements and remind signers early, for good
      if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS && !dryRun) {
        throw new LiaisonError('ValidationError', 'asOf may be later than now only with "dryRun": true', [
          { path: 'asOf', message: `is later than now (${now.toISOString()}); add "dryRun": true to look ahead` },
        ]);
      }
      return json(200, await expirySweep(at, { dryRun }));
    },
  },

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
        const parsed = SignFormRequest.safeParse(formBody(request));
        if (!parsed.success) return html(400, signPage({ token, ...found, errors: fieldIssues(parsed.error) }));
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
  {
    method: 'GET',
    path: '/assets/liaison.css',
    summary: 'Stylesheet',
    handle: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' },
      body: STYLESHEET,
    }),
  },
  { method: 'GET', path: '/console', summary: 'The web console', handle: async () => html(200, CONSOLE_HTML) },
  {
    method: 'GET',
    path: '/console/{view+}',
    summary: 'The web console (deep links)',
    handle: async () => html(200, CONSOLE_HTML),
  },
  {
    method: 'GET',
    path: '/assets/console.js',
    summary: 'Console script',
    handle: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      body: CONSOLE_JS,
    }),
  },
];

function compile(path: string) {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
    names.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { regex: new RegExp(`^${pattern}$`), names };
}
const compiled = routes.map((route) => ({ route, ...compile(route.path) }));

/** Finds the route for a request; 404 for an unknown path, 405 for a known path with another method. */
/** Clock skew between a caller and Liaison that still counts as "now". */
const FUTURE_TOLERANCE_MS = 60_000;

/** Longer than any id or token Liaison issues: such a parameter names nothing, and is never looked up. */
const MAX_PATH_PARAMETER = 200;

function pathParameter(name: string, raw: string) {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new LiaisonError('ValidationError', `${name} is not valid percent-encoding`, [
      { path: name, message: 'is not valid percent-encoding' },
    ]);
  }
  if (value.length > MAX_PATH_PARAMETER || /\p{Cc}/u.test(value)) {
    throw notFound(`${name} ${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? '…' : ''}`);
  }
  return value;
}

export function match(method: string, path: string) {
  let pathKnown = false;
  for (const { route, regex, names } of compiled) {
    const m = regex.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, pathParameter(n, m[i + 1])]));
    return { route, params };
  }
  throw pathKnown
    ? new LiaisonError('MethodNotAllowed', `${method} is not allowed on ${path}`)
    : new LiaisonError('NotFound', `no route ${path}`);
}
