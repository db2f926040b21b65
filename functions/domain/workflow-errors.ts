// Error names the signing endpoint sends with SendTaskFailure; the state machine catches them by name.
/** A signer declined: the onboarding ends as DECLINED. */
export const SIGNATURE_DECLINED = 'SignatureDeclined';
/** The officer resent a link: the signer's task runs again with a new token, link and expiry. */
export const SIGNATURE_RESENT = 'SignatureResent';
