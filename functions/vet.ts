import * as z from 'zod/mini';
import { step } from './lib/step.js';
import { runVetting } from './services/vetting.js';

export const handler = step('vet', z.object({ onboardingId: z.string() }), ({ onboardingId }) =>
  runVetting(onboardingId),
);
