// A link signs only for the person it was sent to: the typed name must be theirs, forgiving case, accents and spacing.
import { describe, expect, it } from 'vitest';
import { typedNameProblem } from '../../functions/domain/signers.js';

describe('Rule: the typed signature', () => {
  it("takes the invited signer's name with other case, accents, spacing or hyphens", () => {
    for (const typed of ['ines invitee', 'INÈS  INVITÉE', ' Ines-Invitee ', 'Inès Invitée'])
      expect(typedNameProblem('Inès Invitée', typed), typed).toBeUndefined();
    expect(typedNameProblem('محمد علي', 'محمد علي')).toBeUndefined();
    expect(typedNameProblem('王伟', '王 伟')).toBeUndefined();
  });

  it('refuses another name, or none, and says whose name the link was sent to', () => {
    expect(typedNameProblem('Inès Invitée', 'Mickey Mouse')).toContain(
      '"Mickey Mouse" is not the name this link was sent to (Inès Invitée)',
    );
    expect(typedNameProblem('Inès Invitée', 'Inès')).toBeDefined();
    expect(typedNameProblem('Inès Invitée', ' - ')).toBeDefined();
    expect(typedNameProblem('王伟', '王')).toBeDefined();
  });
});
