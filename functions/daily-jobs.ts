import * as z from 'zod/mini';
import { now } from './adapters/dependencies.js';
import { DAILY_JOB, JOBS, REDELIVERY_JOB } from './domain/jobs.js';
import { step } from './lib/step.js';
import { expirySweep } from './services/jobs.js';
import { reconcileExecutions } from './services/reconciliation.js';
import { continueRescreening } from './services/rescreening.js';
import { resumeUnresumed } from './services/signing.js';
import { redeliverDecisions } from './services/vetting.js';

// EventBridge Scheduler invokes this with {"job": "daily"} once a day and {"job": "redeliver"} every
// few minutes (which also continues a full re-screening pass under way); `asOf` lets an operator replay a day.
export const handler = step(
  'daily-jobs',
  z.looseObject({ job: z._default(z.enum(JOBS), DAILY_JOB), asOf: z.optional(z.iso.datetime({ offset: true })) }),
  async ({ job, asOf }) => {
    const at = asOf ? new Date(asOf) : now();
    if (job === REDELIVERY_JOB) {
      const resumed = await resumeUnresumed(at);
      const decisions = await redeliverDecisions(at);
      return { job, resumed, decisions, rescreening: await continueRescreening() };
    }
    return { ...(await expirySweep(at)), reconciled: await reconcileExecutions(at) };
  },
);
