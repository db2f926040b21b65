// The local user pool's records, kept in the data folder: people (passwords as scrypt hashes), machine clients,
// and the signing key. The identity service's worker reads them; the runtime and `liaison users` write them.
import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { PEOPLE_GROUPS } from '../../functions/domain/identity.js';

export interface LocalPerson {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  salt: string;
  passwordHash: string;
  /** As Cognito says it: an invited person signs in first with a temporary password and must choose their own. */
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  /** The person's authenticator-app secret (base32), once they set one up; MFA is required, as in the stack. */
  totpSecret?: string;
  createdAt: string;
  updatedAt: string;
}
export interface LocalMachineClient {
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
  createdAt?: string;
}

export const hashPassword = (password: string, salt: string) => scryptSync(password, salt, 32).toString('hex');

export class JsonFile<T> {
  constructor(
    readonly path: string,
    private readonly empty: T,
  ) {}
  read(): T {
    return existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as T) : structuredClone(this.empty);
  }
  /** Written whole, then moved into place: the identity worker reading it meanwhile sees the old or the new. */
  write(value: T) {
    writeFileSync(`${this.path}.tmp`, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${this.path}.tmp`, this.path);
  }
}

export function identityFiles(dir: string) {
  mkdirSync(dir, { recursive: true });
  return {
    people: new JsonFile<LocalPerson[]>(join(dir, 'people.json'), []),
    machines: new JsonFile<LocalMachineClient[]>(join(dir, 'clients.json'), []),
    secrets: new JsonFile<{ jwk?: Record<string, unknown>; cookieKey?: string }>(join(dir, 'keys.json'), {}),
  };
}

/** The signing key and cookie key of this data folder, made on first use. */
export async function identitySecrets(dir: string) {
  const { secrets } = identityFiles(dir);
  const kept = secrets.read();
  if (!kept.jwk || !kept.cookieKey) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    kept.jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    kept.cookieKey = randomBytes(32).toString('base64url');
    secrets.write(kept);
  }
  return kept as { jwk: Record<string, unknown>; cookieKey: string };
}

/** The password's salt and scrypt hash: nothing else of it is kept. */
export function passwordRecord(password: string) {
  const salt = randomBytes(16).toString('hex');
  return { salt, passwordHash: hashPassword(password, salt) };
}

export const samePerson = (person: LocalPerson, username: string) =>
  person.sub === username || person.email.toLowerCase() === username.trim().toLowerCase();

/**
 * Adds or replaces a person (the runtime's seeded people): signed in already, with this password and authenticator
 * secret.
 */
export function putPerson(
  dir: string,
  person: { email: string; name: string; groups: string[]; password: string; totpSecret: string },
  now = new Date(),
) {
  const { people } = identityFiles(dir);
  const all = people.read();
  const existing = all.find((p) => samePerson(p, person.email));
  const kept: LocalPerson = {
    sub: existing?.sub ?? randomUUID(),
    email: person.email,
    name: person.name,
    groups: person.groups.filter((g) => (PEOPLE_GROUPS as readonly string[]).includes(g)),
    ...passwordRecord(person.password),
    status: 'CONFIRMED',
    totpSecret: person.totpSecret,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  people.write([...all.filter((p) => p !== existing), kept]);
  return kept;
}

/** Changes one person's record, if they exist. */
export function updatePerson(dir: string, sub: string, change: (person: LocalPerson) => LocalPerson) {
  const { people } = identityFiles(dir);
  const all = people.read();
  const index = all.findIndex((p) => p.sub === sub);
  if (index < 0) return undefined;
  all[index] = { ...change(all[index]), updatedAt: new Date().toISOString() };
  people.write(all);
  return all[index];
}

/** Adds a machine client with a new secret. */
export function putMachineClient(dir: string, client: { name: string; scopes: string[] }, now = new Date()) {
  const { machines } = identityFiles(dir);
  const kept: LocalMachineClient = {
    clientId: randomBytes(13).toString('hex'),
    clientSecret: randomBytes(32).toString('base64url'),
    name: client.name,
    scopes: client.scopes,
    createdAt: now.toISOString(),
  };
  machines.write([...machines.read(), kept]);
  return kept;
}
