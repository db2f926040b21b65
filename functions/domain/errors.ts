// One vocabulary of failures for every layer: a code, a message a person can act on, and the fields at fault.
// Each code's HTTP status is set here, once; the API answers any LiaisonError with the contract's error body,
// and anything else with a 500 that reveals nothing.
import type { FieldIssue } from './schemas.js';

export const ERROR_STATUS = {
  ValidationError: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class LiaisonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = code;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new LiaisonError('NotFound', `${what} not found`);
/** The record is not in the state the request needs (or a conditional write found it changed). */
export const conflict = (message: string) => new LiaisonError('Conflict', message);
export const invalid = (message: string, issues: FieldIssue[]) => new LiaisonError('ValidationError', message, issues);

/** A page token the API did not issue (or one of another list): refused before any store reads it. */
export const invalidPageToken = () =>
  invalid('nextToken is not a token this API issued', [
    { path: 'nextToken', message: 'is not a token this API issued: start again without it' },
  ]);

export const isConflict = (error: unknown) => error instanceof LiaisonError && error.code === 'Conflict';

/** For `.catch()`: a conflict means "done already, or changed meanwhile", so it is let go; anything else is not. */
export function ignoreConflict(error: unknown): undefined {
  if (!isConflict(error)) throw error;
  return undefined;
}
