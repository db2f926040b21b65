// The transparency report an oversight body can publish, as a pure function of what happened: access decisions by
// requesting country, category, purpose and outcome (with DENY counts by code), agreements in force by sector and
// country, onboardings by outcome, vetting outcomes, approvers' decisions, and changes to agreements. Counts from 1
// to 4 are published as "1-4" (small counts could single out a case); the report's SHA-256 is that of its CSV form,
// so a published copy can be checked against the system.
import { createHash } from 'node:crypto';
import { ONBOARDING_ENDINGS } from './statuses.js';

export interface Period {
  /** Days, YYYY-MM-DD, both included (UTC). */
  from: string;
  to: string;
}

export interface ReportDecision {
  at: string;
  requestingCountry: string;
  dataCategory: string;
  purpose: string;
  decision: string;
  codes: string[];
}

export interface ReportInputs {
  period: Period;
  /** The decisions as they are read, or already counted (a period's log is counted as it streams by). */
  decisions: Iterable<ReportDecision> | DecisionCounter;
  agreements: { sector: string; country: string; events: { at: string; event: string }[] }[];
  onboardings: { createdAt: string; status: string; vettingOutcome?: string }[];
  gateDecisions: { at: string; gate: string; decision: string }[];
}

/** A published count: the number, or "1-4" for a small one. */
export type Count = number | '1-4';

const SECTIONS = {
  accessDecisions: ['requestingCountry', 'dataCategory', 'purpose', 'decision'],
  denyReasons: ['code'],
  agreementsInForce: ['sector', 'country'],
  onboardings: ['outcome'],
  vettingOutcomes: ['outcome'],
  reviewDecisions: ['gate', 'decision'],
  agreementChanges: ['event'],
  /** The access decisions month by month (YYYY-MM, UTC), for the charts over time. */
  accessDecisionsByMonth: ['month', 'requestingCountry', 'dataCategory', 'decision'],
} as const;
type Section = keyof typeof SECTIONS;
type Row<S extends Section> = { [K in (typeof SECTIONS)[S][number]]: string } & { count: Count };

export type TransparencyReport = { period: Period } & { [S in Section]: Row<S>[] };

/** The CSV's columns: the section, the period, then every section's dimensions once, then the count. */
const COLUMNS = ['section', 'from', 'to', ...new Set(Object.values(SECTIONS).flat()), 'count'] as const;

/** Audit events that end an agreement's time in force. */
const ENDS = new Set(['AGREEMENT_REVOKED', 'AGREEMENT_EXPIRED', 'AGREEMENT_SUPERSEDED']);
/** Audit events that change an agreement, as the report counts them. */
const CHANGES = new Set(['AGREEMENT_SUSPENDED', 'AGREEMENT_ACTIVE', 'AGREEMENT_REVOKED', 'AGREEMENT_EXPIRED']);

export const published = (count: number): Count => (count >= 1 && count <= 4 ? '1-4' : count);

const periodBounds = (period: Period) => ({
  start: Date.parse(`${period.from}T00:00:00.000Z`),
  end: Date.parse(`${period.to}T23:59:59.999Z`),
});

/**
 * Counts access decisions one at a time, keeping only the counts: a period of millions of decisions is reported
 * in memory proportional to the distinct cells, not the decisions.
 */
export class DecisionCounter {
  readonly accessDecisions = new Map<string, number>();
  readonly accessDecisionsByMonth = new Map<string, number>();
  readonly denyReasons = new Map<string, number>();
  private readonly bounds: { start: number; end: number };

  constructor(period: Period) {
    this.bounds = periodBounds(period);
  }

  add(decision: ReportDecision) {
    const t = Date.parse(decision.at);
    if (!(t >= this.bounds.start && t <= this.bounds.end)) return;
    const cells = decision as unknown as Record<string, unknown>;
    bump(this.accessDecisions, keyOf('accessDecisions', cells));
    bump(this.accessDecisionsByMonth, keyOf('accessDecisionsByMonth', { ...cells, month: decision.at.slice(0, 7) }));
    if (decision.decision === 'DENY')
      for (const code of decision.codes) bump(this.denyReasons, keyOf('denyReasons', { code }));
  }
}

export function transparencyReport(inputs: ReportInputs): { report: TransparencyReport; csv: string; sha256: string } {
  const { start, end } = periodBounds(inputs.period);
  const within = (at: string) => {
    const t = Date.parse(at);
    return t >= start && t <= end;
  };

  let decisions = inputs.decisions;
  if (!(decisions instanceof DecisionCounter)) {
    const counter = new DecisionCounter(inputs.period);
    for (const decision of decisions) counter.add(decision);
    decisions = counter;
  }
  const onboardings = inputs.onboardings.filter((o) => within(o.createdAt));
  const inForce = inputs.agreements.filter(({ events }) => {
    const began = events.find((e) => e.event === 'ACTIVE');
    const ended = events.find((e) => ENDS.has(e.event));
    return began !== undefined && Date.parse(began.at) <= end && !(ended && Date.parse(ended.at) < start);
  });

  const report: TransparencyReport = {
    period: inputs.period,
    accessDecisions: rows('accessDecisions', decisions.accessDecisions),
    denyReasons: rows('denyReasons', decisions.denyReasons),
    agreementsInForce: tally('agreementsInForce', inForce),
    onboardings: tally(
      'onboardings',
      onboardings.map((o) => ({ outcome: ONBOARDING_ENDINGS.includes(o.status) ? o.status : 'IN_PROGRESS' })),
    ),
    vettingOutcomes: tally(
      'vettingOutcomes',
      onboardings.map((o) => ({ outcome: o.vettingOutcome ?? 'NOT_VETTED_YET' })),
    ),
    reviewDecisions: tally(
      'reviewDecisions',
      inputs.gateDecisions.filter((d) => within(d.at)),
    ),
    agreementChanges: tally(
      'agreementChanges',
      inputs.agreements.flatMap((a) => a.events.filter((e) => CHANGES.has(e.event) && within(e.at))),
    ),
    accessDecisionsByMonth: rows('accessDecisionsByMonth', decisions.accessDecisionsByMonth),
  };
  const csv = toCsv(report);
  return { report, csv, sha256: createHash('sha256').update(csv, 'utf8').digest('hex') };
}

const keyOf = (section: Section, item: Record<string, unknown>) =>
  JSON.stringify((SECTIONS[section] as readonly string[]).map((d) => String(item[d])));
const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** Counts the items by the section's dimensions. */
function tally<S extends Section>(section: S, items: Record<string, unknown>[]): Row<S>[] {
  const counts = new Map<string, number>();
  for (const item of items) bump(counts, keyOf(section, item));
  return rows(section, counts);
}

/** The section's rows in a stable order (by dimensions), small counts published as 1-4. */
function rows<S extends Section>(section: S, counts: Map<string, number>): Row<S>[] {
  const dimensions = SECTIONS[section] as readonly string[];
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => {
      const values = JSON.parse(key) as string[];
      return { ...Object.fromEntries(dimensions.map((d, i) => [d, values[i]])), count: published(count) } as Row<S>;
    });
}

const cell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The report as CSV: one row for the period, then one row per count, each section's own columns filled in. */
export function toCsv(report: TransparencyReport): string {
  const rows: Record<string, string | number>[] = [
    { section: 'period', from: report.period.from, to: report.period.to },
  ];
  for (const section of Object.keys(SECTIONS) as Section[])
    for (const row of report[section]) rows.push({ section, ...(row as Record<string, string | number>) });
  const lines = [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => cell(row[c] ?? '')).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
