import * as z from 'zod/mini';
import { step } from './lib/step.js';
import { requestReview } from './services/vetting.js';

export const handler = step(
  'request-review',
  z.object({
    onboardingId: z.string(),
    taskToken: z.string().check(z.minLength(1)),
    gate: z.enum(['vetting-review', 'data-protection']),
  }),
  ({ onboardingId, taskToken, gate }) => requestReview(onboardingId, taskToken, gate),
);
