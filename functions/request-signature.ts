import * as z from 'zod';
import { step } from './lib/step.js';
import { requestSignature } from './services/signing.js';

export const handler = step(
  'request-signature',
  z.object({
    onboardingId: z.string(),
    agreementId: z.string(),
    signerId: z.string(),
    timeoutSeconds: z.number().int().positive(),
    taskToken: z.string().min(1),
  }),
  requestSignature,
);
