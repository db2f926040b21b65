// The user pool's administration API, locally: the Cognito Identity Provider operations Liaison uses (inviting and
// removing people, their groups, machine clients), in Cognito's own protocol (AWS JSON 1.1, X-Amz-Target
// AWSCognitoIdentityProviderService.<Operation>), so `liaison users` / `liaison clients` and the API function call
// it with the AWS SDK unchanged. It keeps the local pool's records (identity-store.ts) that the sign-in worker reads;
// the IAM gateway in front of it checks each call against the caller's policy, as for the other services.
import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PEOPLE_GROUPS, SCOPE_NAMES } from '../../functions/domain/identity.js';
import {
  type LocalMachineClient,
  type LocalPerson,
  identityFiles,
  passwordRecord,
  putMachineClient,
  samePerson,
  updatePerson,
} from './identity-store.js';

/** The invitation Cognito emails a new person (the pool's InviteMessageTemplate), and who sends it. */
export interface Invitation {
  subject: string;
  /** With Cognito's placeholders: {username} and {####} (the temporary password). */
  message: string;
}

export interface CognitoApiOptions {
  dir: string;
  poolId: string;
  invitation: Invitation;
  sendEmail: (to: string, subject: string, html: string) => Promise<void>;
  now: () => Date;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const seconds = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : undefined);

/** A temporary password the pool's policy accepts (Cognito makes one when the administrator gives none). */
const temporaryPassword = () => `Tmp-${randomBytes(12).toString('base64url')}-9a`;

const attributes = (person: LocalPerson) => [
  { Name: 'sub', Value: person.sub },
  { Name: 'email', Value: person.email },
  { Name: 'email_verified', Value: 'true' },
  { Name: 'name', Value: person.name },
];
const user = (person: LocalPerson) => ({
  Username: person.sub,
  Attributes: attributes(person),
  UserCreateDate: seconds(person.createdAt),
  UserLastModifiedDate: seconds(person.updatedAt),
  Enabled: true,
  UserStatus: person.status,
});
const client = (poolId: string, c: LocalMachineClient, withSecret: boolean) => ({
  UserPoolId: poolId,
  ClientId: c.clientId,
  ClientName: c.name,
  ...(withSecret ? { ClientSecret: c.clientSecret } : {}),
  CreationDate: seconds(c.createdAt),
  LastModifiedDate: seconds(c.createdAt),
  AllowedOAuthFlows: ['client_credentials'],
  AllowedOAuthScopes: c.scopes,
  AllowedOAuthFlowsUserPoolClient: true,
});

type Input = Record<string, unknown>;
const text = (input: Input, name: string) => {
  const value = input[name];
  if (typeof value !== 'string' || !value) throw new CognitoError('InvalidParameterException', `${name} is required`);
  return value;
};

export function cognitoOperations(options: CognitoApiOptions) {
  const files = () => identityFiles(options.dir);
  const person = (input: Input) => {
    const username = text(input, 'Username');
    const found = files()
      .people.read()
      .find((p) => samePerson(p, username));
    if (!found) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return found;
  };
  const group = (input: Input) => {
    const name = text(input, 'GroupName');
    if (!(PEOPLE_GROUPS as readonly string[]).includes(name))
      throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return name;
  };
  const machine = (input: Input) => {
    const id = text(input, 'ClientId');
    const found = files()
      .machines.read()
      .find((c) => c.clientId === id);
    if (!found) throw new CognitoError('ResourceNotFoundException', `User pool client ${id} does not exist.`);
    return found;
  };

  const operations: Record<string, (input: Input) => unknown | Promise<unknown>> = {
    async AdminCreateUser(input) {
      const email = text(input, 'Username').trim();
      const given = new Map(
        ((input.UserAttributes ?? []) as { Name: string; Value: string }[]).map((a) => [a.Name, a.Value]),
      );
      if (!EMAIL.test(email)) throw new CognitoError('InvalidParameterException', 'Username should be an email.');
      const name = given.get('name')?.trim();
      if (!name)
        throw new CognitoError(
          'InvalidParameterException',
          'Attributes did not conform to the schema: name: The attribute name is required',
        );
      if (
        files()
          .people.read()
          .some((p) => samePerson(p, email))
      )
        throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      const password = typeof input.TemporaryPassword === 'string' ? input.TemporaryPassword : temporaryPassword();
      const now = options.now().toISOString();
      const created: LocalPerson = {
        sub: randomUUID(),
        email,
        name,
        groups: [],
        ...passwordRecord(password),
        status: 'FORCE_CHANGE_PASSWORD',
        createdAt: now,
        updatedAt: now,
      };
      const { people } = files();
      people.write([...people.read(), created]);
      if (input.MessageAction !== 'SUPPRESS') {
        const fill = (template: string) => template.replaceAll('{username}', email).replaceAll('{####}', password);
        await options.sendEmail(email, fill(options.invitation.subject), fill(options.invitation.message));
      }
      return { User: user(created) };
    },
    AdminGetUser(input) {
      const found = person(input);
      const { Attributes, ...rest } = user(found);
      return {
        ...rest,
        UserAttributes: Attributes,
        UserMFASettingList: found.totpSecret ? ['SOFTWARE_TOKEN_MFA'] : [],
      };
    },
    AdminDeleteUser(input) {
      const gone = person(input);
      const { people } = files();
      people.write(people.read().filter((p) => p.sub !== gone.sub));
      return {};
    },
    AdminAddUserToGroup(input) {
      const name = group(input);
      updatePerson(options.dir, person(input).sub, (p) => ({ ...p, groups: [...new Set([...p.groups, name])] }));
      return {};
    },
    AdminRemoveUserFromGroup(input) {
      const name = group(input);
      updatePerson(options.dir, person(input).sub, (p) => ({ ...p, groups: p.groups.filter((g) => g !== name) }));
      return {};
    },
    AdminListGroupsForUser(input) {
      return {
        Groups: person(input).groups.map((GroupName) => ({ GroupName, UserPoolId: options.poolId })),
      };
    },
    ListUsers(input) {
      // the one filter Liaison uses: email = "…"
      const wanted = String(input.Filter ?? '').match(/^email\s*=\s*"([^"]*)"$/)?.[1];
      const people = files()
        .people.read()
        .filter((p) => wanted === undefined || p.email.toLowerCase() === wanted.toLowerCase());
      return { Users: people.map(user) };
    },
    CreateUserPoolClient(input) {
      const name = text(input, 'ClientName');
      if (!/^[\w\s+=,.@-]{1,128}$/.test(name))
        throw new CognitoError(
          'InvalidParameterException',
          "Value at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
            '[\\w\\s+=,.@-]+',
        );
      const flows = (input.AllowedOAuthFlows ?? []) as string[];
      const scopes = (input.AllowedOAuthScopes ?? []) as string[];
      if (input.GenerateSecret !== true || flows.join() !== 'client_credentials')
        throw new CognitoError(
          'InvalidOAuthFlowException',
          'a machine client here uses the client_credentials flow only, with a generated secret',
        );
      const unknown = scopes.filter((scope) => !SCOPE_NAMES.includes(scope));
      if (!scopes.length || unknown.length)
        throw new CognitoError(
          'ScopeDoesNotExistException',
          `Invalid scope requested: ${unknown.join(', ') || '(none)'}`,
        );
      return { UserPoolClient: client(options.poolId, putMachineClient(options.dir, { name, scopes }), true) };
    },
    DescribeUserPoolClient(input) {
      return { UserPoolClient: client(options.poolId, machine(input), true) };
    },
    DeleteUserPoolClient(input) {
      const gone = machine(input);
      const { machines } = files();
      machines.write(machines.read().filter((c) => c.clientId !== gone.clientId));
      return {};
    },
    ListUserPoolClients() {
      return {
        UserPoolClients: files()
          .machines.read()
          .map((c) => ({ ClientId: c.clientId, ClientName: c.name, UserPoolId: options.poolId })),
      };
    },
  };

  return async (operation: string, input: Input) => {
    const run = operations[operation];
    if (!run) throw new CognitoError('UnknownOperationException', `the local user pool does not serve ${operation}`);
    if (input.UserPoolId !== options.poolId)
      throw new CognitoError('ResourceNotFoundException', `User pool ${String(input.UserPoolId)} does not exist.`);
    return run(input);
  };
}

export async function startCognitoApi(options: CognitoApiOptions) {
  const run = cognitoOperations(options);
  const answer = (response: ServerResponse, status: number, body: unknown, type?: string) =>
    response
      .writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(type ? { 'x-amzn-errortype': type } : {}),
        'x-amzn-requestid': randomUUID(),
      })
      .end(JSON.stringify(body));
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Input;
      answer(response, 200, await run(operation, input));
    } catch (error) {
      const type = error instanceof CognitoError ? error.type : 'InternalErrorException';
      answer(
        response,
        error instanceof CognitoError ? 400 : 500,
        { __type: type, message: (error as Error).message },
        type,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
