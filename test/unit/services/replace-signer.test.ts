// An officer gives a signer's slot to another person: the onboarding names them, a waiting link stops working and
// the workflow asks the slot again; a signature given, another signer's address, or a finished onboarding refuse.
import { describe, expect, it } from 'vitest';
import { SIGNATURE_RESENT } from '../../../functions/domain/workflow-errors.js';
import { replaceSigner } from '../../../functions/services/signing.js';
import { useFakes } from '../../support/fakes.js';
import { onboardingHistory } from '../../../functions/services/history.js';
import { agreementRecord, linkRecord, onboardingRecord, signatureRecord } from '../../support/records.js';

const DELEGATE = { name: 'Dana Delegate', email: 'dana@example.org', title: 'COO' };

async function awaitingSignatures(fakes: ReturnType<typeof useFakes>) {
  await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES', agreementId: 'agr_1' }));
  await fakes.agreements.create(agreementRecord());
  await fakes.links.create(linkRecord());
}

describe('Service rule: replacing a signer', () => {
  it('names the new person, withdraws the waiting link and has the workflow ask the slot again', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    const updated = await replaceSigner('onb_1', 'company-0', DELEGATE, 'Sam is on leave', 'Olu Officer');
    expect(updated.signatories).toEqual([DELEGATE]);
    expect((await fakes.links.get('h'.repeat(64)))?.status).toBe('VOID');
    expect(fakes.workflow.answers).toEqual([
      { taskToken: 'task-1', error: SIGNATURE_RESENT, cause: 'signer replaced by Olu Officer' },
    ]);
    expect((await onboardingHistory((await fakes.onboardings.get('onb_1'))!)).at(-1)?.detail).toBe(
      'Olu Officer replaced Sam Signer <sam@example.org> with Dana Delegate <dana@example.org>: Sam is on leave',
    );
  });

  const refusesWhatCannotBeReplaced =
    'refuses a signer who signed, another signer of the agreement, and a finished onboarding, changing nothing';
  it(refusesWhatCannotBeReplaced, async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    await expect(
      replaceSigner('onb_1', 'company-0', { ...DELEGATE, email: 'OLU@liaison.example' }, 'x', 'Olu Officer'),
    ).rejects.toMatchObject({ code: 'ValidationError', issues: [{ path: 'email' }] });
    await fakes.agreements.addSignature('agr_1', signatureRecord());
    await expect(replaceSigner('onb_1', 'company-0', DELEGATE, 'x', 'Olu Officer')).rejects.toMatchObject({
      code: 'Conflict',
    });
    await fakes.onboardings.create(onboardingRecord({ onboardingId: 'onb_2', status: 'ACTIVE' }));
    await expect(replaceSigner('onb_2', 'company-0', DELEGATE, 'x', 'Olu Officer')).rejects.toMatchObject({
      code: 'Conflict',
    });
    expect((await fakes.onboardings.get('onb_1'))?.signatories[0].email).toBe('sam@example.org');
    expect(fakes.workflow.answers).toEqual([]);
  });
});
