// The daily job: flag agreements nearing expiry, expire overdue ones, remind unsigned signers.
import { activeAgreements } from '../adapters/dynamodb/active-agreements.js';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { links } from '../adapters/dynamodb/links.js';
import { mailer } from '../adapters/ses-mailer.js';
import { settings } from '../adapters/config.js';
import { expiryAction, nextExpiryActionAt, reminderDue } from '../domain/expiry.js';
import pLimit from 'p-limit';
import type { AgreementRecord } from '../domain/records.js';
import { emails } from './emails.js';
import { tellCompany } from './notifications.js';
import { record } from './history.js';
import { remindWithFreshLink, resumeUnresumed } from './signing.js';
import { rescreenPartners, type RescreenResult } from './rescreening.js';
import { isConflict } from '../domain/errors.js';

/** The console's dashboard (its expiring-soon view), when the function knows the console's address. */
const dashboardLink = () => {
  const base = settings().baseUrlIfSet;
  return base ? `${base}/console#expiring` : undefined;
};

type DigestEntry = { legalName: string; agreementId: string; expiresAt: string; withinDays?: number };

/** What each of the organisation's people is told about in the day's digest. */
class Digest {
  private readonly entries = new Map<string, DigestEntry[]>();
  add(recipients: string[], entry: DigestEntry) {
    for (const to of recipients) this.entries.set(to, [...(this.entries.get(to) ?? []), entry]);
  }
  byRecipient() {
    return [...this.entries];
  }
}

export interface SweepResult {
  asOf: string;
  flagged: { agreementId: string; partnerId: string; expiresAt: string; withinDays: number }[];
  expired: { agreementId: string; partnerId: string; expiresAt: string }[];
  reminded: { agreementId: string; signer: string; reminder: number }[];
  /** Answers recorded earlier that had not reached the workflow, passed on again. */
  resumed: { onboardingId: string; signer: string; result: string }[];
  /** Active partners screened again because the list changed. */
  rescreening: RescreenResult;
  /** Set on a dry run: nothing was written or sent. */
  dryRun?: true;
}

/**
 * The daily job, as of a time. A dry run reports what the job would flag, expire and remind, and writes and sends
 * nothing (no redelivery, no re-screening either).
 */
export async function expirySweep(asOf: Date, options: { dryRun?: boolean } = {}): Promise<SweepResult> {
  const dryRun = options.dryRun ?? false;
  const result: SweepResult = {
    asOf: asOf.toISOString(),
    flagged: [],
    expired: [],
    reminded: [],
    resumed: [],
    rescreening: { list: '', skipped: true, compared: 0, partners: 0, done: true, suspended: [] },
  };
  const expiries = await expireAndWarn(asOf, { dryRun });
  result.flagged = expiries.flagged;
  result.expired = expiries.expired;
  for (const link of await links.pending()) {
    if (!reminderDue(link.sentAt, link.remindersSent, link.lastReminderAt, link.expiresAt, asOf, settings().reminders))
      continue;
    const reminder = { agreementId: link.agreementId, signer: link.signer.email, reminder: link.remindersSent + 1 };
    if (dryRun) {
      result.reminded.push(reminder);
      continue;
    }
    // the n-th reminder is counted once, on the link it reminds of (a concurrent run finds it counted and moves on)
    try {
      await links.recordReminder(link.tokenHash, link.remindersSent + 1, asOf.toISOString());
    } catch (error) {
      if (isConflict(error)) continue;
      throw error;
    }
    // links are kept only as hashes: a reminder carries a fresh link, and the one before stops working
    if (!(await remindWithFreshLink(link, link.remindersSent + 1, asOf))) continue;
    await record(
      link.onboardingId,
      'SIGNATURE_REMINDER',
      `reminder ${link.remindersSent + 1} to ${link.signer.email}`,
      link.agreementId,
    );
    result.reminded.push(reminder);
  }
  if (dryRun) return { ...result, dryRun: true };
  result.resumed = await resumeUnresumed(asOf);
  result.rescreening = await rescreenPartners();
  return result;
}

/** Agreements the daily job acts on at once: enough to overlap their round trips, few enough for the table. */
const SWEEP_CONCURRENCY = 8;
const byExpiry = (a: { expiresAt: string }, b: { expiresAt: string }) => a.expiresAt.localeCompare(b.expiresAt);

/**
 * The expiry part of the daily job: warn of the agreements whose next warning is due, expire those past their
 * expiry. Each company hears of its own agreement; the organisation's people get one digest for the run.
 */
export async function expireAndWarn(asOf: Date, { dryRun = false } = {}) {
  const result: Pick<SweepResult, 'flagged' | 'expired'> & { asOf: string } = {
    asOf: asOf.toISOString(),
    flagged: [],
    expired: [],
  };
  // the sparse index holds ACTIVE agreements under the time their next action falls due: this reads the agreements
  // the job acts on, not every agreement near its expiry; a few at a time, each one's steps in order
  const due = await agreements.dueBy(asOf.toISOString());
  const limit = pLimit(SWEEP_CONCURRENCY);
  const digest = new Digest();
  const act = async (agreement: AgreementRecord) => {
    const action = expiryAction(agreement.expiresAt!, agreement.expiryFlaggedDays, asOf);
    try {
      if (action.kind === 'expire') {
        if (dryRun) {
          result.expired.push(expiredEntry(agreement));
          return;
        }
        await activeAgreements.setStatus(agreement.partnerId, agreement.agreementId, 'EXPIRED');
        await agreements.update(
          agreement.agreementId,
          { status: 'EXPIRED', statusReason: `expired at ${agreement.expiresAt}` },
          ['ACTIVE'],
        );
        await record(
          agreement.onboardingId,
          'AGREEMENT_EXPIRED',
          `expired at ${agreement.expiresAt}`,
          agreement.agreementId,
          { expiresAt: agreement.expiresAt! },
        );
        const ours = await tellCompany(agreement.onboardingId, (to) =>
          emails.expired({
            to,
            legalName: agreement.legalName,
            agreementId: agreement.agreementId,
            expiresAt: agreement.expiresAt!,
          }),
        );
        digest.add(ours, { legalName: agreement.legalName, ...expiredEntry(agreement) });
        result.expired.push(expiredEntry(agreement));
      } else if (action.kind === 'flag') {
        if (dryRun) {
          result.flagged.push(flaggedEntry(agreement, action.withinDays));
          return;
        }
        const expiryNextActionAt = nextExpiryActionAt(agreement.expiresAt!, action.withinDays);
        await agreements.update(agreement.agreementId, { expiryFlaggedDays: action.withinDays, expiryNextActionAt }, [
          'ACTIVE',
        ]);
        await record(
          agreement.onboardingId,
          'EXPIRY_WARNING',
          `expires within ${action.withinDays} days (${agreement.expiresAt})`,
          agreement.agreementId,
          { withinDays: String(action.withinDays), expiresAt: agreement.expiresAt! },
        );
        const ours = await tellCompany(agreement.onboardingId, (to) =>
          emails.expiring({
            to,
            legalName: agreement.legalName,
            agreementId: agreement.agreementId,
            expiresAt: agreement.expiresAt!,
            withinDays: action.withinDays,
          }),
        );
        digest.add(ours, {
          legalName: agreement.legalName,
          ...flaggedEntry(agreement, action.withinDays),
        });
        result.flagged.push(flaggedEntry(agreement, action.withinDays));
      }
    } catch (error) {
      if (!isConflict(error)) throw error; // changed under us (revoked, renewed): nothing to do
    }
  };
  await Promise.all(due.map((agreement) => limit(() => act(agreement))));
  // in the order of expiry, whatever order they finished in
  result.expired.sort(byExpiry);
  result.flagged.sort(byExpiry);
  // the organisation's people: one message each for the day, not one per agreement
  for (const [to, entries] of digest.byRecipient())
    await mailer.send(
      emails.expiryDigest({ to, asOf: result.asOf, entries: entries.sort(byExpiry), consoleLink: dashboardLink() }),
    );
  return { flagged: result.flagged, expired: result.expired };
}

const expiredEntry = (agreement: AgreementRecord) => ({
  agreementId: agreement.agreementId,
  partnerId: agreement.partnerId,
  expiresAt: agreement.expiresAt!,
});
const flaggedEntry = (agreement: AgreementRecord, withinDays: number) => ({
  ...expiredEntry(agreement),
  withinDays,
});
