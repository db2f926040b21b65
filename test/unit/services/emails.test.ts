// Who gets which copy: the company's people and the organisation's never share a To line.
import { describe, expect, it } from 'vitest';
import { recipientGroups } from '../../../functions/services/emails.js';
import { recordOutcome } from '../../../functions/services/outcomes.js';
import { useFakes } from '../../support/fakes.js';
import { officerSigner, onboardingRecord, signer } from '../../support/records.js';

const OFFICER = 'officer@liaison.example';

describe('Service rule: email recipients', () => {
  it('tells the company and the organisation of a declined onboarding in separate messages', async () => {
    const fakes = useFakes();
    await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES' }));
    await recordOutcome('onb_1', 'DECLINED', 'Sam Signer declined: wrong entity');
    expect(fakes.mailer.sent.map((m) => m.to)).toEqual([[signer.email], [officerSigner.email, OFFICER]]);
    expect(new Set(fakes.mailer.sent.map((m) => m.subject)).size).toBe(1);
  });

  it('tells only the officer of a rejection', async () => {
    const fakes = useFakes();
    await fakes.onboardings.create(onboardingRecord());
    await recordOutcome('onb_1', 'REJECTED', 'sanctions match');
    expect(fakes.mailer.sent.map((m) => m.to)).toEqual([[OFFICER]]);
  });

  it('sends the executed copy to the signatories in one group and the countersignatory and officer in another', () => {
    const onboarding = {
      signatories: [{ email: 'a@company.example' }, { email: 'b@company.example' }, { email: 'a@company.example' }],
      countersignatory: { email: 'legal@org.example' },
    };
    expect(recipientGroups(onboarding, 'officer@org.example', true)).toEqual([
      ['a@company.example', 'b@company.example'],
      ['legal@org.example', 'officer@org.example'],
    ]);
    // an officer who also signs for the company (a test setup) is not told twice
    expect(
      recipientGroups({ ...onboarding, countersignatory: { email: 'a@company.example' } }, 'a@company.example', true),
    ).toEqual([['a@company.example', 'b@company.example']]);
  });
});
