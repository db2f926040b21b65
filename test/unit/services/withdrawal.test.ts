// An officer withdraws an onboarding in progress: the workflow stops, links stop working, the agreement and the
// onboarding are WITHDRAWN, onboarding.ended says so, and the signers asked and the officer are told apart.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/domain/identity.js';
import { withdrawOnboarding } from '../../../functions/services/outcomes.js';
import { useFakes } from '../../support/fakes.js';
import { onboardingHistory } from '../../../functions/services/history.js';
import { agreementRecord, linkRecord, onboardingRecord, signatureRecord, signer } from '../../support/records.js';

const OFFICER: Actor = { label: 'Olu Officer <olu@liaison.example>', subject: 'sub-olu' };

async function awaitingSignatures(fakes: ReturnType<typeof useFakes>) {
  await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES', agreementId: 'agr_1' }));
  await fakes.agreements.create(agreementRecord());
  await fakes.links.create(linkRecord());
  await fakes.workflow.start('onb_1', {});
}

describe('Service rule: withdrawing an onboarding', () => {
  const withdrawsEverything =
    'stops the workflow, voids the links, withdraws the agreement and tells the signer and the officer apart';
  it(withdrawsEverything, async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    const withdrawn = await withdrawOnboarding('onb_1', 'the company merged into another', OFFICER);
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect((await fakes.agreements.get('agr_1'))?.status).toBe('WITHDRAWN');
    expect((await fakes.links.get('h'.repeat(64)))?.status).toBe('VOID');
    expect([...fakes.workflow.executions.values()].map((e) => e.status)).toEqual(['ABORTED']);
    expect(fakes.bus.published.map((e) => [e.type, e.data.outcome])).toEqual([['onboarding.ended', 'WITHDRAWN']]);
    expect(fakes.mailer.sent.map((m) => m.to)).toEqual([[signer.email], ['officer@liaison.example']]);
    expect(fakes.mailer.sent[0].text).toContain('the company merged into another');
    expect((await onboardingHistory((await fakes.onboardings.get('onb_1'))!)).at(-1)).toMatchObject({
      event: 'WITHDRAWN',
    });
  });

  const refusesWhatCannotBeWithdrawn =
    'refuses an onboarding that has ended, and one everybody has signed (revoke it instead), changing nothing';
  it(refusesWhatCannotBeWithdrawn, async () => {
    const fakes = useFakes();
    await fakes.onboardings.create(onboardingRecord({ status: 'ACTIVE' }));
    await expect(withdrawOnboarding('onb_1', 'x', OFFICER)).rejects.toMatchObject({ code: 'Conflict' });
    const other = onboardingRecord({ onboardingId: 'onb_2', status: 'AWAITING_SIGNATURES', agreementId: 'agr_2' });
    await fakes.onboardings.create(other);
    await fakes.agreements.create(
      agreementRecord({
        agreementId: 'agr_2',
        onboardingId: 'onb_2',
        signatures: [signatureRecord(), signatureRecord({ signerId: 'countersignatory' })],
      }),
    );
    await expect(withdrawOnboarding('onb_2', 'x', OFFICER)).rejects.toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('revoke'),
    });
    expect((await fakes.onboardings.get('onb_2'))?.status).toBe('AWAITING_SIGNATURES');
    expect(fakes.mailer.sent).toEqual([]);
  });
});
