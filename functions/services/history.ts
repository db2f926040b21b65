import { now } from '../adapters/dependencies.js';
import { auditTrail } from '../adapters/dynamodb/audit-trail.js';
import { history } from '../adapters/dynamodb/history.js';
import type { HistoryEvent, OnboardingRecord } from '../domain/records.js';
import { raiseEvents } from './events.js';

/** A history line, at this moment. */
export const historyLine = (event: string, detail: string): HistoryEvent => ({
  at: now().toISOString(),
  event,
  detail,
});

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
  const line = historyLine(event, detail);
  if (agreementId) await auditTrail.append(agreementId, { ...line, data });
  else await history.add(onboardingId, line);
  await announce(onboardingId, line, agreementId, data);
}

/** Raises the events of a line once it is written (record, or with the onboarding's record: `lines`). */
export async function announce(
  onboardingId: string,
  line: HistoryEvent,
  agreementId?: string,
  data?: Record<string, string>,
) {
  await raiseEvents({ onboardingId, historyEvent: line.event, detail: line.detail, at: line.at, agreementId, data });
}

const lineKey = (e: HistoryEvent) => `${e.at}\n${e.event}\n${e.detail}`;

/**
 * An onboarding's history: the lines kept with its record, its own lines and its agreement's audit trail, in the order
 * they happened.
 */
export async function onboardingHistory(onboarding: OnboardingRecord): Promise<HistoryEvent[]> {
  const [own, trail] = await Promise.all([
    history.list(onboarding.onboardingId),
    onboarding.agreementId ? auditTrail.list(onboarding.agreementId) : Promise.resolve([]),
  ]);
  const agreementLines = trail.map(({ at, event, detail }) => ({ at, event, detail }));
  // onboardings recorded before the trail was the history's source have each agreement line twice: shown once
  const inTrail = new Set(agreementLines.map(lineKey));
  const lines = [...(onboarding.lines ?? []), ...own.filter((line) => !inTrail.has(lineKey(line))), ...agreementLines];
  return lines.sort((a, b) => a.at.localeCompare(b.at));
}
