// Who gets which copy: the company's people and the organisation's never share a To line.
import { describe, expect, it } from 'vitest';
import { changeAgreementStatus } from '../../../functions/services/agreements.js';
import { recipientGroups } from '../../../functions/services/emails.js';
import { recordOutcome } from '../../../functions/services/outcomes.js';
import { inForce, useFakes } from '../../support/fakes.js';
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

  const tellsBothSidesOfStatusChanges =
    'tells the company and the organisation of a suspension and a reinstatement, naming the organisation';
  it(tellsBothSidesOfStatusChanges, async () => {
    const fakes = useFakes();
    const expiresAt = '2027-11-23T09:00:00.000Z';
    await inForce(fakes, expiresAt);
    await changeAgreementStatus('agr_1', 'suspend', 'audit of the exchange log', 'Olu Officer');
    await changeAgreementStatus('agr_1', 'reinstate', 'audit passed', 'Olu Officer');
    expect(fakes.mailer.sent.map((m) => [m.subject, m.to])).toEqual([
      ['Agreement with Example Telecom Ltd suspended', [signer.email]],
      ['Agreement with Example Telecom Ltd suspended', [officerSigner.email, OFFICER]],
      ['Agreement with Example Telecom Ltd reinstated', [signer.email]],
      ['Agreement with Example Telecom Ltd reinstated', [officerSigner.email, OFFICER]],
    ]);
    expect(fakes.mailer.sent[0].text).toContain('the Test Organisation has suspended the data-sharing agreement agr_1');
    expect(fakes.mailer.sent[0].text).toContain('Reason: audit of the exchange log');
    expect(fakes.mailer.sent[2].text).toContain(`in force again until ${expiresAt}`);
  });
});
