// `liaison users` and `liaison clients`: the user pool's people and machine clients, through Cognito's own API with
// the administrator's AWS credentials (on AWS: the default credential chain; locally: the local pool's administrator,
// whose endpoint and keys the runtime writes to .liaison/aws.json). The pool is the one the deployment signs in to.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEOPLE_GROUPS, RESOURCE_SERVER, SCOPE_NAMES } from '../functions/domain/identity.js';
import type { LocalAws } from '../local/services/identity.js';
import { signInConfig } from './login.js';
import { dataDir } from './paths.js';

const isLoopback = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

export interface PoolAdmin {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  tokenUrl: string;
}

/** The pool behind this Liaison: its issuer names it (https://cognito-idp.<region>.amazonaws.com/<pool id>). */
export async function poolAdmin(url: string, localDir = dataDir()): Promise<PoolAdmin> {
  const config = await signInConfig(url);
  const localFile = join(localDir, 'aws.json');
  if (isLoopback(url) && existsSync(localFile)) {
    const local = JSON.parse(readFileSync(localFile, 'utf8')) as LocalAws;
    return {
      cognito: new CognitoIdentityProviderClient({
        region: local.region,
        endpoint: local.endpoints['cognito-idp'],
        credentials: local.credentials,
      }),
      userPoolId: local.userPoolId,
      tokenUrl: config.tokenUrl,
    };
  }
  const pool = poolOfIssuer(config.issuer);
  if (!pool) throw new Error(`${url} does not name its Cognito user pool (issuer ${config.issuer ?? 'missing'})`);
  return {
    cognito: new CognitoIdentityProviderClient({ region: pool.region }),
    userPoolId: pool.userPoolId,
    tokenUrl: config.tokenUrl,
  };
}

/** A Cognito issuer's region and pool: https://cognito-idp.<region>.amazonaws.com/<region>_<id>. */
export function poolOfIssuer(issuer: string | undefined) {
  const parts = issuer?.match(/^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/(([a-z0-9-]+)_\w+)$/);
  return parts && parts[1] === parts[3] ? { region: parts[1], userPoolId: parts[2] } : undefined;
}

const attribute = (user: UserType, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value ?? '';

/** "jane.doe@org.example" → "Jane Doe": a name for a person invited without one (they are named by it). */
export function nameFromEmail(email: string) {
  return (email.split('@')[0] ?? email)
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(' ');
}

/** What Cognito takes as a client's name. */
const CLIENT_NAME = /^[\w\s+=,.@-]{1,128}$/;

export async function inviteUser(admin: PoolAdmin, person: { email: string; name: string; groups: string[] }) {
  const unknown = person.groups.filter((g) => !(PEOPLE_GROUPS as readonly string[]).includes(g));
  if (!person.groups.length || unknown.length)
    throw new Error(`--group must be one of ${PEOPLE_GROUPS.join(', ')}${unknown.length ? ` (not ${unknown})` : ''}`);
  const { cognito, userPoolId } = admin;
  const created = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: person.email,
      UserAttributes: [
        { Name: 'email', Value: person.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: person.name },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  for (const group of person.groups) {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: person.email, GroupName: group }),
    );
  }
  return { subject: created.User?.Username ?? '', status: created.User?.UserStatus ?? '' };
}

export async function removeUser(admin: PoolAdmin, email: string) {
  await admin.cognito.send(new AdminDeleteUserCommand({ UserPoolId: admin.userPoolId, Username: email }));
}

export async function listUsers(admin: PoolAdmin) {
  const { cognito, userPoolId } = admin;
  const people = [];
  let PaginationToken: string | undefined;
  do {
    const page = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken }));
    for (const user of page.Users ?? []) {
      const groups = await cognito.send(
        new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: user.Username }),
      );
      people.push({
        name: attribute(user, 'name'),
        email: attribute(user, 'email'),
        status: user.UserStatus ?? '',
        groups: (groups.Groups ?? []).map((g) => g.GroupName ?? ''),
      });
    }
    PaginationToken = page.PaginationToken;
  } while (PaginationToken);
  return people;
}

/** `access-check` or `liaison/access-check`: the resource server's scope. */
export function scopeOf(given: string) {
  const name = given.includes('/') ? given : `${RESOURCE_SERVER}/${given}`;
  if (!SCOPE_NAMES.includes(name)) throw new Error(`--scope must be one of ${SCOPE_NAMES.join(', ')}, not "${given}"`);
  return name;
}

export async function createClient(admin: PoolAdmin, client: { name: string; scopes: string[] }) {
  if (!CLIENT_NAME.test(client.name))
    throw new Error(`--name may hold letters, digits, spaces and +=,.@- only (at most 128), not "${client.name}"`);
  const created = await admin.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: admin.userPoolId,
      ClientName: client.name,
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: client.scopes.map(scopeOf),
      AllowedOAuthFlowsUserPoolClient: true,
    }),
  );
  const made = created.UserPoolClient!;
  return { clientId: made.ClientId!, clientSecret: made.ClientSecret!, scopes: made.AllowedOAuthScopes ?? [] };
}

export async function removeClient(admin: PoolAdmin, clientId: string) {
  await admin.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: admin.userPoolId, ClientId: clientId }));
}

export async function listClients(admin: PoolAdmin) {
  const clients = [];
  let NextToken: string | undefined;
  do {
    const page = await admin.cognito.send(
      new ListUserPoolClientsCommand({ UserPoolId: admin.userPoolId, MaxResults: 60, NextToken }),
    );
    for (const c of page.UserPoolClients ?? []) clients.push({ clientId: c.ClientId!, name: c.ClientName ?? '' });
    NextToken = page.NextToken;
  } while (NextToken);
  return clients;
}
