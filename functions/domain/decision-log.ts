// The access-decision log's records: what every access check keeps (written as one log record of the API, delivered
// to S3 by the platform) and what GET /api/access-decisions returns.
import type { AccessDecision } from './access.js';
import type { Actor } from './identity.js';
import type { AccessCheckRequest } from './schemas.js';

/** The log record's message, which the delivery's subscription filter selects. */
export const DECISION_LOG_MESSAGE = 'access-decision';
/** Where the delivered records are kept (then dt=YYYY-MM-DD/). */
export const DECISION_LOG_PREFIX = 'decisions/';

export interface LoggedDecision {
  decisionId: string;
  at: string;
  /** Who asked, by name (and email); the subject is kept beside it. */
  caller: string;
  callerSubject: string;
  partnerId: string;
  agreementId: string | null;
  dataCategory: string;
  purpose: string;
  direction: string;
  requestingCountry: string;
  decision: AccessDecision['decision'];
  codes: string[];
}

export function decisionRecord(
  decisionId: string,
  at: Date,
  caller: Actor,
  request: AccessCheckRequest,
  decision: AccessDecision,
): LoggedDecision {
  return {
    decisionId,
    at: at.toISOString(),
    caller: caller.label,
    callerSubject: caller.subject,
    partnerId: request.partnerId,
    agreementId: decision.agreementId,
    dataCategory: request.dataCategory,
    purpose: request.purpose,
    direction: request.direction,
    requestingCountry: request.requestingCountry,
    decision: decision.decision,
    codes: decision.codes,
  };
}
