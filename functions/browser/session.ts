// Signing in to the console through the user pool's hosted UI: the authorization-code flow with PKCE (RFC 7636).
// The verifier stays in this tab's sessionStorage; the ID token, once exchanged, is the console's bearer token for
// this tab only. Signing out ends the hosted UI's session too.
export interface SignInConfig {
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
}

const KEYS = { token: 'liaison-token', person: 'liaison-person', verifier: 'liaison-pkce', state: 'liaison-state' };
const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const callbackUrl = () => `${location.origin}/console/callback`;

export const token = () => sessionStorage.getItem(KEYS.token);
/** Who is signed in, from the ID token's claims (for display only: the API verifies the token). */
export function person(): { name: string; email: string; groups: string[] } | undefined {
  const kept = sessionStorage.getItem(KEYS.person);
  return kept ? JSON.parse(kept) : undefined;
}

let config: Promise<SignInConfig> | undefined;
const signInConfig = () => {
  config ??= fetch('/console/config.json').then((r) => r.json() as Promise<SignInConfig>);
  return config;
};

/** Off to the hosted UI's sign-in page; it comes back to /console/callback with a code. */
export async function signIn() {
  const { clientId, authorizeUrl } = await signInConfig();
  const verifier = random();
  const state = random();
  sessionStorage.setItem(KEYS.verifier, verifier);
  sessionStorage.setItem(KEYS.state, state);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: callbackUrl(),
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from the hosted UI: the code for tokens, checked against the state this tab sent. */
export async function completeSignIn(query: URLSearchParams) {
  const { clientId, tokenUrl } = await signInConfig();
  const state = sessionStorage.getItem(KEYS.state);
  const verifier = sessionStorage.getItem(KEYS.verifier);
  sessionStorage.removeItem(KEYS.state);
  sessionStorage.removeItem(KEYS.verifier);
  if (query.get('error')) throw new Error(`sign-in failed: ${query.get('error_description') ?? query.get('error')}`);
  if (!state || !verifier || query.get('state') !== state) throw new Error('this sign-in was not started here');
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      redirect_uri: callbackUrl(),
      code: query.get('code') ?? '',
      code_verifier: verifier,
    }),
  });
  const tokens = (await response.json()) as { id_token?: string; error_description?: string };
  if (!response.ok || !tokens.id_token)
    throw new Error(`sign-in failed: ${tokens.error_description ?? response.status}`);
  const claims = JSON.parse(atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  sessionStorage.setItem(KEYS.token, tokens.id_token);
  sessionStorage.setItem(
    KEYS.person,
    JSON.stringify({ name: claims.name ?? claims.email, email: claims.email, groups: claims['cognito:groups'] ?? [] }),
  );
}

/** Forgets the token in this tab, and ends the hosted UI's session. */
export async function signOut() {
  const { clientId, logoutUrl } = await signInConfig();
  forget();
  const url = new URL(logoutUrl);
  url.search = new URLSearchParams({
    client_id: clientId,
    logout_uri: `${location.origin}/console/signed-out`,
  }).toString();
  location.assign(url.toString());
}

export function forget() {
  sessionStorage.removeItem(KEYS.token);
  sessionStorage.removeItem(KEYS.person);
}
