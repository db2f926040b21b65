// The Lambda functions, by name. Each is functions/<name>.ts exporting `handler`;
// the stack deploys them and the local runtime binds Task states to the same modules.
export const FUNCTIONS = [
  'vet',
  'request-review',
  'generate-agreement',
  'request-signature',
  'activate',
  'record-outcome',
  'daily-jobs',
  'api',
  'access-check',
  'signing',
  'officer-jobs',
  'deliver-events',
  'index-list',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Environment variable that names the function inside the synthesized template. */
export const FUNCTION_NAME_VARIABLE = 'LIAISON_FUNCTION';

/** Where the stack keeps the screening list in its documents bucket (the local runtime puts it there too). */
export const SANCTIONS_LIST_KEY = 'lists/targets.simple.csv';
/** Uploads under this prefix with this ending are screening lists: each one wakes the index-list function. */
export const LIST_UPLOADS = { prefix: 'lists/', suffix: '.csv' };
