// Who a verified token's claims name, and their roles: the one mapping Cognito's tokens and the local pool's share.
import { describe, expect, it } from 'vitest';
import { actorLabel, callerFromClaims, callerFromIam } from '../../functions/domain/identity.js';
import { compileRoute, selectRoute } from '../../local/api-gateway.js';

const trusted = { peopleClients: ['console-client', 'cli-client'] };
const person = {
  sub: '6e263c08-220b-4720-b551-d89987da5864',
  token_use: 'id',
  aud: 'console-client',
  email: 'ana.approver@liaison.local',
  name: 'Ana Approver',
  'cognito:groups': ['approver', 'admins'],
};

describe('Claims to caller', () => {
  it("names a person by the ID token's name and email, with the roles of the groups Liaison knows", () => {
    const caller = callerFromClaims(person, trusted);
    expect(caller).toEqual({
      subject: person.sub,
      kind: 'person',
      name: 'Ana Approver',
      email: 'ana.approver@liaison.local',
      roles: ['approver'],
    });
    expect(actorLabel(caller as never)).toBe('Ana Approver <ana.approver@liaison.local>');
  });

  it('gives a person in no group no role, and refuses an ID token issued to another application', () => {
    expect(callerFromClaims({ ...person, 'cognito:groups': undefined }, trusted)).toMatchObject({ roles: [] });
    expect(callerFromClaims({ ...person, aud: 'someone-else' }, trusted)).toEqual({
      refused: 'the token was issued to another application',
    });
  });

  it("gives a machine client the roles of its scopes, and a person's access token nothing", () => {
    const machine = { sub: 'c1', token_use: 'access', client_id: 'c1', scope: 'liaison/access-check other/x' };
    expect(callerFromClaims(machine, trusted)).toMatchObject({ kind: 'client', subject: 'c1', roles: ['service'] });
    expect(callerFromClaims({ ...machine, scope: 'other/x' }, trusted)).toMatchObject({ roles: [] });
    expect(callerFromClaims({ ...machine, username: 'olu' }, trusted)).toHaveProperty('refused');
    expect(callerFromClaims({ ...machine, token_use: undefined }, trusted)).toHaveProperty('refused');
    expect(callerFromClaims({ ...person, sub: undefined }, trusted)).toEqual({ refused: 'the token names no subject' });
  });
});

describe('IAM-signed callers', () => {
  it('names a signed caller by its role and account, keeps its ARN, and gives it the service role only', () => {
    const userArn = 'arn:aws:sts::123456789012:assumed-role/TelcoExchange/session-7';
    expect(callerFromIam({ userArn, accountId: '123456789012' })).toEqual({
      subject: userArn,
      kind: 'aws-principal',
      name: 'AWS role TelcoExchange (account 123456789012)',
      email: null,
      roles: ['service'],
    });
    const user = 'arn:aws:iam::123456789012:user/ops';
    expect(callerFromIam({ userArn: user, accountId: '123456789012' }).name).toBe(`AWS principal ${user}`);
  });
});

describe('Route selection, as API Gateway does it', () => {
  const routes = [
    'ANY /{proxy+}',
    'ANY /api/{proxy+}',
    'GET /api/openapi.json',
    'POST /api/access-checks',
    'GET /',
  ].map((routeKey) => compileRoute({ routeKey, functionArn: 'fn' }));
  const select = (method: string, path: string) => selectRoute(routes, method, path)?.route.routeKey;

  it('prefers an exact path, then the longest literal start, and a method over ANY', () => {
    expect(select('POST', '/api/access-checks')).toBe('POST /api/access-checks');
    expect(select('GET', '/api/access-checks')).toBe('ANY /api/{proxy+}');
    expect(select('GET', '/api/openapi.json')).toBe('GET /api/openapi.json');
    expect(select('GET', '/api/onboardings/onb_1')).toBe('ANY /api/{proxy+}');
    expect(select('GET', '/console/mail')).toBe('ANY /{proxy+}');
    expect(select('GET', '/')).toBe('GET /');
    expect(select('POST', '/')).toBeUndefined();
    expect(selectRoute(routes, 'GET', '/api/agreements/agr_1/pdf')?.pathParameters).toEqual({
      proxy: 'agreements/agr_1/pdf',
    });
  });
});
