import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EXPIRY_WARNING_DAYS, expiryAction, nextExpiryActionAt, reminderDue } from '../../functions/domain/expiry.js';
import { addMonths } from '../../functions/domain/time.js';

const expiresAt = '2027-01-01T00:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(expiresAt) - days * 86_400_000);

describe('Function: expiryAction', () => {
  it('does nothing more than 90 days out', () =>
    expect(expiryAction(expiresAt, undefined, daysBefore(91))).toEqual({ kind: 'none' }));
  it('flags at 90, 30 and 7 days, each once', () => {
    expect(expiryAction(expiresAt, undefined, daysBefore(90))).toEqual({ kind: 'flag', withinDays: 90 });
    expect(expiryAction(expiresAt, 90, daysBefore(60))).toEqual({ kind: 'none' });
    expect(expiryAction(expiresAt, 90, daysBefore(29))).toEqual({ kind: 'flag', withinDays: 30 });
    expect(expiryAction(expiresAt, 30, daysBefore(6))).toEqual({ kind: 'flag', withinDays: 7 });
    expect(expiryAction(expiresAt, 7, daysBefore(1))).toEqual({ kind: 'none' });
  });
  it('jumps straight to the narrowest threshold when the job missed the earlier ones', () => {
    expect(expiryAction(expiresAt, undefined, daysBefore(3))).toEqual({ kind: 'flag', withinDays: 7 });
  });
  it('expires at and after expiresAt', () => {
    expect(expiryAction(expiresAt, 7, new Date(expiresAt))).toEqual({ kind: 'expire' });
  });
});

describe('Function: nextExpiryActionAt', () => {
  it('is the widest warning not yet sent, then the expiry', () => {
    const at = (days: number) => daysBefore(days).toISOString();
    expect(nextExpiryActionAt(expiresAt, undefined)).toBe(at(90));
    expect(nextExpiryActionAt(expiresAt, 90)).toBe(at(30));
    expect(nextExpiryActionAt(expiresAt, 30)).toBe(at(7));
    expect(nextExpiryActionAt(expiresAt, 7)).toBe(expiresAt);
  });
  const agreesWithTheRule = 'agrees with expiryAction: before it nothing is due, at it something is';
  it(agreesWithTheRule, () => {
    const flagged = fc.constantFrom(undefined, ...EXPIRY_WARNING_DAYS);
    fc.assert(
      fc.property(flagged, fc.integer({ min: -10, max: 200 * 24 }), (last, hoursBefore) => {
        const asOf = new Date(Date.parse(expiresAt) - hoursBefore * 3_600_000);
        const due = Date.parse(nextExpiryActionAt(expiresAt, last)) <= asOf.getTime();
        expect(expiryAction(expiresAt, last, asOf).kind !== 'none').toBe(due);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Function: reminderDue', () => {
  const sent = '2026-11-01T00:00:00.000Z';
  const at = (days: number) => new Date(Date.parse(sent) + days * 86_400_000);
  it('first after 5 days, then every 2, at most 5, never after expiry', () => {
    expect(reminderDue(sent, 0, undefined, '2026-12-01T00:00:00Z', at(4))).toBe(false);
    expect(reminderDue(sent, 0, undefined, '2026-12-01T00:00:00Z', at(5))).toBe(true);
    expect(reminderDue(sent, 1, at(5).toISOString(), '2026-12-01T00:00:00Z', at(6))).toBe(false);
    expect(reminderDue(sent, 1, at(5).toISOString(), '2026-12-01T00:00:00Z', at(7))).toBe(true);
    expect(reminderDue(sent, 5, at(13).toISOString(), '2026-12-01T00:00:00Z', at(20))).toBe(false);
    expect(reminderDue(sent, 0, undefined, '2026-11-04T00:00:00Z', at(5))).toBe(false);
  });
  it('follows a configured policy', () => {
    const daily = { firstAfterDays: 1, everyDays: 1, max: 2 };
    expect(reminderDue(sent, 0, undefined, '2026-12-01T00:00:00Z', at(1), daily)).toBe(true);
    expect(reminderDue(sent, 2, at(2).toISOString(), '2026-12-01T00:00:00Z', at(9), daily)).toBe(false);
  });
});

describe('Function: addMonths', () => {
  it('keeps the day, or the last day of a shorter month', () => {
    expect(addMonths(new Date('2026-01-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(addMonths(new Date('2026-03-15T00:00:00Z'), 24).toISOString()).toBe('2028-03-15T00:00:00.000Z');
  });
});
