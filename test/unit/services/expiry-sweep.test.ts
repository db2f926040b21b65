// The daily sweep on the in-memory store: it acts on what is due and nothing else, each company hears of its own
// agreement, and the organisation's people get one digest a day instead of a message per agreement.
import { describe, expect, it } from 'vitest';
import { nextExpiryActionAt } from '../../../functions/domain/expiry.js';
import { expireAndWarn } from '../../../functions/services/jobs.js';
import { useFakes } from '../../support/fakes.js';
import { AT, agreementRecord, onboardingRecord } from '../../support/records.js';

const AS_OF = new Date('2027-06-01T05:00:00.000Z');
const inDays = (days: number) => new Date(AS_OF.getTime() + days * 86_400_000).toISOString();

async function agreementInForce(fakes: ReturnType<typeof useFakes>, n: number, expiresAt: string, flagged?: number) {
  const onboardingId = `onb_${n}`;
  const legalName = `Company ${n} Ltd`;
  const signer = { name: `Signer ${n}`, email: `signer@company${n}.example`, title: 'CEO' };
  await fakes.onboardings.create(
    onboardingRecord({
      onboardingId,
      status: 'ACTIVE',
      agreementId: `agr_${n}`,
      signatories: [signer],
      company: { legalName, country: 'IE', sector: 'telecom', people: [] },
    }),
  );
  await fakes.agreements.create(
    agreementRecord({
      agreementId: `agr_${n}`,
      onboardingId,
      partnerId: `ptn_${n}`,
      legalName,
      status: 'ACTIVE',
      effectiveAt: AT,
      expiresAt,
      expiryFlaggedDays: flagged,
      expiryNextActionAt: nextExpiryActionAt(expiresAt, flagged),
    }),
  );
}

describe('Service rule: the daily sweep', () => {
  it('warns and expires what is due, each company apart, and sends the organisation one digest each', async () => {
    const fakes = useFakes();
    await agreementInForce(fakes, 1, inDays(80)); // the 90-day warning is due
    await agreementInForce(fakes, 2, inDays(20), 90); // the 30-day warning is due
    await agreementInForce(fakes, 3, inDays(-1), 7); // expired
    await agreementInForce(fakes, 4, inDays(60), 90); // warned at 90 already: nothing due until 30
    await agreementInForce(fakes, 5, inDays(400)); // far off

    const result = await expireAndWarn(AS_OF);
    expect(result.flagged.map((f) => [f.agreementId, f.withinDays])).toEqual([
      ['agr_2', 30],
      ['agr_1', 90],
    ]);
    expect(result.expired.map((e) => e.agreementId)).toEqual(['agr_3']);

    const sent = fakes.mailer.sent.map((m) => ({ to: m.to, subject: m.subject }));
    // each company about its own agreement only
    expect(sent.filter((m) => m.to.some((to) => to.startsWith('signer@')))).toEqual([
      { to: ['signer@company1.example'], subject: 'Agreement with Company 1 Ltd expires within 90 days' },
      { to: ['signer@company2.example'], subject: 'Agreement with Company 2 Ltd expires within 30 days' },
      { to: ['signer@company3.example'], subject: 'Agreement with Company 3 Ltd has expired' },
    ]);
    // the organisation's people: one digest each, listing all three in the order they expire
    const digests = fakes.mailer.sent.filter((m) => m.subject.startsWith('Agreements nearing expiry or expired: 3'));
    expect(digests.map((m) => m.to).sort()).toEqual([['olu@liaison.example'], ['officer@liaison.example']].sort());
    const lines = digests[0].text.split('\n\n').filter((line) => line.startsWith('Company'));
    expect(lines.map((line) => line.split(' (')[0])).toEqual(['Company 3 Ltd', 'Company 2 Ltd', 'Company 1 Ltd']);

    // the next day, nothing more is due: nothing is read that is not acted on, nothing sent twice
    fakes.mailer.sent.length = 0;
    const next = await expireAndWarn(new Date(AS_OF.getTime() + 86_400_000));
    expect([...next.flagged, ...next.expired]).toEqual([]);
    expect(await fakes.agreements.dueBy(new Date(AS_OF.getTime() + 86_400_000).toISOString())).toEqual([]);
    expect(fakes.mailer.sent).toEqual([]);
  });
});
