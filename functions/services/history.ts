import { now } from '../adapters/dependencies.js';
import { auditTrail } from '../adapters/dynamodb/audit-trail.js';
import { history } from '../adapters/dynamodb/history.js';
import { raiseEvents } from './events.js';

/**
 * Appends to an onboarding's history and, when given, to its agreement's hash-chained audit trail; a line that
 * other systems are told about raises its events.
 */
export async function record(
  onboardingId: string,
  event: string,
  detail: string,
  agreementId?: string,
  data?: Record<string, string>,
) {
  const entry = { at: now().toISOString(), event, detail };
  await history.add(onboardingId, entry);
  if (agreementId) await auditTrail.append(agreementId, { ...entry, data });
  await raiseEvents({ onboardingId, historyEvent: event, detail, at: entry.at, agreementId, data });
}
