import type { LiaisonEvent } from '../domain/events.js';

/** The event bus other systems of the organisation subscribe to (EventBridge on AWS). */
export interface EventBus {
  publish(events: LiaisonEvent[]): Promise<void>;
}

export type WebhookAnswer = { status: number } | { error: string };

/** Sends one signed delivery to a receiver and says how it answered; never throws for the receiver's faults. */
export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookAnswer>;
}
