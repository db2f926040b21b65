import { z } from 'zod';
import { deps } from './adapters/dependencies.js';
import { step } from './lib/step.js';
import { expirySweep } from './services/jobs.js';

// EventBridge Scheduler invokes this daily with {}; `asOf` lets an operator replay a day.
export const handler = step('daily-jobs', z.object({ asOf: z.iso.datetime({ offset: true }).optional() }).passthrough(),
  ({ asOf }) => expirySweep(asOf ? new Date(asOf) : deps().now()));
