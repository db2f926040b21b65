// Signing in through the hosted UI from code, as a person would in a browser: the authorization-code flow with PKCE
// (authorize, the sign-in form, the redirect with a code, the token exchange), and the client-credentials grant of a
// machine client. The local runtime uses it to hand out ready tokens, `liaison login` locally, and the tests.
import { createHash, randomBytes } from 'node:crypto';

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

export async function signInWithPassword(options: {
  hostedUiUrl: string;
  clientId: string;
  redirectUri: string;
  email: string;
  password: string;
}): Promise<Tokens> {
  const { hostedUiUrl, ...client } = options;
  const request = authorization({ ...client, authorizeUrl: `${hostedUiUrl}/oauth2/authorize` });
  const back = await followSignIn(request.url, options.redirectUri, options.email, options.password);
  if (back.searchParams.get('state') !== request.state) throw new Error('sign-in returned another state');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`sign-in refused: ${back.searchParams.get('error_description') ?? back.search}`);
  return exchangeCode({ ...client, tokenUrl: `${hostedUiUrl}/oauth2/token` }, code, request.verifier);
}

/**
 * What a browser does between an authorize address and the app's redirect: follow the redirects, keep the cookies,
 * fill in the sign-in form once. Returns the address the hosted UI sends the person back to, with its code.
 */
export async function followSignIn(authorizeUrl: string, redirectUri: string, email: string, password: string) {
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

  let response = await send(authorizeUrl);
  let signedIn = false;
  for (let hop = 0; hop < 10; hop++) {
    const location = response.headers.get('location');
    if (!location) throw new Error(`sign-in stopped at ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const next = new URL(location, authorizeUrl);
    if (next.href.startsWith(redirectUri)) return next;
    if (/\/interaction\/[\w-]+$/.test(next.pathname) && !signedIn) {
      // the sign-in form: email and password, as a person types them
      signedIn = true;
      response = await send(`${next.href}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password }).toString(),
      });
      if (response.status === 401) throw new Error(`incorrect email or password for ${email}`);
      continue;
    }
    response = await send(next.href);
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
