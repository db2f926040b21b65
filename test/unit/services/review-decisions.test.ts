// Gate decisions on the in-memory store: kept before the workflow hears of them, one per gate, never lost.
import { describe, expect, it } from 'vitest';
import { decideReview, redeliverDecisions, requestReview } from '../../../functions/services/vetting.js';
import { useFakes } from '../../support/fakes.js';
import { agreementRecord, onboardingRecord } from '../../support/records.js';

const ana = { subject: 'sub-ana', label: 'Ana Approver <ana@liaison.example>' };
const ben = { subject: 'sub-ben', label: 'Ben Approver <ben@liaison.example>' };
/** The officer who started the onboarding (records.ts). */
const olu = { subject: 'sub-olu', label: 'Olu Officer <olu@liaison.example>' };

async function inReview(fakes: ReturnType<typeof useFakes>, personalData = false) {
  await fakes.onboardings.create(
    onboardingRecord({
      status: 'VETTING',
      ...(personalData
        ? { scope: { ...onboardingRecord().scope, dataCategories: ['subscriber'] }, agreementId: 'agr_1' }
        : {}),
    }),
  );
  await requestReview('onb_1', 'review-task-1', 'vetting-review');
}

describe('Service rule: review decisions', () => {
  it('keeps the decision, moves the onboarding on and tells the waiting review step', async () => {
    const fakes = useFakes();
    await inReview(fakes);
    expect(fakes.mailer.to('approver@liaison.example')).toHaveLength(1);
    const { onboarding, delivery } = await decideReview(
      'onb_1',
      'vetting-review',
      'approve',
      'documents in order',
      ana,
    );
    expect(delivery).toBe('delivered');
    expect(onboarding).toMatchObject({
      status: 'AWAITING_SIGNATURES',
      review: { by: ana.label, bySubject: ana.subject },
    });
    expect(onboarding).not.toHaveProperty('reviewTaskToken');
    expect(fakes.workflow.answers).toEqual([
      {
        taskToken: 'review-task-1',
        output: { decision: 'approve', reason: 'documents in order', by: ana.label },
      },
    ]);
    expect((await fakes.history.list('onb_1')).map((e) => e.event)).toContain('REVIEW_APPROVED');
  });

  it('lets a second approver see the gate was decided, and tells the workflow only once', async () => {
    const fakes = useFakes();
    await inReview(fakes);
    await decideReview('onb_1', 'vetting-review', 'approve', 'ok', ana);
    await expect(decideReview('onb_1', 'vetting-review', 'reject', 'no', ben)).rejects.toMatchObject({
      code: 'Conflict',
    });
    expect(fakes.workflow.answers).toHaveLength(1);
    expect((await fakes.onboardings.get('onb_1'))?.status).toBe('AWAITING_SIGNATURES');
  });

  it('sends a scope with personal data on to the data-protection gate after an approved vetting review', async () => {
    const fakes = useFakes();
    await fakes.agreements.create(agreementRecord());
    await inReview(fakes, true);
    const { onboarding } = await decideReview('onb_1', 'vetting-review', 'approve', 'ok', ana);
    expect(onboarding).toMatchObject({ status: 'IN_REVIEW', pendingGate: 'data-protection' });
  });

  it('queues a decision the workflow could not take, and the redelivery job passes it on once', async () => {
    const fakes = useFakes();
    await inReview(fakes);
    fakes.workflow.failNext('throttled');
    const { delivery } = await decideReview('onb_1', 'vetting-review', 'reject', 'sanctions hit confirmed', ana);
    expect(delivery).toBe('queued');
    expect(fakes.workflow.answers).toEqual([]);
    expect((await fakes.onboardings.get('onb_1'))?.status).toBe('REJECTED');
    // a decision younger than a minute may still be on its way through its own request
    expect(await redeliverDecisions(fakes.clock.now)).toEqual([]);
    fakes.advance(5);
    expect(await redeliverDecisions(fakes.clock.now)).toEqual([
      { onboardingId: 'onb_1', gate: 'vetting-review', result: 'delivered' },
    ]);
    expect(await redeliverDecisions(fakes.clock.now)).toEqual([]);
    expect(fakes.workflow.answers).toHaveLength(1);
  });

  it('hands a decision made before a review step was retried to the retried step', async () => {
    const fakes = useFakes();
    await inReview(fakes);
    fakes.workflow.failNext('throttled');
    await decideReview('onb_1', 'vetting-review', 'approve', 'ok', ana);
    await requestReview('onb_1', 'review-task-2', 'vetting-review');
    fakes.advance(5);
    await redeliverDecisions(fakes.clock.now);
    expect(fakes.workflow.answers.map((a) => a.taskToken)).toEqual(['review-task-2']);
  });

  it('refuses a decision when no review is pending, recording nothing', async () => {
    const fakes = useFakes();
    await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES' }));
    await expect(decideReview('onb_1', 'vetting-review', 'approve', 'ok', ana)).rejects.toMatchObject({
      code: 'Conflict',
    });
    expect(await fakes.decisions.undelivered()).toEqual([]);
    await expect(decideReview('onb_none', 'vetting-review', 'approve', 'ok', ana)).rejects.toMatchObject({
      code: 'NotFound',
    });
  });

  it('refuses a decision for a gate that is not the pending one, recording nothing', async () => {
    const fakes = useFakes();
    await fakes.agreements.create(agreementRecord());
    await inReview(fakes, true);
    await decideReview('onb_1', 'vetting-review', 'approve', 'ok', ana);
    await requestReview('onb_1', 'review-task-2', 'data-protection');
    // the data-protection gate is pending now; a second vetting-review approval must not land on it
    await expect(decideReview('onb_1', 'vetting-review', 'approve', 'ok', ben)).rejects.toMatchObject({
      code: 'Conflict',
    });
    expect(await fakes.decisions.get('onb_1', 'data-protection')).toBeUndefined();
    expect((await fakes.onboardings.get('onb_1'))?.pendingGate).toBe('data-protection');
  });

  it('keeps the person who started an onboarding from deciding its gates', async () => {
    const fakes = useFakes();
    await inReview(fakes);
    await expect(decideReview('onb_1', 'vetting-review', 'approve', 'mine', olu)).rejects.toMatchObject({
      code: 'Forbidden',
    });
    expect(await fakes.decisions.get('onb_1', 'vetting-review')).toBeUndefined();
    expect(fakes.workflow.answers).toEqual([]);
  });
});
