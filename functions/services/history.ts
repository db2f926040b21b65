import { now } from '../adapters/dependencies.js';
import { auditTrail } from '../adapters/dynamodb/audit-trail.js';
import { history } from '../adapters/dynamodb/history.js';
import type { HistoryEvent } from '../domain/records.js';
import { raiseEvents } from './events.js';

/**
 * Records a line of an onboarding's history: in its agreement's hash-chained audit trail when it concerns the
 * agreement (the history reads it from there), else in the onboarding's own lines; a line that other systems are
 * told about raises its events.
 */
export async function record(
  onboardingId: string,
  event: string,
  detail: string,
  agreementId?: string,
  data?: Record<string, string>,
) {
  const entry = { at: now().toISOString(), event, detail };
  if (agreementId) await auditTrail.append(agreementId, { ...entry, data });
  else await history.add(onboardingId, entry);
  await raiseEvents({ onboardingId, historyEvent: event, detail, at: entry.at, agreementId, data });
}

const lineKey = (e: HistoryEvent) => `${e.at}\n${e.event}\n${e.detail}`;

/** An onboarding's history: its own lines and its agreement's audit trail, in the order they happened. */
export async function onboardingHistory(onboardingId: string, agreementId?: string): Promise<HistoryEvent[]> {
  const [own, trail] = await Promise.all([
    history.list(onboardingId),
    agreementId ? auditTrail.list(agreementId) : Promise.resolve([]),
  ]);
  const agreementLines = trail.map(({ at, event, detail }) => ({ at, event, detail }));
  // onboardings recorded before the trail was the history's source have each agreement line twice: shown once
  const inTrail = new Set(agreementLines.map(lineKey));
  return [...own.filter((line) => !inTrail.has(lineKey(line))), ...agreementLines].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
}
