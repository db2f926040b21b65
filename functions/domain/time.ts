// Calendar arithmetic in UTC; callers pass the time in.
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay)); // 31 Jan + 1 month = 28/29 Feb, never 3 Mar
  return d;
}

export const DAY_MS = 86_400_000;

/** An agreement's term: in force from when it took effect, for its months. */
export const agreementTerm = (effective: Date, termMonths: number) => ({
  effectiveAt: effective.toISOString(),
  expiresAt: addMonths(effective, termMonths).toISOString(),
});
