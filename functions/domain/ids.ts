// The ids Liaison issues: a prefix naming the kind, then 20 hex digits. A path parameter of another shape names
// nothing Liaison has, so the API answers it 404 before it reads or writes anything.
import { randomUUID } from 'node:crypto';
import { COUNTERSIGNATORY } from './signers.js';

export const ID_PREFIX = {
  onboarding: 'onb',
  agreement: 'agr',
  partner: 'ptn',
  decision: 'dec',
  webhook: 'whk',
  event: 'msg',
} as const;
const ID_DIGITS = 20;

export const idFrom = (kind: keyof typeof ID_PREFIX, hex: string) => `${ID_PREFIX[kind]}_${hex.slice(0, ID_DIGITS)}`;

/** A new id of the kind, from a random UUID. */
export const newId = (kind: keyof typeof ID_PREFIX) => idFrom(kind, randomUUID().replace(/-/g, ''));

export const isId = (kind: keyof typeof ID_PREFIX, value: string) =>
  value.length === ID_PREFIX[kind].length + 1 + ID_DIGITS &&
  value.startsWith(`${ID_PREFIX[kind]}_`) &&
  /^[0-9a-f]+$/.test(value.slice(ID_PREFIX[kind].length + 1));

/** company-0 … company-9 (the signatories, in order) or the countersignatory. */
export const isSignerId = (value: string) => value === COUNTERSIGNATORY || /^company-\d$/.test(value);
