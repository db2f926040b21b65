// Onboardings: start, list, read, decide a gate, resend a link, withdraw, restart signing.
import { templateIds } from '../../../agreements/index.js';
import { actorOf } from '../../domain/identity.js';
import {
  ListOnboardingsQuery,
  PartnerMatchesQuery,
  ReasonRequest,
  ReplaceSignerRequest,
  ReviewRequest,
  StartOnboardingRequest,
} from '../../domain/schemas.js';
import { previewAgreement } from '../../services/agreements.js';
import { countOnboardings, findOnboardings, loadOnboarding, startOnboarding } from '../../services/onboarding.js';
import { similarPartners } from '../../services/partners.js';
import { withdrawOnboarding } from '../../services/outcomes.js';
import { presentOnboarding } from '../../services/presentation.js';
import { remindSigner, replaceSigner, resendSignature, restartSigning } from '../../services/signing.js';
import { decideReview } from '../../services/vetting.js';
import { jsonBody, publicBaseUrl, query } from '../request.js';
import { json } from '../responses.js';
import { LiaisonError } from '../../domain/errors.js';

import { OFFICER, READERS, type Route } from '../route.js';

/** A start request, valid and naming a published template. */
function startRequest(request: Parameters<Route['handle']>[0]) {
  const body = jsonBody(request, StartOnboardingRequest);
  if (!templateIds().includes(body.templateId)) {
    throw new LiaisonError('ValidationError', 'the request is invalid: see issues', [
      {
        path: 'templateId',
        message: `no published template "${body.templateId}"; published: ${templateIds().join(', ')}`,
      },
    ]);
  }
  return body;
}

export const onboardingRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/onboardings',
    roles: OFFICER,
    summary: 'Start an onboarding',
    body: StartOnboardingRequest,
    handle: async (request, caller) => json(202, await startOnboarding(startRequest(request), actorOf(caller!))),
  },
  {
    method: 'POST',
    path: '/api/onboardings/preview',
    roles: OFFICER,
    summary: 'The agreement text a start request would get, and partners it may duplicate; writes nothing',
    body: StartOnboardingRequest,
    handle: async (request) => {
      const body = startRequest(request);
      return json(200, { ...previewAgreement(body), similarPartners: await similarPartners(body.company) });
    },
  },
  {
    method: 'GET',
    path: '/api/partners/matches',
    roles: OFFICER,
    summary: 'Partners and onboardings in progress with the same LEI, registration number or name',
    query: PartnerMatchesQuery,
    handle: async (request) => json(200, { items: await similarPartners(query(request, PartnerMatchesQuery)) }),
  },
  {
    method: 'GET',
    path: '/api/onboardings',
    roles: READERS,
    summary: 'List onboardings, newest first',
    query: ListOnboardingsQuery,
    handle: async (request) => {
      const page = await findOnboardings(query(request, ListOnboardingsQuery));
      return json(200, { items: await Promise.all(page.items.map(presentOnboarding)), nextToken: page.nextToken });
    },
  },
  {
    method: 'GET',
    path: '/api/onboardings/counts',
    roles: READERS,
    summary: 'How many onboardings are in each status',
    handle: async () => json(200, { counts: await countOnboardings() }),
  },
  {
    method: 'GET',
    path: '/api/onboardings/{id}',
    roles: READERS,
    summary: 'One onboarding with vetting, agreement and history',
    handle: async (_r, _c, { id }) => json(200, await presentOnboarding(await loadOnboarding(id))),
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/review',
    roles: ['approver'],
    summary: 'Decide the pending approver gate',
    body: ReviewRequest,
    handle: async (request, caller, { id }) => {
      const { gate, decision, reason } = jsonBody(request, ReviewRequest);
      const decided = await decideReview(id, gate, decision, reason, actorOf(caller!));
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
      const updated = await resendSignature(id, signerId, actorOf(caller!).label);
      return json(202, await presentOnboarding(updated));
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/signers/{signerId}/remind',
    roles: OFFICER,
    summary: 'Remind a signer now: a fresh link with the same expiry; the link before stops working',
    handle: async (request, caller, { id, signerId }) => {
      const updated = await remindSigner(id, signerId, actorOf(caller!).label, publicBaseUrl(request));
      return json(200, await presentOnboarding(updated));
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/signers/{signerId}/replace',
    roles: OFFICER,
    summary:
      "Give a signer's slot to another person (wrong address, delegation): a link already sent stops working and " +
      'the new person gets one',
    body: ReplaceSignerRequest,
    handle: async (request, caller, { id, signerId }) => {
      const { reason, ...person } = jsonBody(request, ReplaceSignerRequest);
      const updated = await replaceSigner(id, signerId, person, reason, actorOf(caller!).label);
      return json(200, await presentOnboarding(updated));
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/withdraw',
    roles: OFFICER,
    summary:
      'End an onboarding still in progress (reason required): its links stop working, the signers asked are told, ' +
      'status WITHDRAWN (the agreement too)',
    body: ReasonRequest,
    handle: async (request, caller, { id }) => {
      const { reason } = jsonBody(request, ReasonRequest);
      return json(200, await presentOnboarding(await withdrawOnboarding(id, reason, actorOf(caller!))));
    },
  },
  {
    method: 'POST',
    path: '/api/onboardings/{id}/restart-signing',
    roles: OFFICER,
    summary: 'After SIGNATURE_EXPIRED: ask again for the missing signatures',
    handle: async (_r, caller, { id }) => {
      const updated = await restartSigning(id, actorOf(caller!).label);
      return json(202, await presentOnboarding(updated));
    },
  },
];
