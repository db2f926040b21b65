// The officers' routes that open the screening list (functions/officer-jobs.ts): screening a name, the daily job run by
// hand.
import { now } from '../../adapters/dependencies.js';
import { screeningIndex } from '../../adapters/screening-source.js';
import { LiaisonError } from '../../domain/errors.js';
import { ExpirySweepRequest, ScreeningRequest } from '../../domain/schemas.js';
import { expirySweep } from '../../services/jobs.js';
import { jsonBody } from '../request.js';
import { json } from '../responses.js';
import { OFFICER, type Route } from '../route.js';

/** Clock skew between a caller and Liaison that still counts as "now". */
const FUTURE_TOLERANCE_MS = 60_000;

export const officerJobRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/screenings',
    roles: OFFICER,
    summary: 'Screen a name against the sanctions list',
    body: ScreeningRequest,
    handle: async (request) => {
      const { name } = jsonBody(request, ScreeningRequest);
      const index = await screeningIndex();
      return json(200, { hits: index.screen(name), listVersion: index.version });
    },
  },
  {
    method: 'POST',
    path: '/api/jobs/expiry-sweep',
    roles: OFFICER,
    summary: 'Run the daily job now, as of a time',
    body: ExpirySweepRequest,
    handle: async (request) => {
      const { asOf, dryRun } = jsonBody(request, ExpirySweepRequest);
      const current = now();
      const at = asOf ? new Date(asOf) : current;
      // running the job as of a later time would expire agreements and remind signers early, for good
      if (at.getTime() > current.getTime() + FUTURE_TOLERANCE_MS && !dryRun) {
        throw new LiaisonError('ValidationError', 'asOf may be later than now only with "dryRun": true', [
          { path: 'asOf', message: `is later than now (${current.toISOString()}); add "dryRun": true to look ahead` },
        ]);
      }
      return json(200, await expirySweep(at, { dryRun }));
    },
  },
];
