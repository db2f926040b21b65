// Expiry policy: which agreements to warn about and which to expire, as of a given time.
import { DAY_MS } from './time.js';

/** Warning thresholds in days before expiry, widest first. */
export const EXPIRY_WARNING_DAYS = [90, 30, 7] as const;

export type ExpiryAction = { kind: 'expire' } | { kind: 'flag'; withinDays: number } | { kind: 'none' };

/** `lastFlaggedDays` is the narrowest threshold already announced, so each is sent once. */
export function expiryAction(expiresAt: string, lastFlaggedDays: number | undefined, asOf: Date): ExpiryAction {
  const remainingMs = Date.parse(expiresAt) - asOf.getTime();
  if (remainingMs <= 0) return { kind: 'expire' };
  const due = EXPIRY_WARNING_DAYS.filter((days) => remainingMs <= days * DAY_MS);
  const narrowest = due.at(-1);
  if (narrowest === undefined) return { kind: 'none' };
  if (lastFlaggedDays !== undefined && lastFlaggedDays <= narrowest) return { kind: 'none' };
  return { kind: 'flag', withinDays: narrowest };
}

/**
 * When the next expiry action falls due: the widest warning not yet sent (a threshold narrower than the last one
 * announced), else the expiry itself. The daily job reads only agreements whose time has come.
 */
export function nextExpiryActionAt(expiresAt: string, lastFlaggedDays: number | undefined): string {
  const expiry = Date.parse(expiresAt);
  const unsent = EXPIRY_WARNING_DAYS.filter((days) => lastFlaggedDays === undefined || days < lastFlaggedDays);
  const widest = unsent[0];
  return new Date(widest === undefined ? expiry : expiry - widest * DAY_MS).toISOString();
}

export interface ReminderPolicy {
  firstAfterDays: number;
  everyDays: number;
  max: number;
}

/** Documenso's reminder rhythm: the first after 5 days, then every 2, at most 5. */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { firstAfterDays: 5, everyDays: 2, max: 5 };

export function reminderDue(
  sentAt: string,
  remindersSent: number,
  lastReminderAt: string | undefined,
  expiresAt: string,
  asOf: Date,
  policy = DEFAULT_REMINDER_POLICY,
): boolean {
  const now = asOf.getTime();
  if (remindersSent >= policy.max || now >= Date.parse(expiresAt)) return false;
  if (remindersSent === 0) return now - Date.parse(sentAt) >= policy.firstAfterDays * DAY_MS;
  return now - Date.parse(lastReminderAt ?? sentAt) >= policy.everyDays * DAY_MS;
}
