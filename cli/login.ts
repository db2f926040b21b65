// `liaison login`: a person signs in once and the CLI keeps their ID token. With --password (the local user pool's
// sign-in form) it signs in from the terminal; otherwise it opens the hosted UI in the browser, as on AWS, and
// takes the code back on http://localhost:8976/callback (the CLI app client's registered address), with PKCE.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { dataDir } from './paths.js';
import { type SignInAnswers, authorization, exchangeCode, signInWithPassword } from '../local/sign-in.js';

export interface SignInConfig {
  /** The user pool's issuer (on AWS it names the pool: https://cognito-idp.<region>.amazonaws.com/<pool id>). */
  issuer?: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  cliClientId: string;
  cliCallback: string;
}
export interface Login {
  url: string;
  idToken: string;
  expiresAt: string;
  name: string;
  email: string;
}

const loginFile = () => join(dataDir(), 'login.json');

export async function signInConfig(url: string): Promise<SignInConfig> {
  const response = await fetch(`${url}/console/config.json`);
  if (!response.ok) throw new Error(`${url} did not say where to sign in (${response.status})`);
  return (await response.json()) as SignInConfig;
}

function keep(url: string, idToken: string, file = loginFile()): Login {
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8'));
  const login: Login = {
    url,
    idToken,
    expiresAt: new Date(Number(claims.exp) * 1000).toISOString(),
    name: claims.name ?? claims.email,
    email: claims.email,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return login;
}

/** The kept sign-in for this Liaison, while it is valid. */
export function keptLogin(url: string, file = loginFile()): Login | undefined {
  if (!existsSync(file)) return undefined;
  const login = JSON.parse(readFileSync(file, 'utf8')) as Login;
  return login.url === url && Date.parse(login.expiresAt) > Date.now() + 60_000 ? login : undefined;
}

export async function loginWithPassword(url: string, answers: Omit<SignInAnswers, 'now'>, file?: string) {
  const config = await signInConfig(url);
  const hostedUiUrl = config.authorizeUrl.replace(/\/oauth2\/authorize$/, '');
  const tokens = await signInWithPassword({
    hostedUiUrl,
    clientId: config.cliClientId,
    redirectUri: config.cliCallback,
    ...answers,
    now: await localClock(url),
  });
  return keep(url, tokens.idToken, file);
}

/** The local runtime's clock (time travel moves it), for authenticator codes; real time elsewhere. */
export async function localClock(url: string): Promise<() => Date> {
  const response = await fetch(`${url}/local/clock`).catch(() => undefined);
  if (!response?.ok) return () => new Date();
  const offset = Date.parse(((await response.json()) as { now: string }).now) - Date.now();
  return () => new Date(Date.now() + offset);
}

/** The browser flow: prints the sign-in address, waits for the hosted UI to send the person back with a code. */
export async function loginInBrowser(url: string, say: (line: string) => void, file?: string, timeoutMs = 300_000) {
  const config = await signInConfig(url);
  const callback = new URL(config.cliCallback);
  const client = { clientId: config.cliClientId, redirectUri: config.cliCallback };
  const { url: authorize, verifier, state } = authorization({ ...client, authorizeUrl: config.authorizeUrl });
  const code = await new Promise<string>((resolve, reject) => {
    const server = createServer((request, response) => {
      const answer = new URL(request.url ?? '/', callback);
      if (answer.pathname !== callback.pathname) return void response.writeHead(404).end();
      const given = answer.searchParams.get('code');
      const ok = given && answer.searchParams.get('state') === state;
      response
        .writeHead(ok ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' })
        .end(ok ? 'Signed in to Liaison. You can close this tab.' : 'Sign-in failed: start `liaison login` again.');
      clearTimeout(timer);
      server.close();
      if (ok) resolve(given);
      else reject(new Error(`sign-in failed: ${answer.searchParams.get('error_description') ?? 'wrong state'}`));
    });
    const timer = setTimeout(() => {
      server.close();
      reject(new Error('nobody signed in within 5 minutes'));
    }, timeoutMs);
    server.listen(Number(callback.port), '127.0.0.1', () => say(`Open this address to sign in:\n  ${authorize}`));
    server.once('error', reject);
  });
  const tokens = await exchangeCode({ ...client, tokenUrl: config.tokenUrl }, code, verifier);
  return keep(url, tokens.idToken, file);
}
