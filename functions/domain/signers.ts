// Who signs an agreement: the company's signatories in their order, then the organisation's countersignatory.
// The ids name each signer's slot in the workflow and in the table.

export const COUNTERSIGNATORY = 'countersignatory';
export const companySignerId = (index: number) => `company-${index}`;
