// Gathers what the transparency report counts: the period's access decisions from the decision log, every
// onboarding (its company, outcome and vetting), its gate decisions, and each agreement's audit trail.
import { agreements } from '../adapters/dynamodb/agreements.js';
import { auditTrail } from '../adapters/dynamodb/audit-trail.js';
import { decisions } from '../adapters/dynamodb/decisions.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { decisionLog } from '../adapters/s3-decision-log.js';
import { GATES } from '../domain/schemas.js';
import { DecisionCounter, type Period, type ReportInputs, transparencyReport } from '../domain/transparency.js';
import { DAY_MS } from '../domain/time.js';

const PAGE = 100;

async function all<T>(list: (nextToken?: string) => Promise<{ items: T[]; nextToken?: string | null }>) {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await list(nextToken);
    items.push(...page.items);
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
  return items;
}

export async function buildTransparencyReport(period: Period) {
  const from = new Date(`${period.from}T00:00:00.000Z`);
  const to = new Date(Date.parse(`${period.to}T00:00:00.000Z`) + DAY_MS - 1);
  const counted = new DecisionCounter(period);
  for await (const decision of decisionLog.scan({ from, to })) counted.add(decision);
  const allOnboardings = await all((nextToken) => onboardings.list(undefined, PAGE, nextToken));
  const company = new Map(allOnboardings.map((o) => [o.onboardingId, o.company]));
  const allAgreements = await all((nextToken) => agreements.list(undefined, PAGE, nextToken));

  const inputs: ReportInputs = {
    period,
    decisions: counted,
    onboardings: allOnboardings.map((o) => ({
      createdAt: o.createdAt,
      status: o.status,
      vettingOutcome: o.vetting?.decision,
    })),
    agreements: await Promise.all(
      allAgreements
        .filter((a) => a.effectiveAt)
        .map(async (a) => ({
          sector: company.get(a.onboardingId)?.sector ?? 'unknown',
          country: company.get(a.onboardingId)?.country ?? 'unknown',
          events: (await auditTrail.list(a.agreementId)).map(({ at, event }) => ({ at, event })),
        })),
    ),
    gateDecisions: (
      await Promise.all(allOnboardings.flatMap((o) => GATES.map((gate) => decisions.get(o.onboardingId, gate))))
    ).flatMap((d) => (d ? [{ at: d.at, gate: d.gate, decision: d.decision }] : [])),
  };
  return transparencyReport(inputs);
}
