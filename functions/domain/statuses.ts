// The statuses an onboarding goes through and those it ends in, as plain lists (the console and the CLI read them
// without zod).
export const ONBOARDING_STATUSES = [
  'VETTING',
  'IN_REVIEW',
  'REJECTED',
  'AWAITING_SIGNATURES',
  'DECLINED',
  'SIGNATURE_EXPIRED',
  'ACTIVE',
  'FAILED',
  'WITHDRAWN',
] as const;

/** How an onboarding can end; any other status is still in progress. */
export const ONBOARDING_ENDINGS: readonly string[] = [
  'ACTIVE',
  'REJECTED',
  'DECLINED',
  'SIGNATURE_EXPIRED',
  'FAILED',
  'WITHDRAWN',
] satisfies (typeof ONBOARDING_STATUSES)[number][];

/** The statuses an agreement can have. */
export const AGREEMENT_STATUSES = [
  'PENDING_SIGNATURES',
  'ACTIVE',
  'EXPIRED',
  'REVOKED',
  'SUSPENDED',
  'SUPERSEDED',
  'DECLINED',
  'WITHDRAWN',
] as const;
