import * as z from 'zod/mini';
import { EVENT_TYPES } from './domain/events.js';
import { DELIVERY_RUN_SECONDS, SEND_DUE_DELIVERIES } from './domain/jobs.js';
import { step } from './lib/step.js';
import { sendDeliveries } from './services/webhook-delivery.js';

const WakeUp = z.union([
  // the bus's rule: an event was raised, so its onboarding's streams have something to send
  z.looseObject({
    'detail-type': z.enum(EVENT_TYPES),
    detail: z.looseObject({ data: z.looseObject({ onboardingId: z.string().check(z.minLength(1), z.maxLength(80)) }) }),
  }),
  // the schedule: whatever is due (retries, and events whose wake-up was lost)
  z.object({ job: z.literal(SEND_DUE_DELIVERIES) }),
]);

export const handler = step('deliver-events', WakeUp, async (input) => {
  const endsAt = Date.now() + (DELIVERY_RUN_SECONDS - 15) * 1000;
  if ('job' in input) return sendDeliveries(undefined, endsAt);
  return sendDeliveries(input.detail.data.onboardingId, endsAt);
});
