import * as z from 'zod/mini';
import { step } from './lib/step.js';
import { activateAgreement } from './services/activation.js';

export const handler = step(
  'activate',
  z.object({ onboardingId: z.string(), agreementId: z.string() }),
  ({ onboardingId, agreementId }) => activateAgreement(onboardingId, agreementId),
);
