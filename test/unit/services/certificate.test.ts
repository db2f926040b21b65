// The executed PDF's certificate of completion names everyone who acted, by name and email: the signers, and the
// Organisation's people who started the onboarding and decided its gates.
import { describe, expect, it } from 'vitest';
import { documentKeys } from '../../../functions/ports/documents.js';
import { activateAgreement } from '../../../functions/services/activation.js';
import { useFakes } from '../../support/fakes.js';
import { pdfText } from '../../support/pdf-text.js';
import { AT, agreementRecord, onboardingRecord, signatureRecord } from '../../support/records.js';

describe('Service rule: the certificate of completion', () => {
  it('names who started the onboarding and who decided each gate, with the signers', async () => {
    const fakes = useFakes();
    await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES' }));
    const countersignature = signatureRecord({
      signerId: 'countersignatory',
      name: 'Head of Legal Affairs',
      title: 'Head of Legal Affairs',
      email: 'legal@liaison.example',
      role: 'countersignatory',
      typedName: 'Head of Legal Affairs',
    });
    const agreement = agreementRecord({ signatures: [signatureRecord(), countersignature] });
    await fakes.agreements.create(agreement);
    await fakes.documents.put(agreement.documentKey, '<html><body><h1>Agreement</h1><p>Terms.</p></body></html>');
    await fakes.decisions.record({
      onboardingId: 'onb_1',
      gate: 'data-protection',
      decision: 'approve',
      reason: 'adequate safeguards',
      by: 'Ana Approver <ana@liaison.example>',
      bySubject: 'sub-ana',
      taskToken: 'task-1',
      at: AT,
    });

    await activateAgreement('onb_1', 'agr_1');

    const lines = await pdfText((await fakes.documents.get(documentKeys.agreementPdf('agr_1')))!);
    const text = lines.join(' '); // long lines wrap
    expect(lines).toContain('Certificate of completion');
    expect(text).toContain(`Started the onboarding: Olu Officer <olu@liaison.example>, ${AT}`);
    expect(text).toContain(
      `Data-protection approval: approved (adequate safeguards): Ana Approver <ana@liaison.example>, ${AT}`,
    );
    expect(lines.some((line) => line.startsWith(signatureRecord().name))).toBe(true);
    expect(text).toContain(`Signed as: ${signatureRecord().typedName}`);
    expect(text).not.toContain('Vetting review'); // no decision was needed there
    // the organisation by name; a title that repeats the name is not printed twice
    expect(text).toContain('between the Test Organisation and Example Telecom Ltd');
    expect(lines).toContain('Head of Legal Affairs (countersignatory)');
    expect(text).not.toContain('Head of Legal Affairs, Head of Legal Affairs');
  });
});
