// Agreements: list, read, the signed document, the executed PDF, the verification bundle, status changes, renewal.
import { now } from '../../adapters/dependencies.js';
import { agreements } from '../../adapters/dynamodb/agreements.js';
import { auditTrail } from '../../adapters/dynamodb/audit-trail.js';
import { documents } from '../../adapters/s3-documents.js';
import { actorOf } from '../../domain/identity.js';
import { documentKeys } from '../../ports/documents.js';
import { ListAgreementsQuery, ReasonRequest, RenewRequest } from '../../domain/schemas.js';
import { DAY_MS } from '../../domain/time.js';
import { foldedName } from '../../domain/names.js';
import type { AgreementRecord } from '../../domain/records.js';
import { searchPages } from '../../services/search.js';
import type { Bundle } from '../../domain/audit-chain.js';
import { changeAgreementStatus, presentAgreement, renewAgreement } from '../../services/agreements.js';
import { jsonBody, query, rawBody } from '../request.js';
import { bytes, json } from '../responses.js';
import { LiaisonError, notFound } from '../../domain/errors.js';

import { OFFICER, READERS, type Route, agreementOr404 } from '../route.js';

function statusChange(action: 'revoke' | 'suspend' | 'reinstate'): Route {
  return {
    method: 'POST',
    path: `/api/agreements/{id}/${action}`,
    roles: OFFICER,
    summary: `${action[0].toUpperCase()}${action.slice(1)} an agreement (reason required)`,
    body: ReasonRequest,
    handle: async (request, caller, { id }) => {
      const { reason } = jsonBody(request, ReasonRequest);
      const updated = await changeAgreementStatus(id, action, reason, actorOf(caller!).label);
      return json(200, presentAgreement(updated));
    },
  };
}

export const agreementRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/agreements',
    roles: READERS,
    summary: 'List agreements (status, expiringWithinDays, company)',
    query: ListAgreementsQuery,
    handle: async (request) => {
      const q = query(request, ListAgreementsQuery);
      const wanted = q.company ? foldedName(q.company) : '';
      const named = (a: AgreementRecord) => foldedName(a.legalName).includes(wanted);
      if (q.expiringWithinDays !== undefined) {
        // answered from the sparse expiry index: active agreements due within the window
        const until = new Date(now().getTime() + q.expiringWithinDays * DAY_MS).toISOString();
        // every agreement expiring by then has its next action by then (a warning comes before its expiry)
        const due = (await agreements.dueBy(until))
          .filter((a) => a.expiresAt! <= until && (!q.status || a.status === q.status) && named(a))
          .sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!));
        return json(200, { items: due.map(presentAgreement), nextToken: null });
      }
      const page = q.company
        ? await searchPages((limit, next) => agreements.list(q.status, limit, next), named, q.limit, q.nextToken)
        : await agreements.list(q.status, q.limit, q.nextToken);
      return json(200, { items: page.items.map(presentAgreement), nextToken: page.nextToken });
    },
  },
  {
    method: 'GET',
    path: '/api/agreements/{id}',
    roles: READERS,
    summary: 'One agreement',
    handle: async (_r, _c, { id }) =>
      json(200, { ...presentAgreement(await agreementOr404(id)), history: await auditTrail.list(id) }),
  },
  {
    method: 'GET',
    path: '/api/agreements/{id}/document',
    roles: READERS,
    summary: 'The agreement HTML, byte for byte as signed',
    handle: async (_r, _c, { id }) => {
      const agreement = await agreementOr404(id);
      const document = await documents.get(agreement.documentKey);
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
      const pdf = await documents.get(agreement.pdfKey ?? documentKeys.agreementPdf(id));
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
      const document = await documents.get(agreement.documentKey);
      if (!document) throw notFound(`document of agreement ${id}`);
      const bundle: Bundle = {
        format: 'liaison-agreement-bundle/1',
        exportedAt: now().toISOString(),
        agreement,
        document: new TextDecoder().decode(document),
        auditEvents: await auditTrail.list(id),
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
    body: RenewRequest,
    handle: async (request, caller, { id }) => {
      const { reason } = rawBody(request) ? jsonBody(request, RenewRequest) : {};
      return json(202, await renewAgreement(id, actorOf(caller!), reason));
    },
  },
];
