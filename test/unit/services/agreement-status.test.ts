// Suspend, reinstate and revoke on the in-memory store: access follows the agreement, denied first.
import { describe, expect, it } from 'vitest';
import { decideAccess } from '../../../functions/domain/access.js';
import { changeAgreementStatus } from '../../../functions/services/agreements.js';
import { expirySweep } from '../../../functions/services/jobs.js';
import { inForce, useFakes } from '../../support/fakes.js';
import { AT, agreementRecord, onboardingRecord } from '../../support/records.js';

const EXPIRES = '2027-11-23T09:00:00.000Z';
const request = {
  partnerId: 'ptn_onb_1',
  dataCategory: 'threat-intelligence' as const,
  purpose: 'cybercrime' as const,
  direction: 'partner-to-organisation' as const,
  requestingCountry: 'FR',
};

const access = async (fakes: ReturnType<typeof useFakes>) =>
  decideAccess(request, await fakes.activeAgreements.get('ptn_onb_1'), fakes.clock.now).decision;

describe('Service rule: agreement status', () => {
  it('denies access while suspended and allows it again once reinstated, each change in the audit trail', async () => {
    const fakes = useFakes();
    await inForce(fakes, EXPIRES);
    expect(await access(fakes)).toBe('ALLOW');
    await changeAgreementStatus('agr_1', 'suspend', 'investigation', 'officer:olu');
    expect(await access(fakes)).toBe('DENY');
    await changeAgreementStatus('agr_1', 'reinstate', 'cleared', 'officer:olu');
    expect(await access(fakes)).toBe('ALLOW');
    expect((await fakes.auditTrail.list('agr_1')).map((e) => e.event)).toEqual([
      'AGREEMENT_SUSPENDED',
      'AGREEMENT_ACTIVE',
    ]);
  });

  it('refuses changes the agreement cannot make, changing nothing', async () => {
    const fakes = useFakes();
    await inForce(fakes, EXPIRES);
    await changeAgreementStatus('agr_1', 'revoke', 'breach', 'officer:olu');
    await expect(changeAgreementStatus('agr_1', 'reinstate', 'x', 'officer:olu')).rejects.toMatchObject({
      code: 'Conflict',
    });
    await expect(changeAgreementStatus('agr_none', 'suspend', 'x', 'officer:olu')).rejects.toMatchObject({
      code: 'NotFound',
    });
    expect((await fakes.agreements.get('agr_1'))?.status).toBe('REVOKED');
    expect(await access(fakes)).toBe('DENY');
  });

  it('will not reinstate an agreement past its expiry', async () => {
    const fakes = useFakes();
    await inForce(fakes, '2026-12-01T00:00:00.000Z');
    await changeAgreementStatus('agr_1', 'suspend', 'investigation', 'officer:olu');
    fakes.advance(30 * 24 * 60);
    await expect(changeAgreementStatus('agr_1', 'reinstate', 'cleared', 'officer:olu')).rejects.toThrow(/expired/);
  });

  it('reinstating an agreement whose activation never pointed the partner at it writes the pointer', async () => {
    const fakes = useFakes();
    await fakes.onboardings.create(onboardingRecord({ status: 'ACTIVE', agreementId: 'agr_1' }));
    await fakes.agreements.create(agreementRecord({ status: 'SUSPENDED', effectiveAt: AT, expiresAt: EXPIRES }));
    expect(await access(fakes)).toBe('DENY');
    await changeAgreementStatus('agr_1', 'reinstate', 'activation completed by hand', 'officer:olu');
    expect(await access(fakes)).toBe('ALLOW');
    // with the names re-screening reads from it
    expect((await fakes.activeAgreements.get('ptn_onb_1'))?.names?.legalName).toBe(
      onboardingRecord().company.legalName,
    );
  });

  it('a dry-run sweep reports the agreements due and writes and sends nothing', async () => {
    const fakes = useFakes();
    await inForce(fakes, '2026-12-10T00:00:00.000Z');
    const result = await expirySweep(new Date('2027-01-01T00:00:00Z'), { dryRun: true });
    expect(result).toMatchObject({ dryRun: true, expired: [{ agreementId: 'agr_1' }] });
    expect((await fakes.agreements.get('agr_1'))?.status).toBe('ACTIVE');
    expect(fakes.mailer.sent).toEqual([]);
    expect(await fakes.auditTrail.list('agr_1')).toEqual([]);
  });
});
