// Ids in the shape Liaison issues them; anything else in a path names nothing.
import { describe, expect, it } from 'vitest';
import { idFrom, isId, isSignerId } from '../../functions/domain/ids.js';

describe('Ids', () => {
  it('recognises the ids Liaison issues, and nothing else', () => {
    const id = idFrom('onboarding', 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
    expect(id).toBe('onb_a1b2c3d4e5f60718293a');
    expect(isId('onboarding', id)).toBe(true);
    expect(isId('agreement', id)).toBe(false);
    for (const other of ['onb_', 'onb_A1B2C3D4E5F60718293A', `${id}0`, 'onb_a1b2c3d4e5f60718293%', '../etc/passwd'])
      expect(isId('onboarding', other), other).toBe(false);
  });

  it('knows the signer ids: ten company signatories and the countersignatory', () => {
    expect(['company-0', 'company-9', 'countersignatory'].every(isSignerId)).toBe(true);
    expect(['company-10', 'company-', 'company-01x', 'Countersignatory', '[]'].some(isSignerId)).toBe(false);
  });
});
