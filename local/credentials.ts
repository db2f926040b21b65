// `.liaison/credentials.json`: role → a ready bearer token (valid while the server runs; renewed at each start and
// every few hours), and how each seeded person and the seeded machine client sign in. The first start seeds one
// named person per role and one data-exchange client in the local user pool.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_SERVER } from '../functions/domain/identity.js';
import type { Role } from '../functions/domain/schemas.js';
import type { LocalIdentity } from './services/identity.js';
import { newTotpSecret } from './services/totp.js';
import { clientCredentials, signInWithPassword } from './sign-in.js';

const SEEDED_PEOPLE = [
  { group: 'officer', name: 'Olu Officer', email: 'olu.officer@liaison.local' },
  { group: 'approver', name: 'Ana Approver', email: 'ana.approver@liaison.local' },
  { group: 'auditor', name: 'Aud Auditor', email: 'aud.auditor@liaison.local' },
] as const;
const SEEDED_CLIENT = { name: 'Data exchange, local', scopes: [`${RESOURCE_SERVER}/access-check`] };

export interface PersonSignIn {
  name: string;
  email: string;
  password: string;
  /** Their authenticator's key (base32): `liaison code <role>` prints the current code, or add it to an app. */
  totpSecret: string;
}
export interface ClientSignIn {
  name: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  scope: string;
}
export type Credentials = Record<Role, string> & {
  signIn: { people: Record<'officer' | 'approver' | 'auditor', PersonSignIn>; client: ClientSignIn };
};

/** A password the local pool accepts, and a person can type. */
const newPassword = () => `Liaison-${randomBytes(9).toString('base64url')}-7`;

export async function issueCredentials(
  dataDir: string,
  identity: LocalIdentity,
  consoleClient: { clientId: string; redirectUri: string },
  now: () => Date,
): Promise<Credentials> {
  const file = join(dataDir, 'credentials.json');
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>) : {};
  const people = {} as Credentials['signIn']['people'];
  for (const seeded of SEEDED_PEOPLE) {
    const kept = earlier.signIn?.people?.[seeded.group];
    const known = identity.people().find((p) => p.email === seeded.email);
    const intact = kept?.totpSecret && known?.totpSecret === kept.totpSecret && known.status === 'CONFIRMED';
    const password = intact ? kept.password : newPassword();
    const totpSecret = intact ? kept.totpSecret : newTotpSecret();
    if (!intact) identity.putPerson({ ...seeded, groups: [seeded.group], password, totpSecret });
    people[seeded.group] = { name: seeded.name, email: seeded.email, password, totpSecret };
  }
  const keptClient = earlier.signIn?.client;
  const machine =
    (keptClient && identity.machineClients().find((c) => c.clientId === keptClient.clientId)) ??
    identity.putMachineClient(SEEDED_CLIENT);
  const client: ClientSignIn = {
    name: machine.name,
    clientId: machine.clientId,
    clientSecret: machine.clientSecret,
    tokenUrl: `${identity.hostedUiUrl}/oauth2/token`,
    scope: machine.scopes.join(' '),
  };
  // the sign-ins are independent: at once
  const signIns = (Object.entries(people) as [Role, PersonSignIn][]).map(async ([role, person]) => {
    const signedIn = await signInWithPassword({ hostedUiUrl: identity.hostedUiUrl, ...consoleClient, ...person, now });
    return [role, signedIn.idToken] as const;
  });
  const service = clientCredentials({
    hostedUiUrl: identity.hostedUiUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: client.scope,
  });
  const tokens = Object.fromEntries(await Promise.all(signIns)) as Record<Role, string>;
  tokens.service = (await service).accessToken;
  const credentials: Credentials = { ...tokens, signIn: { people, client } };
  // written whole, then moved into place: a script reading it meanwhile sees the old file or the new one
  writeFileSync(`${file}.tmp`, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return credentials;
}
