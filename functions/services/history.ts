import { deps } from '../adapters/dependencies.js';

/** Appends to an onboarding's history and, when given, to its agreement's hash-chained audit trail. */
export async function record(
  onboardingId: string,
  event: string,
  detail: string,
  agreementId?: string,
  data?: Record<string, string>,
) {
  const { history, auditTrail, now } = deps();
  const entry = { at: now().toISOString(), event, detail };
  await history.add(onboardingId, entry);
  if (agreementId) await auditTrail.append(agreementId, { ...entry, data });
}
