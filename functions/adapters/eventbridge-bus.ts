// Liaison's events on an EventBridge bus: source "liaison", detail-type the event type, detail the same payload
// webhooks get (with its id), so a rule can route e.g. agreement.suspended to any AWS target.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { LiaisonEvent } from '../domain/events.js';
import type { EventBus } from '../ports/events.js';
import { lazyPort } from './dependencies.js';
import { settings } from './config.js';

export const EVENT_SOURCE = 'liaison';
/** PutEvents takes at most 10 entries a call. */
const BATCH = 10;

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly busName: string,
    private readonly client = new EventBridgeClient({}),
  ) {}

  async publish(events: LiaisonEvent[]) {
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const answer = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((event) => ({
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: event.type,
            Time: new Date(event.timestamp),
            Detail: JSON.stringify(event),
          })),
        }),
      );
      if (answer.FailedEntryCount) {
        const failed = (answer.Entries ?? []).find((e) => e.ErrorCode);
        throw new Error(
          `EventBridge refused ${answer.FailedEntryCount} event(s): ${failed?.ErrorCode} ${failed?.ErrorMessage}`,
        );
      }
    }
  }
}

/** The event bus port on EventBridge. */
export const bus = /* @__PURE__ */ lazyPort('bus', () => new EventBridgeBus(settings().eventBusName));
