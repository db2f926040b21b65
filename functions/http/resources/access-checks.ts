// The access check before every exchange: the data-exchange systems' own function (functions/access-check.ts), so
// the question asked most carries only what answering it needs.
import { now } from '../../adapters/dependencies.js';
import { activeAgreements } from '../../adapters/dynamodb/active-agreements.js';
import { decideAccess } from '../../domain/access.js';
import { DECISION_LOG_MESSAGE, decisionRecord } from '../../domain/decision-log.js';
import { IAM_ACCESS_CHECK_PATH, actorOf } from '../../domain/identity.js';
import { newId } from '../../domain/ids.js';
import { AccessCheckRequest } from '../../domain/schemas.js';
import { count, logger } from '../../lib/telemetry.js';
import type { Caller } from '../auth.js';
import { jsonBody } from '../request.js';
import { json, type Request } from '../responses.js';
import type { Route } from '../route.js';

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

export const accessCheckRoutes: Route[] = [
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
];
