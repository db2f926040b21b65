// Bearer tokens are JWTs from the user pool: people's ID tokens (the console, the CLI) and machine clients'
// client-credentials access tokens. aws-jwt-verify checks the signature against the pool's published keys, the
// issuer, the expiry and the algorithm (never "none"); domain/identity.ts says who the claims name and their roles.
// On AWS the HTTP API's JWT authorizer checked people's tokens already; this check is the same on every path.
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { settings } from '../adapters/config.js';
import { clients } from '../adapters/cognito/client-directory.js';
import { LiaisonError } from '../domain/errors.js';
import {
  type Caller,
  IAM_ACCESS_CHECK_PATH,
  type IamIdentity,
  actorLabel,
  callerFromClaims,
  callerFromIam,
} from '../domain/identity.js';
import type { Role } from '../domain/schemas.js';
import { header } from './request.js';
import type { Request } from './responses.js';

export type { Caller };

/** The published keys, fetched with the platform's fetch (the pool's issuer is https on AWS, http offline). */
const fetcher = {
  async fetch(uri: string) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

let verifier: ReturnType<typeof createVerifier> | undefined;
function createVerifier() {
  const { issuer } = settings().identity;
  return JwtRsaVerifier.create(
    { issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json` },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
}

const unauthorized = (message: string) => new LiaisonError('Unauthorized', message);

/** The signed route's key: only API Gateway's IAM authorizer fills in the caller there. */
const IAM_ACCESS_CHECK_ROUTE = `POST ${IAM_ACCESS_CHECK_PATH}`;

/** An IAM-signed request: API Gateway checked the signature and the caller's execute-api:Invoke permission. */
export function authenticateIam(request: Request): Caller {
  const iam = (request.requestContext as { authorizer?: { iam?: Partial<IamIdentity> } }).authorizer?.iam;
  if (request.routeKey !== IAM_ACCESS_CHECK_ROUTE || !iam?.userArn || !iam.accountId)
    throw unauthorized('this route takes requests signed with AWS Signature Version 4 (service execute-api)');
  return callerFromIam({ userArn: iam.userArn, accountId: iam.accountId });
}

export async function authenticate(request: Request, allowed: readonly Role[]): Promise<Caller> {
  const value = header(request, 'authorization');
  const match = value?.match(/^Bearer ([A-Za-z0-9._~+/=-]{16,8192})$/);
  if (!match)
    throw unauthorized('send "Authorization: Bearer <token>": sign in, or locally see .liaison/credentials.json');
  verifier ??= createVerifier();
  let claims: Record<string, unknown>;
  try {
    claims = (await verifier.verify(match[1])) as Record<string, unknown>;
  } catch (error) {
    throw unauthorized(`the bearer token is not valid: ${(error as Error).message.slice(0, 200)}`);
  }
  const caller = callerFromClaims(claims, { peopleClients: settings().identity.peopleClients });
  if ('refused' in caller) throw unauthorized(`the bearer token is not accepted: ${caller.refused}`);
  if (caller.kind === 'client') {
    // the pool names the system; a client removed from it is refused at once, not when its token expires
    const name = await clients.clientName(caller.subject);
    if (name === undefined) throw unauthorized('the bearer token is not accepted: its machine client was removed');
    caller.name = name;
  }
  if (!caller.roles.some((role) => allowed.includes(role)))
    throw new LiaisonError(
      'Forbidden',
      `this route needs the role ${allowed.join(' or ')}; ${actorLabel(caller)} has ` +
        `${caller.roles.length ? caller.roles.join(', ') : 'no role'}`,
    );
  return caller;
}
