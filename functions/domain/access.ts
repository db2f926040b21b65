// The access decision: a pure function of the request, the partner's agreement record and the time. Every reason
// carries a machine-readable code (the contract's list), and the safeguards that hold whatever an agreement says
// (refugee protection) are checked here too, so no exchange is allowed outside them.
import type { AccessCheckRequest, Scope } from './schemas.js';

export interface AgreementForAccess {
  agreementId: string;
  status: string;
  scope: Scope;
  effectiveAt: string;
  expiresAt: string;
}

/** Why a decision went the way it did: one code per reason. */
export const DECISION_CODES = [
  'WITHIN_AGREEMENT',
  'NO_ACTIVE_AGREEMENT',
  'NOT_YET_IN_FORCE',
  'EXPIRED',
  'SUSPENDED',
  'REVOKED',
  'SUPERSEDED',
  'CATEGORY_OUTSIDE_SCOPE',
  'PURPOSE_OUTSIDE_SCOPE',
  'DIRECTION_OUTSIDE_SCOPE',
  'COUNTRY_EXCLUDED',
  'REFUGEE_PROTECTION',
] as const;
export type DecisionCode = (typeof DECISION_CODES)[number];

export interface AccessDecision {
  decision: 'ALLOW' | 'DENY';
  reasons: string[];
  codes: DecisionCode[];
  agreementId: string | null;
  expiresAt: string | null;
}

/** The code of an agreement that is not ACTIVE, by its status. */
const STATUS_CODES: Record<string, DecisionCode> = {
  SUSPENDED: 'SUSPENDED',
  REVOKED: 'REVOKED',
  EXPIRED: 'EXPIRED',
  SUPERSEDED: 'SUPERSEDED',
  PENDING_SIGNATURES: 'NOT_YET_IN_FORCE',
};

export function decideAccess(
  request: AccessCheckRequest,
  agreement: AgreementForAccess | undefined,
  now: Date,
): AccessDecision {
  const found: { code: DecisionCode; reason: string }[] = [];
  const deny = (code: DecisionCode, reason: string) => found.push({ code, reason });
  // refugee protection holds whatever the agreement says (the neutrality and human-rights clause)
  if (request.protectedFromCountries?.includes(request.requestingCountry))
    deny(
      'REFUGEE_PROTECTION',
      `the data subject is protected against ${request.requestingCountry}, the requesting country`,
    );
  if (!agreement) {
    deny('NO_ACTIVE_AGREEMENT', `partner ${request.partnerId} has no active agreement`);
    return { decision: 'DENY', ...split(found), agreementId: null, expiresAt: null };
  }
  const at = request.at ? new Date(request.at) : now;
  if (agreement.status !== 'ACTIVE')
    deny(
      STATUS_CODES[agreement.status] ?? 'NO_ACTIVE_AGREEMENT',
      `agreement ${agreement.agreementId} is ${agreement.status}`,
    );
  if (at.getTime() >= Date.parse(agreement.expiresAt)) deny('EXPIRED', `agreement expired at ${agreement.expiresAt}`);
  if (at.getTime() < Date.parse(agreement.effectiveAt))
    deny('NOT_YET_IN_FORCE', `agreement is not in force before ${agreement.effectiveAt}`);
  const { scope } = agreement;
  if (!scope.dataCategories.includes(request.dataCategory))
    deny(
      'CATEGORY_OUTSIDE_SCOPE',
      `data category "${request.dataCategory}" is outside the agreement (allowed: ${scope.dataCategories.join(', ')})`,
    );
  if (!scope.purposes.includes(request.purpose))
    deny(
      'PURPOSE_OUTSIDE_SCOPE',
      `purpose "${request.purpose}" is outside the agreement (allowed: ${scope.purposes.join(', ')})`,
    );
  if (!directionAllows(scope.direction, request.direction))
    deny(
      'DIRECTION_OUTSIDE_SCOPE',
      `direction "${request.direction}" is outside the agreement (allowed: ${scope.direction})`,
    );
  if (scope.excludedCountries.includes(request.requestingCountry))
    deny('COUNTRY_EXCLUDED', `requesting country ${request.requestingCountry} is excluded by the agreement`);
  const held = { agreementId: agreement.agreementId, expiresAt: agreement.expiresAt };
  if (found.length > 0) return { decision: 'DENY', ...split(found), ...held };
  return {
    decision: 'ALLOW',
    reasons: [`within agreement ${agreement.agreementId} until ${agreement.expiresAt}`],
    codes: ['WITHIN_AGREEMENT'],
    ...held,
  };
}

/** The reasons in order, and their codes once each (a status and the date may both say EXPIRED). */
function split(found: { code: DecisionCode; reason: string }[]) {
  return { reasons: found.map((f) => f.reason), codes: [...new Set(found.map((f) => f.code))] };
}

function directionAllows(agreed: Scope['direction'], asked: Scope['direction']): boolean {
  return agreed === asked || agreed === 'bidirectional';
}
