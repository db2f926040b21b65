// The statuses an onboarding goes through, in one plain list (the console's script reads it without zod).
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
