// Questions and jobs: the access check before every exchange, screening a name, the daily job run by hand.
import { now } from '../../adapters/dependencies.js';
import { activeAgreements } from '../../adapters/dynamodb/active-agreements.js';
import { IAM_ACCESS_CHECK_PATH, actorOf } from '../../domain/identity.js';
import { screeningIndex } from '../../adapters/screening-source.js';
import { decideAccess } from '../../domain/access.js';
import { DECISION_LOG_MESSAGE, decisionRecord } from '../../domain/decision-log.js';
import { newId } from '../../domain/ids.js';
import { AccessCheckRequest, ExpirySweepRequest, ScreeningRequest } from '../../domain/schemas.js';
import { expirySweep } from '../../services/jobs.js';
import { jsonBody } from '../request.js';
import { json, type Request } from '../responses.js';
import type { Caller } from '../auth.js';
import { count, logger } from '../../lib/telemetry.js';
import { LiaisonError } from '../../domain/errors.js';

import { OFFICER, type Route } from '../route.js';

/** Clock skew between a caller and Liaison that still counts as "now". */
const FUTURE_TOLERANCE_MS = 60_000;

async function accessCheck(request: Request, caller: Caller | undefined) {
  const body = jsonBody(request, AccessCheckRequest);
  const at = now();
  // the decision's id names this answer in the decision log (and in a caller's own records)
  const decision = {
    decisionId: newId('decision'),
    ...decideAccess(body, await activeAgreements.get(body.partnerId), at),
  };
  // this log record is the decision log's entry: the platform delivers it (infra/decision-log.ts); nothing is written
  logger.info(DECISION_LOG_MESSAGE, { ...decisionRecord(decision.decisionId, at, actorOf(caller!), body, decision) });
  count('AccessDecisions', { decision: decision.decision });
  return json(200, decision);
}

export const checkRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/access-checks',
    roles: ['service', 'officer'],
    summary: 'May this partner share this data for this purpose now?',
    body: AccessCheckRequest,
    handle: accessCheck,
  },
  {
    method: 'POST',
    path: IAM_ACCESS_CHECK_PATH,
    roles: ['service'],
    authorization: 'iam',
    summary: 'The access check, for callers inside AWS: signed with Signature Version 4 (service execute-api)',
    body: AccessCheckRequest,
    handle: accessCheck,
  },
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
