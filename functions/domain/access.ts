// The access decision: a pure function of the request, the partner's agreement record and the time.
import type { AccessCheckRequest, Scope } from './schemas.js';

export interface AgreementForAccess {
  agreementId: string;
  status: string;
  scope: Scope;
  effectiveAt: string;
  expiresAt: string;
}

export interface AccessDecision {
  decision: 'ALLOW' | 'DENY';
  reasons: string[];
  agreementId: string | null;
  expiresAt: string | null;
}

export function decideAccess(
  request: AccessCheckRequest,
  agreement: AgreementForAccess | undefined,
  now: Date,
): AccessDecision {
  if (!agreement)
    return {
      decision: 'DENY',
      reasons: [`partner ${request.partnerId} has no active agreement`],
      agreementId: null,
      expiresAt: null,
    };
  const at = request.at ? new Date(request.at) : now;
  const reasons: string[] = [];
  if (agreement.status !== 'ACTIVE') reasons.push(`agreement ${agreement.agreementId} is ${agreement.status}`);
  if (at.getTime() >= Date.parse(agreement.expiresAt)) reasons.push(`agreement expired at ${agreement.expiresAt}`);
  if (at.getTime() < Date.parse(agreement.effectiveAt))
    reasons.push(`agreement is not in force before ${agreement.effectiveAt}`);
  const { scope } = agreement;
  if (!scope.dataCategories.includes(request.dataCategory))
    reasons.push(
      `data category "${request.dataCategory}" is outside the agreement (allowed: ${scope.dataCategories.join(', ')})`,
    );
  if (!scope.purposes.includes(request.purpose))
    reasons.push(`purpose "${request.purpose}" is outside the agreement (allowed: ${scope.purposes.join(', ')})`);
  if (!directionAllows(scope.direction, request.direction))
    reasons.push(`direction "${request.direction}" is outside the agreement (allowed: ${scope.direction})`);
  if (scope.excludedCountries.includes(request.requestingCountry))
    reasons.push(`requesting country ${request.requestingCountry} is excluded by the agreement`);
  if (reasons.length > 0)
    return { decision: 'DENY', reasons, agreementId: agreement.agreementId, expiresAt: agreement.expiresAt };
  return {
    decision: 'ALLOW',
    reasons: [`within agreement ${agreement.agreementId} until ${agreement.expiresAt}`],
    agreementId: agreement.agreementId,
    expiresAt: agreement.expiresAt,
  };
}

function directionAllows(agreed: Scope['direction'], asked: Scope['direction']): boolean {
  return agreed === asked || agreed === 'bidirectional';
}
