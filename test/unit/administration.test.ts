// The CLI's administration against AWS: which pool it manages, and the Cognito calls it makes (aws-sdk-client-mock
// stands in for Cognito; the integration suite runs the same commands against the local pool's API).
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type PoolAdmin, createClient, inviteUser, nameFromEmail, poolOfIssuer, scopeOf } from '../../cli/admin.js';

const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());
const admin = (): PoolAdmin => ({
  cognito: new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
  userPoolId: 'eu-west-1_AbC123',
  tokenUrl: 'https://liaison.auth.eu-west-1.amazoncognito.com/oauth2/token',
});

describe('liaison users / clients against a deployment', () => {
  it("finds the deployment's pool from its issuer, and nothing else", () => {
    expect(poolOfIssuer('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123')).toEqual({
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC123',
    });
    expect(poolOfIssuer('https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbC123')).toBeUndefined();
    expect(poolOfIssuer('https://evil.example/eu-west-1_AbC123')).toBeUndefined();
    expect(poolOfIssuer(undefined)).toBeUndefined();
  });

  it('invites a person with a verified email and their name, then adds each group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'sub-1', UserStatus: 'FORCE_CHANGE_PASSWORD' } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const invited = await inviteUser(admin(), {
      email: 'jane@org.example',
      name: 'Jane Doe',
      groups: ['officer', 'approver'],
    });
    expect(invited).toEqual({ subject: 'sub-1', status: 'FORCE_CHANGE_PASSWORD' });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input).toEqual({
      UserPoolId: 'eu-west-1_AbC123',
      Username: 'jane@org.example',
      UserAttributes: [
        { Name: 'email', Value: 'jane@org.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Jane Doe' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input.GroupName)).toEqual([
      'officer',
      'approver',
    ]);
  });

  it('names a person invited without a name from their address, as people read it', () => {
    expect(nameFromEmail('jane.doe@org.example')).toBe('Jane Doe');
    expect(nameFromEmail('li_wei+liaison@org.example')).toBe('Li Wei Liaison');
  });

  it('refuses a client name Cognito would refuse, before calling it', async () => {
    await expect(createClient(admin(), { name: 'Exchange (prod)', scopes: ['access-check'] })).rejects.toThrow(
      '--name may hold letters, digits, spaces and +=,.@- only',
    );
    expect(cognito.calls()).toHaveLength(0);
  });

  it('refuses a group that is not a role before calling Cognito', async () => {
    await expect(inviteUser(admin(), { email: 'x@org.example', name: 'X', groups: ['admin'] })).rejects.toThrow(
      '--group must be one of officer, approver, auditor (not admin)',
    );
    expect(cognito.calls()).toHaveLength(0);
  });

  it('creates a client-credentials client with a generated secret and the resource server scopes', async () => {
    cognito.on(CreateUserPoolClientCommand).resolves({
      UserPoolClient: { ClientId: 'c1', ClientSecret: 's1', AllowedOAuthScopes: ['liaison/access-check'] },
    });
    expect(await createClient(admin(), { name: 'Telco X', scopes: ['access-check'] })).toEqual({
      clientId: 'c1',
      clientSecret: 's1',
      scopes: ['liaison/access-check'],
    });
    expect(cognito.commandCalls(CreateUserPoolClientCommand)[0].args[0].input).toMatchObject({
      ClientName: 'Telco X',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['liaison/access-check'],
      AllowedOAuthFlowsUserPoolClient: true,
    });
    expect(() => scopeOf('liaison/everything')).toThrow('--scope must be one of liaison/access-check');
  });
});
