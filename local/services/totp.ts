// Authenticator-app codes (RFC 6238 with SHA-1, 6 digits and 30-second steps, as Cognito's software tokens): the
// local pool checks them, and the local runtime and the tests compute them for the seeded people, on the local clock.
import * as OTPAuth from 'otpauth';

export const newTotpSecret = () => new OTPAuth.Secret().base32;

/** The secret as an authenticator app takes it (the otpauth:// link a QR code would carry). */
export const totp = (secret: string, label = 'Liaison') =>
  new OTPAuth.TOTP({ issuer: 'Liaison (local)', label, secret: OTPAuth.Secret.fromBase32(secret) });

export const totpCode = (secret: string, at: Date) => totp(secret).generate({ timestamp: at.getTime() });

/** The code of this step or of the step either side (a phone's clock may be a little off). */
export const totpMatches = (secret: string, code: string, at: Date) =>
  /^\d{6}$/.test(code.trim()) &&
  totp(secret).validate({ token: code.trim(), timestamp: at.getTime(), window: 1 }) !== null;
