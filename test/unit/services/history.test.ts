// An onboarding's history: the lines kept with its record, its own lines, and its agreement's audit trail, where an
// agreement's line is written once.
import { describe, expect, it, vi } from 'vitest';
import { historyLine, onboardingHistory, record } from '../../../functions/services/history.js';
import { useFakes } from '../../support/fakes.js';
import { onboardingRecord } from '../../support/records.js';

describe('Service: the history of an onboarding', () => {
  it("writes an agreement's line once, to its audit trail, and reads every line back in order", async () => {
    const fakes = useFakes();
    const added = vi.spyOn(fakes.history, 'add');
    const started = historyLine('STARTED', 'started by Olu');
    fakes.advance(1);
    await record('onb_1', 'AGREEMENT_GENERATED', 'agreement agr_1', 'agr_1', { documentSha256: 'abc' });
    fakes.advance(1);
    await record('onb_1', 'NOTE', 'a line of the onboarding only');
    fakes.advance(1);
    await record('onb_1', 'SIGNED', 'Sam Signer signed', 'agr_1');

    expect(added).toHaveBeenCalledTimes(1);
    expect((await fakes.auditTrail.list('agr_1')).map((e) => e.event)).toEqual(['AGREEMENT_GENERATED', 'SIGNED']);
    const onboarding = onboardingRecord({ agreementId: 'agr_1', lines: [started] });
    expect((await onboardingHistory(onboarding)).map((e) => e.event)).toEqual([
      'STARTED',
      'AGREEMENT_GENERATED',
      'NOTE',
      'SIGNED',
    ]);
    // no agreement yet: the record's lines and its own
    expect(await onboardingHistory({ ...onboarding, agreementId: undefined })).toHaveLength(2);
  });

  it('shows once a line that an older version wrote both to the history and to the trail', async () => {
    const fakes = useFakes();
    const line = { at: '2026-11-23T09:00:00.000Z', event: 'SIGNED', detail: 'Sam Signer signed' };
    await fakes.history.add('onb_1', line);
    await fakes.auditTrail.append('agr_1', line);
    expect(await onboardingHistory(onboardingRecord({ agreementId: 'agr_1' }))).toEqual([line]);
  });
});
