// Raising events. Each event is kept first as a delivery to every webhook subscribed to it (so a crash, a receiver
// that is down or a restart loses nothing), then put on the bus, whose rule wakes the sender at once
// (functions/deliver-events.ts); the sender's schedule sends whatever is due if that wake-up is lost.
import { deliveries } from '../adapters/dynamodb/deliveries.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { webhooks } from '../adapters/dynamodb/webhooks.js';
import { bus } from '../adapters/eventbridge-bus.js';
import { type LiaisonEvent, eventTypesFor, orderingKey, payloadOf } from '../domain/events.js';
import { newId } from '../domain/ids.js';
import { logger } from '../lib/telemetry.js';

export interface RaisedBy {
  onboardingId: string;
  /** The history line's event (functions/services/history.ts). */
  historyEvent: string;
  detail: string;
  at: string;
  agreementId?: string;
  data?: Record<string, string>;
}

/** Orders events raised in the same millisecond by this instance (e.g. a suspension, then the outcome line). */
let raisedHere = 0;

export async function raiseEvents(line: RaisedBy): Promise<LiaisonEvent[]> {
  const types = eventTypesFor(line.historyEvent, line.data?.outcome);
  if (!types.length) return [];
  const onboarding = await onboardings.get(line.onboardingId);
  if (!onboarding) return [];
  const events: LiaisonEvent[] = types.map((type) => ({
    id: newId('event'),
    type,
    timestamp: line.at,
    data: {
      ...line.data,
      onboardingId: line.onboardingId,
      partnerId: onboarding.partnerId,
      legalName: onboarding.company.legalName,
      agreementId: line.agreementId ?? onboarding.agreementId,
      detail: line.detail,
    },
  }));
  const subscribers = await webhooks.list();
  for (const event of events) {
    const order = `${event.timestamp}#${String(raisedHere++).padStart(12, '0')}#${event.id}`;
    for (const webhook of subscribers.filter((w) => w.events.includes(event.type))) {
      await deliveries.create({
        webhookId: webhook.id,
        eventId: event.id,
        type: event.type,
        stream: orderingKey(event),
        order,
        payload: payloadOf(event),
        status: 'PENDING',
        attempts: [],
        nextAttemptAt: line.at,
        createdAt: line.at,
      });
    }
  }
  try {
    await bus.publish(events);
  } catch (error) {
    // the webhooks still get them (the sender's schedule sends what is due); the bus's subscribers do not
    logger.error('events not put on the bus', { events: events.map((e) => e.id), error: (error as Error).message });
  }
  return events;
}
