// Activation: dates fixed first, then the PDF and the copies, then one write makes the agreement ACTIVE; a retried step
// skips what it finds done.
import { describe, expect, it, vi } from 'vitest';
import { documentKeys } from '../../../functions/ports/documents.js';
import { activateAgreement } from '../../../functions/services/activation.js';
import { useFakes } from '../../support/fakes.js';
import { agreementRecord, onboardingRecord, signatureRecord } from '../../support/records.js';

async function signedAgreement(fakes: ReturnType<typeof useFakes>) {
  await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES' }));
  const countersignature = signatureRecord({ signerId: 'countersignatory', role: 'countersignatory' });
  const agreement = agreementRecord({ signatures: [signatureRecord(), countersignature] });
  await fakes.agreements.create(agreement);
  await fakes.documents.put(agreement.documentKey, '<html><body><h1>Agreement</h1><p>Terms.</p></body></html>');
}

describe('Service: activateAgreement', () => {
  it('stores the PDF, sends the copies and goes ACTIVE with both recorded: two writes to the agreement', async () => {
    const fakes = useFakes();
    await signedAgreement(fakes);
    const updates = vi.spyOn(fakes.agreements, 'update');

    const result = await activateAgreement('onb_1', 'agr_1');

    expect(result.status).toBe('ACTIVE');
    // the dates, then the PDF, the copies and the status together
    expect(updates.mock.calls.filter(([id]) => id === 'agr_1')).toHaveLength(2);
    const agreement = await fakes.agreements.get('agr_1');
    expect(agreement).toMatchObject({ status: 'ACTIVE', pdfKey: documentKeys.agreementPdf('agr_1') });
    expect(agreement?.executedCopiesSentAt).toBeDefined();
    expect(await fakes.documents.get(documentKeys.agreementPdf('agr_1'))).toBeDefined();
    const copies = fakes.mailer.sent.filter((m) => m.subject.includes('now in force'));
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((m) => m.attachments?.[0]?.contentType === 'application/pdf')).toBe(true);
    expect((await fakes.onboardings.get('onb_1'))?.status).toBe('ACTIVE');
  });

  it('makes one write to the agreement when the last signature fixed the term', async () => {
    const fakes = useFakes();
    await signedAgreement(fakes);
    const term = { effectiveAt: '2026-11-23T08:00:00.000Z', expiresAt: '2028-11-23T08:00:00.000Z' };
    await fakes.agreements.update('agr_1', term, ['PENDING_SIGNATURES']);
    const updates = vi.spyOn(fakes.agreements, 'update');

    await activateAgreement('onb_1', 'agr_1');

    expect(updates.mock.calls.filter(([id]) => id === 'agr_1')).toHaveLength(1);
    expect(await fakes.agreements.get('agr_1')).toMatchObject({ status: 'ACTIVE', ...term });
  });

  it('retried after the agreement went ACTIVE, sends no copy again and keeps the dates', async () => {
    const fakes = useFakes();
    await signedAgreement(fakes);
    await activateAgreement('onb_1', 'agr_1');
    const first = await fakes.agreements.get('agr_1');
    await fakes.onboardings.update('onb_1', { status: 'AWAITING_SIGNATURES' }); // as if the last write had failed
    const sent = fakes.mailer.sent.length;
    fakes.advance(5);

    await activateAgreement('onb_1', 'agr_1');

    expect(fakes.mailer.sent).toHaveLength(sent);
    const again = await fakes.agreements.get('agr_1');
    expect(again).toMatchObject({ effectiveAt: first?.effectiveAt, expiresAt: first?.expiresAt });
    expect(again?.executedCopiesSentAt).toBe(first?.executedCopiesSentAt);
    expect((await fakes.onboardings.get('onb_1'))?.status).toBe('ACTIVE');
  });
});
