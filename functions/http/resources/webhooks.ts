// Webhooks: receivers of Liaison's events, and what was delivered to each.
import { deliveries } from '../../adapters/dynamodb/deliveries.js';
import { webhooks } from '../../adapters/dynamodb/webhooks.js';
import { actorOf } from '../../domain/identity.js';
import { ListDeliveriesQuery, WebhookRequest } from '../../domain/schemas.js';
import { presentDelivery, presentWebhook, registerWebhook, webhookOr404 } from '../../services/webhooks.js';
import { jsonBody, query } from '../request.js';
import { json } from '../responses.js';
import { OFFICER, type Route } from '../route.js';

const WATCHERS = ['officer', 'auditor'] as const;

export const webhookRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/webhooks',
    roles: OFFICER,
    summary:
      'Register a receiver of events: each delivery is signed per the Standard Webhooks specification with the ' +
      'secret answered here (shown once), retried with backoff, in order per onboarding',
    body: WebhookRequest,
    handle: async (request, caller) => {
      const webhook = await registerWebhook(jsonBody(request, WebhookRequest), actorOf(caller!).label);
      return json(201, { ...presentWebhook(webhook), secret: webhook.secret });
    },
  },
  {
    method: 'GET',
    path: '/api/webhooks',
    roles: WATCHERS,
    summary: 'The webhooks (never their secrets)',
    handle: async () => json(200, { items: (await webhooks.list()).map(presentWebhook) }),
  },
  {
    method: 'GET',
    path: '/api/webhooks/{id}',
    roles: WATCHERS,
    summary: 'One webhook (never its secret)',
    handle: async (_r, _c, { id }) => json(200, presentWebhook(await webhookOr404(id))),
  },
  {
    method: 'DELETE',
    path: '/api/webhooks/{id}',
    roles: OFFICER,
    summary: 'Remove a webhook: nothing more is delivered to it (deliveries still pending are cancelled)',
    handle: async (_r, _c, { id }) => {
      await webhookOr404(id);
      await webhooks.remove(id);
      return json(200, { id, removed: true });
    },
  },
  {
    method: 'GET',
    path: '/api/webhooks/{id}/deliveries',
    roles: WATCHERS,
    summary: "A webhook's deliveries, newest first, each with its event and every attempt (time, answer, duration)",
    query: ListDeliveriesQuery,
    handle: async (request, _c, { id }) => {
      await webhookOr404(id);
      const q = query(request, ListDeliveriesQuery);
      const page = await deliveries.list(id, q.limit, q.nextToken);
      return json(200, { items: page.items.map(presentDelivery), nextToken: page.nextToken });
    },
  },
];
