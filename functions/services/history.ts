import { deps } from '../adapters/dependencies.js';

/** Appends to an onboarding's (and, when given, its agreement's) history. */
export async function record(onboardingId: string, event: string, detail: string, agreementId?: string) {
  const { store, now } = deps();
  const entry = { at: now().toISOString(), event, detail };
  await store.addHistory('ONB', onboardingId, entry);
  if (agreementId) await store.addHistory('AGR', agreementId, entry);
}
