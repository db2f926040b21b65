// Sending each webhook its deliveries, signed per the Standard Webhooks specification (the standardwebhooks library
// signs), in order per onboarding, retried on the reference schedule. Only the sender (deliver-events) carries it.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { deliveries } from '../adapters/dynamodb/deliveries.js';
import { webhooks } from '../adapters/dynamodb/webhooks.js';
import { webhookSender } from '../adapters/http-webhook-sender.js';
import { now } from '../adapters/dependencies.js';
import { DELIVERY_TIMEOUT_MS, delivered, nextAttemptAt } from '../domain/events.js';
import { DELIVERY_RUN_SECONDS } from '../domain/jobs.js';
import type { DeliveryRecord, WebhookRecord } from '../domain/records.js';
import type { DeliveryStream } from '../ports/store.js';
import { count } from '../lib/telemetry.js';

/** A retry due within this long is waited for in the same run; later ones are the schedule's. */
const WAIT_FOR_RETRY_MS = 15_000;
/** Longer than a sender runs (its function's timeout): a sender that died frees its streams after this. */
const LEASE_MS = (DELIVERY_RUN_SECONDS + 30) * 1000;
/** How often and how long a run waits for another run's lease on the same stream. */
const LEASE_TRIES = 20;
const LEASE_RETRY_MS = 250;
/** Streams sent at once by one run. */
const CONCURRENT_STREAMS = 10;

/**
 * Sends what is due: every webhook's stream of one onboarding (an event of it was raised), or, none given, every
 * stream with a delivery due now (the schedule).
 */
export async function sendDeliveries(onboardingId?: string, runEndsAt = Date.now() + 50_000) {
  const hooks = new Map((await webhooks.list()).map((w) => [w.id, w]));
  const todo: DeliveryStream[] = onboardingId
    ? [...hooks.keys()].map((webhookId) => ({ webhookId, stream: onboardingId }))
    : await deliveries.due(now().toISOString(), 200);
  const holder = randomUUID();
  const queue = [...todo];
  const worker = async () => {
    for (let stream = queue.shift(); stream; stream = queue.shift())
      await sendStream(stream, hooks.get(stream.webhookId), holder, runEndsAt);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_STREAMS, queue.length) }, worker));
  return { streams: todo.length };
}

async function sendStream(stream: DeliveryStream, webhook: WebhookRecord | undefined, holder: string, endsAt: number) {
  if (!(await takeLease(stream, holder, endsAt))) return; // another run is still sending it; the schedule follows up
  try {
    // read again once through: an event raised while this run sent the earlier ones is sent by this run too
    for (let pending = await deliveries.pending(stream); pending.length > 0; pending = await deliveries.pending(stream))
      for (const delivery of pending) {
        if (!webhook) {
          await deliveries.recordAttempt(
            delivery,
            { at: now().toISOString(), durationMs: 0, error: 'webhook removed' },
            {
              status: 'CANCELLED',
            },
          );
          continue;
        }
        // the stream waits for this one: later events never overtake an earlier one still being retried
        if (!(await sendUntilSettled(delivery, webhook, endsAt))) return;
      }
  } finally {
    await deliveries.release(stream, holder);
  }
}

/**
 * Takes the stream's lease, waiting a little for a run that holds it: that run may have read the stream before this
 * run's event was kept, and lets go in a moment.
 */
async function takeLease(stream: DeliveryStream, holder: string, endsAt: number) {
  for (let tries = 0; ; tries++) {
    const until = new Date(now().getTime() + LEASE_MS).toISOString();
    if (await deliveries.lease(stream, holder, until, now().toISOString())) return true;
    if (tries >= LEASE_TRIES || Date.now() + LEASE_RETRY_MS > endsAt) return false;
    await new Promise((ok) => setTimeout(ok, LEASE_RETRY_MS));
  }
}

/** Attempts a delivery while it is due; true once it is settled (delivered or given up), false while it waits. */
async function sendUntilSettled(delivery: DeliveryRecord, webhook: WebhookRecord, endsAt: number) {
  let failures = delivery.attempts.length;
  let dueAt = Date.parse(delivery.nextAttemptAt ?? delivery.createdAt);
  for (;;) {
    const wait = dueAt - now().getTime();
    if (wait > 0) {
      if (wait > WAIT_FOR_RETRY_MS || Date.now() + wait + DELIVERY_TIMEOUT_MS > endsAt) return false;
      await new Promise((ok) => setTimeout(ok, wait));
    }
    const attemptAt = now();
    const started = Date.now();
    const answer = await webhookSender.send(
      webhook.url,
      signedHeaders(webhook, delivery, attemptAt),
      delivery.payload,
      DELIVERY_TIMEOUT_MS,
    );
    const attempt = {
      at: attemptAt.toISOString(),
      durationMs: Date.now() - started,
      ...('status' in answer ? { responseStatus: answer.status } : { error: answer.error }),
    };
    if ('status' in answer && delivered(answer.status)) {
      await deliveries.recordAttempt(delivery, attempt, { status: 'DELIVERED' });
      count('WebhookDeliveries');
      return true;
    }
    failures += 1;
    const next = nextAttemptAt(failures, now());
    if (!next) {
      await deliveries.recordAttempt(delivery, attempt, { status: 'FAILED' });
      count('WebhookDeliveriesFailed');
      return true;
    }
    await deliveries.recordAttempt(delivery, attempt, { status: 'PENDING', nextAttemptAt: next.toISOString() });
    dueAt = next.getTime();
  }
}

function signedHeaders(webhook: WebhookRecord, delivery: DeliveryRecord, at: Date) {
  return {
    'webhook-id': delivery.eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(webhook.secret).sign(delivery.eventId, at, delivery.payload),
  };
}
