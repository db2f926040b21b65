// Events and webhook deliveries on the in-memory store: what raises which event, who gets it, signatures, order per
// onboarding, the retry schedule, giving up, and removed webhooks.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, type EventType } from '../../../functions/domain/events.js';
import { changeAgreementStatus } from '../../../functions/services/agreements.js';
import { recordOutcome } from '../../../functions/services/outcomes.js';
import { sendDeliveries } from '../../../functions/services/webhook-delivery.js';
import { registerWebhook } from '../../../functions/services/webhooks.js';
import { inForce, useFakes } from '../../support/fakes.js';
import { onboardingRecord } from '../../support/records.js';

const EXPIRES = '2027-11-23T09:00:00.000Z';
/** No run waits for a retry: each test moves the clock instead. */
const NO_WAITING = () => Date.now();

const subscribe = (events: EventType[], url = 'https://receiver.example/hook') =>
  registerWebhook({ url, events }, 'Olu Officer <olu@liaison.example>');
const sentTypes = (fakes: ReturnType<typeof useFakes>) =>
  fakes.webhookSender.sent.map((s) => (JSON.parse(s.body) as { type: string }).type);

describe('Service rule: events and webhooks', () => {
  const raisesSignedSuspension =
    'raises agreement.suspended to the bus and to each webhook subscribed to it, signed per Standard Webhooks';
  it(raisesSignedSuspension, async () => {
    const fakes = useFakes();
    fakes.clock.now = new Date(); // the library checks the signature's time against the real clock
    await inForce(fakes, EXPIRES);
    const suspensions = await subscribe(['agreement.suspended']);
    await subscribe(['onboarding.started']);
    await changeAgreementStatus('agr_1', 'suspend', 'investigation', 'Olu Officer');
    expect(fakes.bus.published.map((e) => e.type)).toEqual(['agreement.suspended']);
    await sendDeliveries('onb_1', NO_WAITING());
    expect(fakes.webhookSender.sent).toHaveLength(1);
    const [sent] = fakes.webhookSender.sent;
    const event = new Webhook(suspensions.secret).verify(sent.body, sent.headers) as {
      type: string;
      data: Record<string, string>;
    };
    expect(event.type).toBe('agreement.suspended');
    expect(event.data).toMatchObject({ agreementId: 'agr_1', partnerId: 'ptn_onb_1', onboardingId: 'onb_1' });
    expect(event.data.detail).toContain('investigation');
    expect(sent.headers['webhook-id']).toBe(fakes.bus.published[0].id);
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(sent.body, sent.headers),
    ).toThrow();
  });

  const raisesOneEnding =
    'raises onboarding.ended once, with its outcome, when the workflow records it (not when a signer declines)';
  it(raisesOneEnding, async () => {
    const fakes = useFakes();
    await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES' }));
    await subscribe(['onboarding.ended']);
    await recordOutcome('onb_1', 'REJECTED', 'sanctions match');
    await recordOutcome('onb_1', 'REJECTED', 'sanctions match'); // a retried step
    await sendDeliveries(undefined, NO_WAITING());
    expect(sentTypes(fakes)).toEqual(['onboarding.ended']);
    expect(JSON.parse(fakes.webhookSender.sent[0].body).data.outcome).toBe('REJECTED');
  });

  it('keeps the order per onboarding: a later event waits while an earlier one is retried', async () => {
    const fakes = useFakes();
    await inForce(fakes, EXPIRES);
    await subscribe(['agreement.suspended', 'agreement.reinstated']);
    fakes.webhookSender.answers.push({ status: 503 }, { error: 'could not connect (ECONNREFUSED)' });
    await changeAgreementStatus('agr_1', 'suspend', 'investigation', 'Olu Officer');
    await sendDeliveries('onb_1', NO_WAITING());
    fakes.advance(1);
    await changeAgreementStatus('agr_1', 'reinstate', 'cleared', 'Olu Officer');
    await sendDeliveries('onb_1', NO_WAITING());
    // the suspension was retried (5 s later) and failed again; the reinstatement was not sent before it
    expect(sentTypes(fakes)).toEqual(['agreement.suspended', 'agreement.suspended']);
    const [first] = fakes.deliveries.records.values();
    expect(first.attempts.map((a) => a.responseStatus ?? a.error)).toEqual([503, 'could not connect (ECONNREFUSED)']);
    expect(Date.parse(first.nextAttemptAt!) - Date.parse(first.attempts[1].at)).toBe(RETRY_DELAYS_SECONDS[1] * 1000);
    fakes.advance(5);
    await sendDeliveries(undefined, NO_WAITING());
    expect(sentTypes(fakes)).toEqual([
      'agreement.suspended',
      'agreement.suspended',
      'agreement.suspended',
      'agreement.reinstated',
    ]);
    expect([...fakes.deliveries.records.values()].map((d) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('gives a delivery up after the last attempt of the schedule, and sends the next one', async () => {
    const fakes = useFakes();
    await inForce(fakes, EXPIRES);
    await subscribe(['agreement.suspended', 'agreement.revoked']);
    fakes.webhookSender.answers.push(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 500 })));
    await changeAgreementStatus('agr_1', 'suspend', 'investigation', 'Olu Officer');
    fakes.advance(1); // events of one onboarding go out in the order of their times
    await changeAgreementStatus('agr_1', 'revoke', 'breach', 'Olu Officer');
    for (let run = 0; run < MAX_ATTEMPTS; run++) {
      await sendDeliveries(undefined, NO_WAITING());
      fakes.advance(11 * 60); // past the longest wait of the schedule
    }
    const [suspended, revoked] = fakes.deliveries.records.values();
    expect(suspended.status).toBe('FAILED');
    expect(suspended.attempts).toHaveLength(MAX_ATTEMPTS);
    expect(revoked.status).toBe('DELIVERED');
  });

  it('cancels what was pending for a webhook that was removed', async () => {
    const fakes = useFakes();
    await inForce(fakes, EXPIRES);
    const webhook = await subscribe(['agreement.revoked']);
    await changeAgreementStatus('agr_1', 'revoke', 'breach', 'Olu Officer');
    await fakes.webhooks.remove(webhook.id);
    await sendDeliveries(undefined, NO_WAITING());
    expect(fakes.webhookSender.sent).toHaveLength(0);
    expect([...fakes.deliveries.records.values()][0].status).toBe('CANCELLED');
  });

  it('refuses webhook URLs that are not public https endpoints', async () => {
    useFakes();
    for (const url of [
      'http://receiver.example/hook',
      'https://127.0.0.1/x',
      'https://169.254.169.254/latest',
      'https://localhost:8443/',
    ]) {
      await expect(subscribe(['agreement.revoked'], url)).rejects.toMatchObject({
        code: 'ValidationError',
        issues: [{ path: 'url' }],
      });
    }
    process.env.WEBHOOK_TARGETS = 'any';
    try {
      await expect(subscribe(['agreement.revoked'], 'http://127.0.0.1:9000/hook')).resolves.toMatchObject({
        id: expect.stringMatching(/^whk_/),
      });
    } finally {
      delete process.env.WEBHOOK_TARGETS;
    }
  });
});
