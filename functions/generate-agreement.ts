import * as z from 'zod/mini';
import { step } from './lib/step.js';
import { generateAgreement } from './services/agreements.js';

export const handler = step('generate-agreement', z.object({ onboardingId: z.string() }), ({ onboardingId }) =>
  generateAgreement(onboardingId),
);
