// Webhooks: registering receivers and showing them, their secrets never. Sending is services/webhook-delivery.ts.
import { randomBytes } from 'node:crypto';
import { now } from '../adapters/dependencies.js';
import { webhooks } from '../adapters/dynamodb/webhooks.js';
import { settings } from '../adapters/config.js';
import { invalid, notFound } from '../domain/errors.js';
import { MAX_WEBHOOKS, webhookUrlProblem } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import type { DeliveryRecord, WebhookRecord } from '../domain/records.js';
import type { WebhookRequest } from '../domain/schemas.js';

export async function registerWebhook(request: WebhookRequest, by: string) {
  const problem = webhookUrlProblem(request.url, settings().webhookPrivateTargets);
  if (problem) throw invalid('the webhook cannot be registered', [{ path: 'url', message: problem }]);
  const webhook: WebhookRecord = {
    id: newId('webhook'),
    url: request.url,
    events: [...new Set(request.events)],
    secret: `whsec_${randomBytes(32).toString('base64')}`,
    description: request.description,
    createdAt: now().toISOString(),
    createdBy: by,
  };
  await webhooks.add(webhook, MAX_WEBHOOKS);
  return webhook;
}

/** A webhook as it is listed: never its secret. */
export const presentWebhook = ({ secret: _, ...webhook }: WebhookRecord) => webhook;

export async function webhookOr404(id: string) {
  const webhook = (await webhooks.list()).find((w) => w.id === id);
  if (!webhook) throw notFound(`webhook ${id}`);
  return webhook;
}

export const presentDelivery = ({ payload, stream: _, order: __, ...delivery }: DeliveryRecord) => ({
  ...delivery,
  event: JSON.parse(payload) as unknown,
});
