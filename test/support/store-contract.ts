// The behaviour every store port promises, run against the in-memory fakes (unit) and the DynamoDB adapters on
// dynalite or DynamoDB Local (integration), so service unit tests on the fakes prove what the adapters do.
import { beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, eventHash } from '../../functions/domain/audit-chain.js';
import { LiaisonError } from '../../functions/domain/errors.js';
import type { Stores } from '../../functions/ports/store.js';
import { AT, agreementRecord, linkRecord, onboardingRecord, signatureRecord } from './records.js';

const isConflict = (error: unknown) => error instanceof LiaisonError && error.code === 'Conflict';
const later = (minutes: number) => new Date(Date.parse(AT) + minutes * 60_000).toISOString();

export function storeContract(adapter: string, freshStores: () => Promise<Stores>) {
  describe(`Store ports on ${adapter}`, () => {
    let s: Stores;
    beforeEach(async () => {
      s = await freshStores();
    });

    describe('onboardings', () => {
      it('creates once: a second create of the same id is a conflict and changes nothing', async () => {
        await s.onboardings.create(onboardingRecord());
        const second = s.onboardings.create(onboardingRecord({ createdBy: 'someone else' }));
        await expect(second).rejects.toSatisfy(isConflict);
        expect((await s.onboardings.get('onb_1'))?.createdBy).toBe(onboardingRecord().createdBy);
      });

      it('answers undefined for an onboarding that does not exist', async () => {
        expect(await s.onboardings.get('onb_missing')).toBeUndefined();
      });

      it('updates only from an expected status, and removes fields given as undefined', async () => {
        await s.onboardings.create(onboardingRecord({ pendingGate: 'vetting-review', reviewTaskToken: 't' }));
        await expect(s.onboardings.update('onb_1', { status: 'ACTIVE' }, ['AWAITING_SIGNATURES'])).rejects.toSatisfy(
          isConflict,
        );
        const updated = await s.onboardings.update(
          'onb_1',
          { status: 'IN_REVIEW', pendingGate: undefined, reviewTaskToken: undefined },
          ['VETTING'],
        );
        expect(updated.status).toBe('IN_REVIEW');
        expect(updated).not.toHaveProperty('pendingGate');
        expect(await s.onboardings.get('onb_1')).not.toHaveProperty('reviewTaskToken');
      });

      it('refuses to update an onboarding that does not exist, without creating it', async () => {
        await expect(s.onboardings.update('onb_missing', { status: 'FAILED' })).rejects.toSatisfy(isConflict);
        expect(await s.onboardings.get('onb_missing')).toBeUndefined();
      });

      it('lists newest first, by status, a page at a time, and refuses a page token it did not issue', async () => {
        for (let i = 1; i <= 5; i++)
          await s.onboardings.create(
            onboardingRecord({ onboardingId: `onb_${i}`, createdAt: later(i), status: i % 2 ? 'VETTING' : 'ACTIVE' }),
          );
        const first = await s.onboardings.list(undefined, 2);
        expect(first.items.map((o) => o.onboardingId)).toEqual(['onb_5', 'onb_4']);
        const second = await s.onboardings.list(undefined, 2, first.nextToken!);
        expect(second.items.map((o) => o.onboardingId)).toEqual(['onb_3', 'onb_2']);
        const last = await s.onboardings.list(undefined, 2, second.nextToken!);
        expect(last.items.map((o) => o.onboardingId)).toEqual(['onb_1']);
        expect(last.nextToken).toBeNull();
        expect((await s.onboardings.list('VETTING', 10)).items.map((o) => o.onboardingId)).toEqual([
          'onb_5',
          'onb_3',
          'onb_1',
        ]);
        const moved = await s.onboardings.update('onb_5', { status: 'ACTIVE' });
        expect(moved.status).toBe('ACTIVE');
        expect((await s.onboardings.list('ACTIVE', 10)).items.map((o) => o.onboardingId)).toEqual([
          'onb_5',
          'onb_4',
          'onb_2',
        ]);
        const crafted = Buffer.from(JSON.stringify({ pk: 'x' })).toString('base64url');
        await expect(s.onboardings.list(undefined, 2, crafted)).rejects.toMatchObject({
          code: 'ValidationError',
          issues: [{ path: 'nextToken' }],
        });
      });
    });

    it('history: keeps every event of an onboarding in time order', async () => {
      await s.history.add('onb_1', { at: later(2), event: 'B', detail: 'second' });
      await s.history.add('onb_1', { at: later(1), event: 'A', detail: 'first' });
      await s.history.add('onb_1', { at: later(1), event: 'A', detail: 'first' }); // a repeat is kept, not merged
      await s.history.add('onb_2', { at: later(1), event: 'X', detail: 'other onboarding' });
      expect((await s.history.list('onb_1')).map((e) => e.event)).toEqual(['A', 'A', 'B']);
      expect(await s.history.list('onb_none')).toEqual([]);
    });

    it('audit trail: concurrent appends make one unbroken chain', async () => {
      const appended = await Promise.all(
        Array.from({ length: 6 }, (_, i) => s.auditTrail.append('agr_1', { at: later(i), event: `E${i}`, detail: '' })),
      );
      expect(new Set(appended.map((e) => e.seq)).size).toBe(6);
      const trail = await s.auditTrail.list('agr_1');
      expect(trail.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      trail.forEach((event, i) => {
        expect(event.prevHash).toBe(i === 0 ? GENESIS_HASH : trail[i - 1].hash);
        expect(eventHash(event)).toBe(event.hash);
      });
    });

    describe('decisions', () => {
      const decision = {
        onboardingId: 'onb_1',
        gate: 'vetting-review' as const,
        decision: 'approve' as const,
        reason: 'ok',
        by: 'approver:a',
        at: AT,
        taskToken: 'task-1',
      };

      it('keeps the first decision per gate and returns it to a second approver', async () => {
        expect(await s.decisions.record(decision)).toBeUndefined();
        const second = await s.decisions.record({ ...decision, decision: 'reject', by: 'approver:b' });
        expect(second).toMatchObject({ decision: 'approve', by: 'approver:a' });
        expect(await s.decisions.record({ ...decision, gate: 'data-protection' })).toBeUndefined();
      });

      it('queues a decision until delivered, and again when handed to a retried task', async () => {
        await s.decisions.record(decision);
        expect((await s.decisions.undelivered()).map((d) => d.gate)).toEqual(['vetting-review']);
        await s.decisions.markDelivered('onb_1', 'vetting-review', later(1));
        expect(await s.decisions.undelivered()).toEqual([]);
        expect((await s.decisions.get('onb_1', 'vetting-review'))?.deliveredAt).toBe(later(1));
        await s.decisions.handToTask('onb_1', 'vetting-review', 'task-2');
        const queued = await s.decisions.undelivered();
        expect(queued).toMatchObject([{ taskToken: 'task-2' }]);
        expect(queued[0]).not.toHaveProperty('deliveredAt');
      });

      it('refuses to mark a decision that was never made', async () => {
        await expect(s.decisions.markDelivered('onb_9', 'vetting-review', AT)).rejects.toSatisfy(isConflict);
        await expect(s.decisions.handToTask('onb_9', 'vetting-review', 't')).rejects.toSatisfy(isConflict);
        expect(await s.decisions.get('onb_9', 'vetting-review')).toBeUndefined();
      });
    });

    describe('agreements', () => {
      it('lists an agreement as due by its next expiry action, only while ACTIVE, soonest first', async () => {
        for (const [id, expiryNextActionAt] of [
          ['agr_a', later(300)],
          ['agr_b', later(100)],
          ['agr_c', later(200)],
        ] as const) {
          await s.agreements.create(agreementRecord({ agreementId: id }));
          const active = { status: 'ACTIVE', effectiveAt: AT, expiresAt: later(5000), expiryNextActionAt } as const;
          await s.agreements.update(id, active, ['PENDING_SIGNATURES']);
        }
        expect((await s.agreements.dueBy(later(250))).map((a) => a.agreementId)).toEqual(['agr_b', 'agr_c']);
        await s.agreements.update('agr_b', { status: 'SUSPENDED' }, ['ACTIVE']);
        expect((await s.agreements.dueBy(later(250))).map((a) => a.agreementId)).toEqual(['agr_c']);
        // acted on: it moves to its next action's time
        await s.agreements.update('agr_c', { expiryFlaggedDays: 90, expiryNextActionAt: later(400) }, ['ACTIVE']);
        expect((await s.agreements.dueBy(later(250))).map((a) => a.agreementId)).toEqual([]);
        expect((await s.agreements.dueBy(later(1000))).map((a) => a.agreementId)).toEqual(['agr_a', 'agr_c']);
      });

      it('refuses to activate without an expiry, and to change status from an unexpected one', async () => {
        await s.agreements.create(agreementRecord());
        await expect(s.agreements.update('agr_1', { status: 'ACTIVE' }, ['PENDING_SIGNATURES'])).rejects.toThrow(
          /next expiry action/,
        );
        await expect(s.agreements.update('agr_1', { status: 'REVOKED' }, ['ACTIVE'])).rejects.toSatisfy(isConflict);
        expect((await s.agreements.get('agr_1'))?.status).toBe('PENDING_SIGNATURES');
      });

      it('leaves a field given as undefined as it is', async () => {
        await s.agreements.create(agreementRecord({ statusReason: 'kept' }));
        const updated = await s.agreements.update('agr_1', { statusReason: undefined, termMonths: 24 }, [
          'PENDING_SIGNATURES',
        ]);
        expect(updated).toMatchObject({ statusReason: 'kept', termMonths: 24 });
      });

      it('adds each signer once: a replayed signature is a no-op', async () => {
        await s.agreements.create(agreementRecord());
        await s.agreements.addSignature('agr_1', signatureRecord());
        await s.agreements.addSignature('agr_1', signatureRecord({ typedName: 'replayed' }));
        await s.agreements.addSignature('agr_1', signatureRecord({ signerId: 'countersignatory' }));
        const { signatures } = (await s.agreements.get('agr_1'))!;
        expect(signatures.map((x) => [x.signerId, x.typedName])).toEqual([
          ['company-0', 'Sam Signer'],
          ['countersignatory', 'Sam Signer'],
        ]);
      });

      it('the last signature fixes the term with it, and a term already fixed is kept', async () => {
        await s.agreements.create(agreementRecord());
        await s.agreements.addSignature('agr_1', signatureRecord());
        expect((await s.agreements.get('agr_1'))?.effectiveAt).toBeUndefined();
        const term = { effectiveAt: later(1), expiresAt: later(400) };
        await s.agreements.addSignature('agr_1', signatureRecord({ signerId: 'countersignatory' }), term);
        expect(await s.agreements.get('agr_1')).toMatchObject(term);
        await s.agreements.addSignature('agr_1', signatureRecord({ signerId: 'company-1' }), {
          effectiveAt: later(2),
          expiresAt: later(500),
        });
        expect(await s.agreements.get('agr_1')).toMatchObject(term);
      });

      it('lists by status, newest first', async () => {
        await s.agreements.create(agreementRecord({ agreementId: 'agr_old' }));
        await s.agreements.create(agreementRecord({ agreementId: 'agr_new', createdAt: later(5) }));
        expect((await s.agreements.list(undefined, 10)).items.map((a) => a.agreementId)).toEqual([
          'agr_new',
          'agr_old',
        ]);
        expect((await s.agreements.list('ACTIVE', 10)).items).toEqual([]);
      });
    });

    it('active agreements: a status change applies only while the pointer still names that agreement', async () => {
      const pointer = { agreementId: 'agr_1', status: 'ACTIVE', scope: agreementRecord().scope, effectiveAt: AT };
      const names = { legalName: 'Nordlicht Telekom AG', people: [] };
      await s.activeAgreements.put('ptn_1', { ...pointer, expiresAt: later(100) }, names, AT);
      await s.activeAgreements.setStatus('ptn_1', 'agr_old', 'REVOKED');
      expect((await s.activeAgreements.get('ptn_1'))?.status).toBe('ACTIVE');
      await s.activeAgreements.setStatus('ptn_1', 'agr_1', 'SUSPENDED');
      expect(await s.activeAgreements.get('ptn_1')).toEqual({
        ...pointer,
        status: 'SUSPENDED',
        expiresAt: later(100),
        names,
      });
      await s.activeAgreements.setStatus('ptn_none', 'agr_1', 'SUSPENDED');
      expect(await s.activeAgreements.get('ptn_none')).toBeUndefined();
    });

    it('partner keys: the first partner to claim a key holds it; another is told who does', async () => {
      expect(await s.partnerKeys.claim('lei', 'X1', 'ptn_a', 'A Ltd')).toBeUndefined();
      expect(await s.partnerKeys.claim('lei', 'X1', 'ptn_a', 'A Ltd')).toBeUndefined(); // the holder again
      expect(await s.partnerKeys.claim('lei', 'X1', 'ptn_b', 'B Ltd')).toEqual({
        partnerId: 'ptn_a',
        legalName: 'A Ltd',
      });
      expect(await s.partnerKeys.find('lei', 'X1')).toEqual({ partnerId: 'ptn_a', legalName: 'A Ltd' });
      expect(await s.partnerKeys.find('lei', 'X2')).toBeUndefined();
    });

    describe('links', () => {
      it('a link is used once, and not after it expires', async () => {
        await s.links.create(linkRecord());
        await s.links.create(linkRecord({ tokenHash: 'e'.repeat(64), signerId: 'countersignatory' }));
        const used = await s.links.use('h'.repeat(64), 'SIGNED', later(1));
        expect(used).toMatchObject({ status: 'SIGNED', usedAt: later(1) });
        await expect(s.links.use('h'.repeat(64), 'DECLINED', later(2))).rejects.toSatisfy(isConflict);
        await expect(s.links.use('e'.repeat(64), 'SIGNED', '2026-12-07T09:00:00.000Z')).rejects.toSatisfy(isConflict);
        await expect(s.links.use('0'.repeat(64), 'SIGNED', later(1))).rejects.toSatisfy(isConflict);
      });

      it('a pending link is listed for reminders; an answer waits in the redelivery queue until resumed', async () => {
        await s.links.create(linkRecord());
        expect((await s.links.pending()).map((l) => l.tokenHash)).toEqual(['h'.repeat(64)]);
        await s.links.use('h'.repeat(64), 'DECLINED', later(1), 'wrong scope');
        expect(await s.links.pending()).toEqual([]);
        expect(await s.links.unresumed()).toMatchObject([{ status: 'DECLINED', declineReason: 'wrong scope' }]);
        await s.links.markResumed('h'.repeat(64), later(2));
        expect(await s.links.unresumed()).toEqual([]);
        await s.links.handToTask('h'.repeat(64), 'task-2');
        expect(await s.links.unresumed()).toMatchObject([{ taskToken: 'task-2' }]);
        expect((await s.links.unresumed())[0]).not.toHaveProperty('resumedAt');
      });

      it('a withdrawn link leaves every queue and cannot be handed to a task', async () => {
        await s.links.create(linkRecord());
        await s.links.use('h'.repeat(64), 'VOID', later(1));
        expect(await s.links.pending()).toEqual([]);
        expect(await s.links.unresumed()).toEqual([]);
        await expect(s.links.handToTask('h'.repeat(64), 'task-2')).rejects.toSatisfy(isConflict);
      });

      it("a signer's slot is claimed once per task token and points at the signer's current link", async () => {
        expect(await s.links.claimSignerSlot('agr_1', 'company-0', 'task-hash-1', 'h'.repeat(64))).toEqual({
          claimed: true,
          linkTokenHash: undefined,
        });
        // the first claim points the slot at the link made next: creating it writes no pointer again
        expect(await s.links.signerSlots('agr_1')).toEqual([{ signerId: 'company-0', tokenHash: 'h'.repeat(64) }]);
        expect(await s.links.claimSignerSlot('agr_1', 'company-0', 'task-hash-1', 'x'.repeat(64))).toEqual({
          claimed: false,
        });
        await s.links.create(linkRecord(), { slotClaimed: true });
        expect(await s.links.claimSignerSlot('agr_1', 'company-0', 'task-hash-2', 'y'.repeat(64))).toEqual({
          claimed: true,
          linkTokenHash: 'h'.repeat(64),
        });
        expect(await s.links.signerSlots('agr_1')).toEqual([{ signerId: 'company-0', tokenHash: 'h'.repeat(64) }]);
        await s.links.create(linkRecord({ tokenHash: 'f'.repeat(64) }));
        expect(await s.links.signerSlots('agr_1')).toEqual([{ signerId: 'company-0', tokenHash: 'f'.repeat(64) }]);
        expect(await s.links.signerSlots('agr_2')).toEqual([]);
      });

      it('records the first view only, each reminder once, and refuses marks on a missing link', async () => {
        await s.links.create(linkRecord());
        await s.links.markViewed('h'.repeat(64), later(1));
        await s.links.markViewed('h'.repeat(64), later(2));
        await s.links.markEmailed('h'.repeat(64), later(1));
        await s.links.recordReminder('h'.repeat(64), 1, later(3));
        await expect(s.links.recordReminder('h'.repeat(64), 1, later(4))).rejects.toSatisfy(isConflict);
        expect(await s.links.get('h'.repeat(64))).toMatchObject({
          firstViewedAt: later(1),
          emailedAt: later(1),
          remindersSent: 1,
          lastReminderAt: later(3),
        });
        await expect(s.links.markEmailed('0'.repeat(64), AT)).rejects.toSatisfy(isConflict);
        await expect(s.links.markResumed('0'.repeat(64), AT)).rejects.toSatisfy(isConflict);
        expect(await s.links.get('0'.repeat(64))).toBeUndefined();
      });
    });

    it('failed attempts: counted per client and window', async () => {
      expect(await s.failedAttempts.record('sign', '192.0.2.1', AT, 2_000_000_000)).toBe(1);
      expect(await s.failedAttempts.record('sign', '192.0.2.1', AT, 2_000_000_000)).toBe(2);
      expect(await s.failedAttempts.count('sign', '192.0.2.1', AT)).toBe(2);
      expect(await s.failedAttempts.count('sign', '192.0.2.2', AT)).toBe(0);
      expect(await s.failedAttempts.count('sign', '192.0.2.1', later(15))).toBe(0);
    });

    describe('idempotency keys', () => {
      const request = (reservation: string, reservedAt = AT) => ({
        fingerprint: 'POST /x {"a":1}',
        reservation,
        reservedAt,
        staleBefore: '2026-11-23T08:58:00.000Z',
        expiresAtEpoch: 2_000_000_000,
      });

      it('reserves a key once; later requests see the reservation, then the response it completed with', async () => {
        expect(await s.idempotency.reserve('alice', 'k1', request('r1'))).toBeUndefined();
        expect(await s.idempotency.reserve('alice', 'k1', request('r2'))).toEqual({
          fingerprint: 'POST /x {"a":1}',
          reservation: 'r1',
          reservedAt: AT,
        });
        await expect(s.idempotency.complete('alice', 'k1', 'r2', { statusCode: 200 })).rejects.toSatisfy(isConflict);
        await s.idempotency.complete('alice', 'k1', 'r1', { statusCode: 201, body: '{"id":"x"}' });
        expect((await s.idempotency.reserve('alice', 'k1', request('r3')))?.response).toEqual({
          statusCode: 201,
          body: '{"id":"x"}',
        });
        expect(await s.idempotency.reserve('bob', 'k1', request('r4'))).toBeUndefined(); // keys are per caller
      });

      it('frees a released reservation, and a stale one without a response, for the next request', async () => {
        await s.idempotency.reserve('alice', 'k1', request('r1'));
        await s.idempotency.release('alice', 'k1', 'r1');
        expect(await s.idempotency.get('alice', 'k1')).toBeUndefined();
        expect(await s.idempotency.reserve('alice', 'k1', request('r2'))).toBeUndefined();
        await s.idempotency.reserve('alice', 'k2', request('r3', '2026-11-23T08:50:00.000Z'));
        expect(await s.idempotency.reserve('alice', 'k2', request('r4'))).toBeUndefined(); // r3 died
        await s.idempotency.complete('alice', 'k2', 'r4', { statusCode: 200 });
        await s.idempotency.release('alice', 'k2', 'r4'); // a completed request is never released
        expect((await s.idempotency.get('alice', 'k2'))?.response).toEqual({ statusCode: 200 });
      });
    });

    describe('webhooks and deliveries', () => {
      const webhook = (id: string, createdAt = AT) => ({
        id,
        url: 'https://receiver.example/hook',
        events: ['agreement.suspended' as const],
        secret: 'whsec_c2VjcmV0',
        createdAt,
        createdBy: 'Olu Officer',
      });
      const delivery = (eventId: string, at: string, stream = 'onb_1') => ({
        webhookId: 'whk_1',
        eventId,
        type: 'agreement.suspended' as const,
        stream,
        order: `${at}#0#${eventId}`,
        payload: '{"type":"agreement.suspended"}',
        status: 'PENDING' as const,
        attempts: [],
        nextAttemptAt: at,
        createdAt: at,
      });

      it('keeps webhooks up to the limit, in the order they were added, and removes one once', async () => {
        await s.webhooks.add(webhook('whk_2', later(1)), 2);
        await s.webhooks.add(webhook('whk_1'), 2);
        await expect(s.webhooks.add(webhook('whk_3'), 2)).rejects.toSatisfy(isConflict);
        expect((await s.webhooks.list()).map((w) => w.id)).toEqual(['whk_1', 'whk_2']);
        expect(await s.webhooks.remove('whk_1')).toBe(true);
        expect(await s.webhooks.remove('whk_1')).toBe(false);
        expect((await s.webhooks.list()).map((w) => w.id)).toEqual(['whk_2']);
      });

      const keepsDeliveriesInOrder =
        'keeps a delivery once, answers a stream in order and what is due, and leaves the due list when settled';
      it(keepsDeliveriesInOrder, async () => {
        await s.deliveries.create(delivery('msg_b', later(2)));
        await s.deliveries.create(delivery('msg_a', later(1)));
        await s.deliveries.create({ ...delivery('msg_a', later(1)), payload: 'a replay' });
        await s.deliveries.create(delivery('msg_c', later(30), 'onb_2'));
        const stream = { webhookId: 'whk_1', stream: 'onb_1' };
        expect((await s.deliveries.pending(stream)).map((d) => [d.eventId, d.payload])).toEqual([
          ['msg_a', '{"type":"agreement.suspended"}'],
          ['msg_b', '{"type":"agreement.suspended"}'],
        ]);
        expect(await s.deliveries.due(later(5), 10)).toEqual([stream]);
        const [first, second] = await s.deliveries.pending(stream);
        await s.deliveries.recordAttempt(
          first,
          { at: later(1), durationMs: 3, responseStatus: 200 },
          { status: 'DELIVERED' },
        );
        await s.deliveries.recordAttempt(
          second,
          { at: later(2), durationMs: 9, responseStatus: 500 },
          {
            status: 'PENDING',
            nextAttemptAt: later(60),
          },
        );
        await expect(
          s.deliveries.recordAttempt(
            first,
            { at: later(3), durationMs: 1, responseStatus: 200 },
            { status: 'DELIVERED' },
          ),
        ).rejects.toSatisfy(isConflict);
        expect(await s.deliveries.due(later(5), 10)).toEqual([]);
        expect(await s.deliveries.due(later(60), 10)).toEqual([{ webhookId: 'whk_1', stream: 'onb_2' }, stream]);
        expect(
          (await s.deliveries.pending(stream)).map((d) => [d.eventId, d.attempts.length, d.nextAttemptAt]),
        ).toEqual([['msg_b', 1, later(60)]]);
        const listed = await s.deliveries.list('whk_1', 2);
        expect(listed.items.map((d) => [d.eventId, d.status])).toEqual([
          ['msg_c', 'PENDING'],
          ['msg_b', 'PENDING'],
        ]);
        const rest = await s.deliveries.list('whk_1', 2, listed.nextToken!);
        expect(rest.items.map((d) => [d.eventId, d.status, d.attempts])).toEqual([
          ['msg_a', 'DELIVERED', [{ at: later(1), durationMs: 3, responseStatus: 200 }]],
        ]);
      });

      it('lets one sender hold a stream until it releases it or its lease runs out', async () => {
        const stream = { webhookId: 'whk_1', stream: 'onb_1' };
        expect(await s.deliveries.lease(stream, 'run-1', later(5), AT)).toBe(true);
        expect(await s.deliveries.lease(stream, 'run-2', later(5), later(1))).toBe(false);
        expect(await s.deliveries.lease(stream, 'run-2', later(10), later(6))).toBe(true); // run-1 died
        await s.deliveries.release(stream, 'run-1'); // not its lease any more: changes nothing
        expect(await s.deliveries.lease(stream, 'run-3', later(10), later(7))).toBe(false);
        await s.deliveries.release(stream, 'run-2');
        expect(await s.deliveries.lease(stream, 'run-3', later(10), later(7))).toBe(true);
      });
    });

    it('screening state: kept and read back', async () => {
      expect(await s.screeningState.get()).toEqual({});
      const state = {
        list: 'l'.repeat(64),
        rules: 'r1',
        at: AT,
        pass: { list: 'm'.repeat(64), rules: 'r1', after: 'mark', partners: 3, startedAt: AT },
      };
      await s.screeningState.set(state);
      expect(await s.screeningState.get()).toEqual(state);
    });

    it('screening state: one run holds the lease until it ends, keeps its state, or the lease runs out', async () => {
      expect(await s.screeningState.lease('run-1', later(10), AT)).toBe(true);
      expect(await s.screeningState.lease('run-2', later(10), later(1))).toBe(false);
      expect(await s.screeningState.lease('run-1', later(20), later(1))).toBe(true); // its own, extended
      expect(await s.screeningState.lease('run-2', later(30), later(21))).toBe(true); // run-1's ran out
      await s.screeningState.set({ list: 'l'.repeat(64) }); // run-2 is done
      expect(await s.screeningState.get()).toEqual({ list: 'l'.repeat(64) });
      expect(await s.screeningState.lease('run-3', later(40), later(22))).toBe(true);
    });

    it('partner pointers: listed by when each was written, after a mark, page by page, with their names', async () => {
      const names = (legalName: string) => ({ legalName, people: [{ role: 'ceo', name: 'Ana Ops' }] });
      const pointer = (agreementId: string) => ({
        agreementId,
        status: 'ACTIVE' as const,
        scope: agreementRecord().scope,
        effectiveAt: AT,
        expiresAt: later(400),
      });
      await s.activeAgreements.put('ptn_b', pointer('agr_b'), names('Bravo AB'), later(2));
      await s.activeAgreements.put('ptn_a', pointer('agr_a'), names('Alpha AB'), later(1));
      await s.activeAgreements.put('ptn_c', pointer('agr_c'), names('Charlie AB'), later(3));
      const first = await s.activeAgreements.listAfter(undefined, 2);
      expect(first.items.map((p) => p.partnerId)).toEqual(['ptn_a', 'ptn_b']);
      expect(first.items[0]).toMatchObject({ partnerId: 'ptn_a', names: names('Alpha AB') });
      const second = await s.activeAgreements.listAfter(undefined, 2, first.nextToken ?? undefined);
      expect(second.items.map((p) => p.partnerId)).toEqual(['ptn_c']);
      const after = await s.activeAgreements.listAfter(first.items[0].mark, 10);
      expect(after.items.map((p) => p.partnerId)).toEqual(['ptn_b', 'ptn_c']);
      expect((await s.activeAgreements.get('ptn_a'))?.names?.legalName).toBe('Alpha AB');
    });
  });
}
