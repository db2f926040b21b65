// The closed vocabularies of a request (API.md), as plain lists: the schemas validate against them and the console
// offers them as choices, without zod.
export const SECTORS = ['telecom', 'isp', 'platform', 'financial', 'cybersecurity', 'transport', 'other'] as const;
export const DATA_CATEGORIES = [
  'subscriber',
  'traffic',
  'content',
  'financial-transaction',
  'threat-intelligence',
  'travel',
] as const;
export const PURPOSES = [
  'cybercrime',
  'terrorism',
  'trafficking-in-human-beings',
  'drug-trafficking',
  'financial-crime',
  'child-sexual-exploitation',
  'organised-crime',
] as const;
export const DIRECTIONS = ['partner-to-organisation', 'organisation-to-partner', 'bidirectional'] as const;
export const SIGNING_ORDERS = ['sequential', 'parallel'] as const;
