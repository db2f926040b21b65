import { describe, expect, it } from 'vitest';
import { decideAccess, type AgreementForAccess } from '../../functions/domain/access.js';
import type { AccessCheckRequest } from '../../functions/domain/schemas.js';

const agreement: AgreementForAccess = {
  agreementId: 'agr_1',
  status: 'ACTIVE',
  effectiveAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  scope: {
    dataCategories: ['traffic'],
    purposes: ['cybercrime'],
    direction: 'bidirectional',
    retentionDays: 30,
    excludedCountries: ['RU'],
  },
};
const request = (over: Partial<AccessCheckRequest> = {}): AccessCheckRequest => ({
  partnerId: 'ptn_1',
  dataCategory: 'traffic',
  purpose: 'cybercrime',
  direction: 'partner-to-organisation',
  requestingCountry: 'FR',
  ...over,
});
const now = new Date('2026-06-01T00:00:00Z');

describe('Function: decideAccess', () => {
  it('allows an exchange inside scope and time, naming the agreement', () => {
    expect(decideAccess(request(), agreement, now)).toMatchObject({
      decision: 'ALLOW',
      agreementId: 'agr_1',
      expiresAt: agreement.expiresAt,
    });
  });
  it('denies without an agreement', () => {
    expect(decideAccess(request(), undefined, now)).toMatchObject({ decision: 'DENY', agreementId: null });
  });
  it('denies after expiresAt whether or not a job has run, and before effectiveAt', () => {
    expect(decideAccess(request(), agreement, new Date('2027-01-01T00:00:00Z')).reasons[0]).toContain('expired');
    expect(decideAccess(request({ at: '2025-12-31T23:59:59Z' }), agreement, now).decision).toBe('DENY');
  });
  it('denies revoked or suspended agreements', () => {
    expect(decideAccess(request(), { ...agreement, status: 'SUSPENDED' }, now).reasons).toContain(
      'agreement agr_1 is SUSPENDED',
    );
  });
  it('lists every way a request is outside the scope', () => {
    const { decision, reasons } = decideAccess(
      request({ dataCategory: 'content', purpose: 'terrorism', requestingCountry: 'RU' }),
      agreement,
      now,
    );
    expect(decision).toBe('DENY');
    expect(reasons).toHaveLength(3);
  });
  it('lets a bidirectional agreement cover one direction, not the reverse', () => {
    expect(decideAccess(request({ direction: 'organisation-to-partner' }), agreement, now).decision).toBe('ALLOW');
    const oneWay = { ...agreement, scope: { ...agreement.scope, direction: 'partner-to-organisation' as const } };
    expect(decideAccess(request({ direction: 'bidirectional' }), oneWay, now).decision).toBe('DENY');
  });
  it('names each reason with its code', () => {
    expect(decideAccess(request(), undefined, now).codes).toEqual(['NO_ACTIVE_AGREEMENT']);
    expect(decideAccess(request(), { ...agreement, status: 'REVOKED' }, now).codes).toEqual(['REVOKED']);
    expect(
      decideAccess(request(), { ...agreement, status: 'EXPIRED' }, new Date('2027-02-01T00:00:00Z')).codes,
    ).toEqual(['EXPIRED']);
    expect(decideAccess(request({ at: '2025-12-31T23:59:59Z' }), agreement, now).codes).toEqual(['NOT_YET_IN_FORCE']);
    expect(
      decideAccess(
        request({ dataCategory: 'content', purpose: 'terrorism', direction: 'bidirectional', requestingCountry: 'RU' }),
        { ...agreement, scope: { ...agreement.scope, direction: 'partner-to-organisation' } },
        now,
      ).codes,
    ).toEqual(['CATEGORY_OUTSIDE_SCOPE', 'PURPOSE_OUTSIDE_SCOPE', 'DIRECTION_OUTSIDE_SCOPE', 'COUNTRY_EXCLUDED']);
  });
  it('denies against refugee protection, with or without an agreement', () => {
    const protectedFromFrance = request({ protectedFromCountries: ['SY', 'FR'] });
    expect(decideAccess(protectedFromFrance, agreement, now)).toMatchObject({
      decision: 'DENY',
      codes: ['REFUGEE_PROTECTION'],
      reasons: ['the data subject is protected against FR, the requesting country'],
    });
    expect(decideAccess(protectedFromFrance, undefined, now).codes).toEqual([
      'REFUGEE_PROTECTION',
      'NO_ACTIVE_AGREEMENT',
    ]);
    expect(decideAccess(request({ protectedFromCountries: ['SY'] }), agreement, now).decision).toBe('ALLOW');
  });
});
