// The local identity service's worker thread: oidc-provider (a certified OpenID Connect server) at Cognito's
// hosted-UI paths. It runs on the local clock (real time plus the offset `POST /local/clock` moved it by, read from
// the data folder), as the functions do, so the tokens it signs are valid in the time the functions see.
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
  errors,
} from 'oidc-provider';
import { PASSWORD_POLICY, RESOURCE_SERVER, SCOPE_NAMES, passwordProblem } from '../../functions/domain/identity.js';
import { compileStrict } from '../../functions/domain/template-engine.js';
import { hashPassword, identityFiles, identitySecrets, passwordRecord, updatePerson } from './identity-store.js';
import { newTotpSecret, totp, totpMatches } from './totp.js';

/** An app client of the template (the console, the CLI): public, authorization code with PKCE. */
export interface PeopleClient {
  clientId: string;
  redirectUris: string[];
  logoutUris: string[];
}
export interface IdentityWorkerData {
  dir: string;
  poolId: string;
  peopleClients: PeopleClient[];
  clockFile: string;
  port?: number;
}

// --- the local clock, as the functions' runtime keeps it
const RealDate = Date;
let offsetMs = 0;
class LocalDate extends RealDate {
  constructor(...args: ConstructorParameters<typeof Date> | []) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as ConstructorParameters<typeof Date>));
  }
  static now() {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = LocalDate as DateConstructor;
const readClock = (file: string) => {
  try {
    offsetMs = existsSync(file) ? Number(JSON.parse(readFileSync(file, 'utf8')).offsetMs) || 0 : 0;
  } catch {
    // a clock being written: keep the last offset
  }
};

const RESOURCE = `urn:liaison:${RESOURCE_SERVER}`;
/** How long an invitation's temporary password lasts (the pool's TempPasswordValidityDays). */
const TEMPORARY_PASSWORD_MS = 7 * 24 * 3600_000;
const MAX_CODE_TRIES = 5;

async function serve(options: IdentityWorkerData) {
  const { people, machines } = identityFiles(options.dir);
  const kept = await identitySecrets(options.dir);

  const server: Server = createServer();
  // the port of the last run, so the issuer, and the tokens and sessions it signed, survive a restart
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen(options.port ?? 0).catch(() => listen(0));
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;
  const issuer = `${origin}/${options.poolId}`;

  const findPerson = (sub: string) => people.read().find((p) => p.sub === sub);
  const configuration = (): Configuration => ({
    clients: [
      ...options.peopleClients.map(
        (c): ClientMetadata => ({
          client_id: c.clientId,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: c.redirectUris,
          post_logout_redirect_uris: c.logoutUris,
        }),
      ),
      ...machines.read().map(
        (c): ClientMetadata => ({
          client_id: c.clientId,
          client_secret: c.clientSecret,
          client_name: c.name,
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
        }),
      ),
    ],
    jwks: { keys: [kept.jwk as never] },
    cookies: { keys: [kept.cookieKey!] },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: {
      openid: ['sub', 'token_use', 'cognito:groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const person = findPerson(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          token_use: 'id',
          'cognito:groups': person.groups,
          email: person.email,
          email_verified: true,
          name: person.name,
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => RESOURCE,
        useGrantedResource: async () => false,
        getResourceServerInfo: async (_ctx, resource, client) => {
          if (resource !== RESOURCE) throw new errors.InvalidTarget();
          // a machine client gets the capabilities it was created with; people get none here
          const granted = machines.read().find((c) => c.clientId === client.clientId)?.scopes ?? [];
          const scope = SCOPE_NAMES.filter((name) => granted.includes(name)).join(' ');
          return { scope, accessTokenFormat: 'jwt', audience: RESOURCE_SERVER };
        },
      },
    },
    extraTokenClaims: async () => ({ token_use: 'access' }),
    adapter: MemoryAdapter,
    ttl: {
      AccessToken: 3600,
      ClientCredentials: 3600,
      IdToken: 12 * 3600,
      RefreshToken: 12 * 3600,
      Session: 12 * 3600,
      Interaction: 600,
      Grant: 12 * 3600,
      AuthorizationCode: 60,
    },
    // Cognito's hosted UI paths
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      userinfo: '/oauth2/userInfo',
      jwks: '/.well-known/jwks.json',
      end_session: '/logout',
      revocation: '/oauth2/revoke',
    },
    interactions: { url: (_ctx, interaction) => `/${options.poolId}/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = failedPage(String(out.error_description ?? out.error));
    },
  });

  // machine clients are added while the service runs (`liaison clients create`): a changed list rebuilds it
  const clientsChanged = () => (existsSync(machines.path) ? statSync(machines.path).mtimeMs : 0);
  let clientsSeen = clientsChanged();
  let provider = new Provider(issuer, configuration());

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    readClock(options.clockFile);
    if (clientsChanged() !== clientsSeen) {
      clientsSeen = clientsChanged();
      provider = new Provider(issuer, configuration());
    }
    const url = new URL(request.url ?? '/', origin);
    const prefix = `/${options.poolId}`;
    if (!url.pathname.startsWith(prefix)) return void response.writeHead(404).end();
    const path = url.pathname.slice(prefix.length) || '/';
    const interaction = path.match(/^\/interaction\/([\w-]+)(?:\/(login|password|setup|code))?$/);
    if (interaction) return handleInteraction(request, response, interaction[2]);
    if (path === '/logout' && url.searchParams.has('logout_uri')) {
      // Cognito's sign-out parameters (client_id, logout_uri), in OpenID Connect's words
      url.searchParams.set('post_logout_redirect_uri', url.searchParams.get('logout_uri')!);
      url.searchParams.delete('logout_uri');
    }
    // oidc-provider answers under its mount path: strip it, as a framework's mount would
    request.url = `${path}${url.search}`;
    (request as IncomingMessage & { originalUrl?: string }).originalUrl = url.pathname + url.search;
    provider.callback()(request, response);
  };
  server.on('request', (request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      response.end(failedPage((error as Error).message));
    });
  });

  // sign-in steps between the password and the code, per interaction: who, and what they must do next
  const pending = new Map<
    string,
    { sub: string; step: 'password' | 'setup' | 'code'; secret?: string; tries: number }
  >();

  async function handleInteraction(request: IncomingMessage, response: ServerResponse, step?: string) {
    const details = await provider.interactionDetails(request, response);
    const uid = details.uid;
    if (details.prompt.name === 'consent') {
      // Liaison's own clients: the person consented by signing in
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      grant!.addOIDCScope('openid email profile offline_access');
      const grantId = await grant!.save();
      return provider.interactionFinished(
        request,
        response,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    }
    if (!step) return void respond(response, 200, signInPage(uid));
    const form = new URLSearchParams(await readBody(request));
    const state = pending.get(uid);
    const person = state ? findPerson(state.sub) : undefined;
    const next = (sub: string) => {
      const found = findPerson(sub)!;
      if (found.status === 'FORCE_CHANGE_PASSWORD') {
        pending.set(uid, { sub, step: 'password', tries: 0 });
        return respond(response, 200, stepPage(uid, 'password'));
      }
      if (!found.totpSecret) {
        const secret = newTotpSecret();
        pending.set(uid, { sub, step: 'setup', secret, tries: 0 });
        return respond(response, 200, stepPage(uid, 'setup', undefined, { secret, email: found.email }));
      }
      pending.set(uid, { sub, step: 'code', tries: 0 });
      return respond(response, 200, stepPage(uid, 'code'));
    };

    if (step === 'login') {
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const found = people.read().find((p) => p.email.toLowerCase() === email);
      const given = hashPassword(form.get('password') ?? '', found?.salt ?? 'no-such-person');
      const matches =
        found !== undefined && timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(found.passwordHash, 'hex'));
      if (!matches) return void respond(response, 401, signInPage(uid, 'Incorrect email or password.'));
      if (found.status === 'FORCE_CHANGE_PASSWORD' && Date.now() - Date.parse(found.createdAt) > TEMPORARY_PASSWORD_MS)
        return void respond(
          response,
          401,
          signInPage(uid, 'Your temporary password has expired. Ask your administrator to invite you again.'),
        );
      return void next(found.sub);
    }
    if (!state || !person || state.step !== step) {
      pending.delete(uid);
      return void respond(response, 400, signInPage(uid, 'That sign-in step has expired; sign in again.'));
    }
    if (step === 'password') {
      const chosen = form.get('newPassword') ?? '';
      const problem =
        chosen !== form.get('confirmPassword') ? 'The two passwords are not the same.' : passwordProblem(chosen);
      if (problem) return void respond(response, 400, stepPage(uid, 'password', problem));
      updatePerson(options.dir, person.sub, (p) => ({ ...p, ...passwordRecord(chosen), status: 'CONFIRMED' }));
      return void next(person.sub);
    }
    const secret = step === 'setup' ? state.secret! : person.totpSecret!;
    if (!totpMatches(secret, form.get('code') ?? '', new Date())) {
      state.tries++;
      if (state.tries >= MAX_CODE_TRIES) {
        pending.delete(uid);
        return void respond(response, 401, signInPage(uid, 'Too many incorrect codes; sign in again.'));
      }
      const setup = step === 'setup' ? { secret, email: person.email } : undefined;
      return void respond(response, 401, stepPage(uid, step, 'That code is not right; try the current one.', setup));
    }
    if (step === 'setup') updatePerson(options.dir, person.sub, (p) => ({ ...p, totpSecret: secret }));
    pending.delete(uid);
    return provider.interactionFinished(request, response, { login: { accountId: person.sub } });
  }

  const action = (uid: string, step: string) => `/${options.poolId}/interaction/${uid}/${step}`;
  const signInPage = (uid: string, error?: string) =>
    signInView({
      title: 'Sign in to Liaison',
      error: error ?? null,
      message: null,
      form: { action: action(uid, 'login'), step: 'login', signIn: true, button: 'Sign in' },
    });
  const stepPage = (
    uid: string,
    step: 'password' | 'setup' | 'code',
    error?: string,
    setup?: { secret: string; email: string },
  ) => {
    const titles = { password: 'Choose your password', setup: 'Set up your authenticator', code: 'Enter your code' };
    return signInView({
      title: titles[step],
      error: error ?? null,
      message: null,
      form: {
        action: action(uid, step),
        step,
        signIn: false,
        newPassword: step === 'password' ? policyInWords : false,
        setup: setup
          ? {
              secret: setup.secret,
              grouped: setup.secret.replace(/(.{4})/g, '$1 ').trim(),
              uri: totp(setup.secret, setup.email).toString(),
            }
          : false,
        code: step !== 'password',
        button: step === 'password' ? 'Save the password' : 'Verify',
      },
    });
  };

  return { issuer, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const data = workerData as IdentityWorkerData;
readClock(data.clockFile);
serve(data).then(
  ({ issuer }) => parentPort!.postMessage({ issuer }),
  (error: Error) => parentPort!.postMessage({ error: error.message }),
);

/** Sign-in state (sessions, codes, grants) in memory: a restart signs people out, as a new deployment would not. */
const stored = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
class MemoryAdapter implements Adapter {
  constructor(private readonly model: string) {}
  private key = (id: string) => `${this.model}:${id}`;
  async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
    stored.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    if (payload.uid)
      stored.set(`uid:${this.model}:${payload.uid}`, { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }
  private get(key: string) {
    const entry = stored.get(key);
    if (!entry || entry.expiresAt < Date.now()) return undefined;
    return entry.payload;
  }
  async find(id: string) {
    return this.get(this.key(id));
  }
  async findByUid(uid: string) {
    return this.get(`uid:${this.model}:${uid}`);
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(id: string) {
    const payload = this.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    stored.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [key, entry] of stored) if (entry.payload.grantId === grantId) stored.delete(key);
  }
}

// a local page only: compiled when the runtime starts (no function renders it)
const signInView = compileStrict(readFileSync(new URL('./sign-in.hbs', import.meta.url), 'utf8'), {});
const failedPage = (message: string) => signInView({ title: 'Sign-in failed', error: null, message, form: false });

const policyInWords = [
  `at least ${PASSWORD_POLICY.minLength} characters`,
  'a digit',
  'a lower-case and an upper-case letter',
  'a symbol',
].join(', ');

function respond(response: ServerResponse, status: number, html: string) {
  // the sign-in form posts here, and the answer redirects to the app that asked (a browser checks both)
  const apps = new Set(data.peopleClients.flatMap((c) => c.redirectUris.map((uri) => new URL(uri).origin)));
  const formTargets = [...apps].join(' ');
  response
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTargets}`,
    })
    .end(html);
}

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('the form is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
