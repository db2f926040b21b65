import * as z from 'zod/mini';
import { step } from './lib/step.js';
import { recordOutcome } from './services/outcomes.js';

// `error` is what a Catch put at $.error: { Error, Cause } from Step Functions.
export const handler = step(
  'record-outcome',
  z.object({
    onboardingId: z.string(),
    outcome: z.enum(['REJECTED', 'DECLINED', 'SIGNATURE_EXPIRED', 'FAILED']),
    reason: z.optional(z.string()),
    error: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
  }),
  ({ onboardingId, outcome, reason, error }) =>
    recordOutcome(onboardingId, outcome, reason ?? describeError(outcome, error)),
);

function describeError(outcome: string, error?: { Error?: string; Cause?: string }): string {
  if (outcome === 'SIGNATURE_EXPIRED') return 'a signature request was not answered before its link expired';
  if (!error) return outcome.toLowerCase();
  return [error.Error, error.Cause].filter(Boolean).join(': ').slice(0, 1000);
}
