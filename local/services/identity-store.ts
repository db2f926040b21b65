// The local user pool's records, kept in the data folder: people (passwords as scrypt hashes), machine clients,
// and the signing key. The identity service's worker reads them; the runtime and `liaison users` write them.
import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
}
export interface LocalMachineClient {
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
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
  write(value: T) {
    writeFileSync(this.path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
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

/** Adds or updates a person; the password is kept only as a scrypt hash. */
export function putPerson(dir: string, person: { email: string; name: string; groups: string[]; password: string }) {
  const { people } = identityFiles(dir);
  const all = people.read();
  const existing = all.find((p) => p.email.toLowerCase() === person.email.toLowerCase());
  const salt = randomBytes(16).toString('hex');
  const kept: LocalPerson = {
    sub: existing?.sub ?? randomUUID(),
    email: person.email,
    name: person.name,
    groups: person.groups.filter((g) => (PEOPLE_GROUPS as readonly string[]).includes(g)),
    salt,
    passwordHash: hashPassword(person.password, salt),
  };
  people.write([...all.filter((p) => p !== existing), kept]);
  return kept;
}

/** Adds a machine client with a new secret. */
export function putMachineClient(dir: string, client: { name: string; scopes: string[] }) {
  const { machines } = identityFiles(dir);
  const kept: LocalMachineClient = {
    clientId: randomBytes(13).toString('hex'),
    clientSecret: randomBytes(32).toString('base64url'),
    name: client.name,
    scopes: client.scopes,
  };
  machines.write([...machines.read(), kept]);
  return kept;
}
