// Error names the signing endpoint sends with SendTaskFailure; the state machine catches them by name.
/** A signer declined: the onboarding ends as DECLINED. */
export const SIGNATURE_DECLINED = 'SignatureDeclined';
/** The officer resent a link: the signer's task runs again with a new token, link and expiry. */
export const SIGNATURE_RESENT = 'SignatureResent';
/** A step failed for a reason that may pass (throttling, a 5xx, a network fault): the workflow retries it. */
export const TRANSIENT_ERROR = 'Liaison.TransientError';
/** Errors the workflow retries with backoff: ours, and the Lambda service's own (throttling included). */
export const RETRIED_ERRORS = [
  TRANSIENT_ERROR,
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
] as const;
