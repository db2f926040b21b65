// Signing in through the hosted UI from code, as a person would in a browser: the authorization-code flow with PKCE
// (authorize, the sign-in form, the redirect with a code, the token exchange), and the client-credentials grant of a
// machine client. The local runtime uses it to hand out ready tokens, `liaison login` locally, and the tests.
import { createHash, randomBytes } from 'node:crypto';
import { totpCode } from './services/totp.js';

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** An authorization request with PKCE: the address to send the person to, and what the answer is checked with. */
export function authorization(options: { authorizeUrl: string; clientId: string; redirectUri: string }) {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const url = new URL(options.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  return { url: url.toString(), verifier, state };
}

/** The code the hosted UI sent the person back with, for tokens. */
export async function exchangeCode(
  options: { tokenUrl: string; clientId: string; redirectUri: string },
  code: string,
  verifier: string,
) {
  const response = await fetch(options.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: options.clientId,
      redirect_uri: options.redirectUri,
      code,
      code_verifier: verifier,
    }).toString(),
  });
  return tokensFrom(response);
}

/** What a person answers the sign-in pages with. */
export interface SignInAnswers {
  email: string;
  password: string;
  /** Their authenticator's secret, for the code; a person without one yet sets one up (and gets it back). */
  totpSecret?: string;
  /** When the pool asks for a new password (an invited person's first sign-in). */
  newPassword?: string;
  /** A person at a terminal: asked for the code (shown the key first when setting one up). */
  askCode?: (setupKey?: string) => Promise<string>;
  /** The time the codes are computed at (the local clock). */
  now?: () => Date;
}

export async function signInWithPassword(
  options: { hostedUiUrl: string; clientId: string; redirectUri: string } & SignInAnswers,
): Promise<Tokens & { totpSecret?: string }> {
  const { hostedUiUrl, clientId, redirectUri } = options;
  const client = { clientId, redirectUri };
  const request = authorization({ ...client, authorizeUrl: `${hostedUiUrl}/oauth2/authorize` });
  const { back, totpSecret } = await followSignIn(request.url, options.redirectUri, options);
  if (back.searchParams.get('state') !== request.state) throw new Error('sign-in returned another state');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`sign-in refused: ${back.searchParams.get('error_description') ?? back.search}`);
  const tokens = await exchangeCode({ ...client, tokenUrl: `${hostedUiUrl}/oauth2/token` }, code, request.verifier);
  return { ...tokens, totpSecret };
}

/**
 * What a browser does between an authorize address and the app's redirect: follow the redirects, keep the cookies,
 * answer the sign-in pages (password, a new password if asked, the authenticator's code, setting one up if asked).
 * Returns the address the hosted UI sends the person back to, with its code, and the authenticator's secret.
 */
export async function followSignIn(authorizeUrl: string, redirectUri: string, answers: SignInAnswers) {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  const post = (url: string, fields: Record<string, string>) =>
    send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const now = answers.now ?? (() => new Date());
  let totpSecret = answers.totpSecret;

  let response = await send(authorizeUrl);
  for (let hop = 0; hop < 16; hop++) {
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, authorizeUrl);
      if (next.href.startsWith(redirectUri)) return { back: next, totpSecret };
      response = await send(next.href);
      continue;
    }
    // a sign-in page: its form says which step it is
    const html = await response.text();
    const form = html.match(/<form method="post" action="([^"]+)" data-step="([\w-]+)"/);
    const error = html.match(/role="alert">([^<]*)</)?.[1];
    if (!form) throw new Error(`sign-in stopped at ${response.status}: ${error ?? html.slice(0, 200)}`);
    const [, path, step] = form;
    const action = new URL(path.replaceAll('&amp;', '&'), authorizeUrl).href;
    if (error && step !== 'login') throw new Error(`sign-in refused at the ${step} step: ${error}`);
    if (step === 'login') {
      if (error) throw new Error(`sign-in refused for ${answers.email}: ${error}`);
      response = await post(action, { email: answers.email, password: answers.password });
    } else if (step === 'password') {
      if (!answers.newPassword) throw new Error(`${answers.email} must choose a new password first (--new-password)`);
      response = await post(action, { newPassword: answers.newPassword, confirmPassword: answers.newPassword });
    } else if (step === 'setup') {
      totpSecret = html.match(/data-secret="([A-Z2-7]+)"/)?.[1];
      if (!totpSecret) throw new Error('the authenticator set-up page shows no key');
      const code = answers.askCode ? await answers.askCode(totpSecret) : totpCode(totpSecret, now());
      response = await post(action, { code });
    } else if (step === 'code') {
      const code = totpSecret ? totpCode(totpSecret, now()) : await answers.askCode?.();
      if (!code) throw new Error(`${answers.email} signs in with a code from their authenticator app (--code)`);
      response = await post(action, { code });
    } else throw new Error(`unknown sign-in step ${step}`);
  }
  throw new Error('sign-in did not finish');
}

/** A machine client's access token (client-credentials grant). */
export async function clientCredentials(options: {
  hostedUiUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}): Promise<Omit<Tokens, 'idToken'>> {
  const response = await fetch(`${options.hostedUiUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: options.scope }).toString(),
  });
  const { idToken: _, ...tokens } = await tokensFrom(response, false);
  return tokens;
}

async function tokensFrom(response: Response, idTokenExpected = true): Promise<Tokens> {
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string' || (idTokenExpected && typeof body.id_token !== 'string'))
    throw new Error(`the token endpoint answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return {
    idToken: String(body.id_token ?? ''),
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresIn: Number(body.expires_in ?? 3600),
  };
}
