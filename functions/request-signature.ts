import * as z from 'zod/mini';
import { step } from './lib/step.js';
import { requestSignature } from './services/signing.js';

export const handler = step(
  'request-signature',
  z.object({
    onboardingId: z.string(),
    agreementId: z.string(),
    signerId: z.string(),
    timeoutSeconds: z.number().check(z.int(), z.positive()),
    taskToken: z.string().check(z.minLength(1)),
  }),
  requestSignature,
);
