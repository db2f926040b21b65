// Who signs an agreement: the company's signatories in their order, then the organisation's countersignatory.
// The ids name each signer's slot in the workflow and in the table.

export const COUNTERSIGNATORY = 'countersignatory';
export const companySignerId = (index: number) => `company-${index}`;

/** How many sign: each company signatory, then the countersignatory. */
export const signersOf = (onboarding: { signatories: unknown[] }) => onboarding.signatories.length + 1;

/** Whether these signers (by id, repeats counted once) are everyone who signs. */
export const everyoneSigned = (onboarding: { signatories: unknown[] }, signerIds: string[]) =>
  new Set(signerIds).size >= signersOf(onboarding);

/** A name as it is compared: no accents or other marks, no case, only letters and digits (spacing and hyphens go). */
const comparable = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('und')
    .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Why a typed signature is not the invited signer's name, or undefined when it is: a link signs only for the person
 * it was sent to. Case, accents and spacing are forgiven ("ines  invitee" signs for "Inès Invitée").
 */
export function typedNameProblem(invited: string, typed: string): string | undefined {
  if (comparable(typed) === comparable(invited) && comparable(typed) !== '') return undefined;
  return (
    `"${typed.trim()}" is not the name this link was sent to (${invited}). Type your name as the invitation shows ` +
    'it (capitals, accents and spaces do not matter); if that name is wrong, ask the partnership officer to send ' +
    'the link to the right person.'
  );
}
