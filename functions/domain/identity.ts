// Who a verified token names, and what they may do. One mapping for every path a token takes: Cognito's tokens on
// AWS and the local issuer's offline carry the same claims, so the same rules read them (unit-tested on real tokens
// from the local issuer). Signature, expiry, issuer and algorithm are checked before this (http/auth.ts).
import type { Role } from './schemas.js';

/** Where the CLI's app client takes the sign-in back (`liaison login`, on the person's own machine). */
export const CLI_CALLBACK = 'http://localhost:8976/callback';

/** The groups people are put in; each is the role of the same name. */
export const PEOPLE_GROUPS = ['officer', 'approver', 'auditor'] as const satisfies readonly Role[];
/** What a person's password must have (the user pool's policy; the local pool checks the same). */
export const PASSWORD_POLICY = {
  minLength: 14,
  requireDigits: true,
  requireLowercase: true,
  requireUppercase: true,
  requireSymbols: true,
} as const;

/** Why a password does not meet the policy, or undefined when it does. */
export function passwordProblem(password: string): string | undefined {
  const missing = [
    password.length < PASSWORD_POLICY.minLength && `at least ${PASSWORD_POLICY.minLength} characters`,
    !/[0-9]/.test(password) && 'a digit',
    !/[a-z]/.test(password) && 'a lower-case letter',
    !/[A-Z]/.test(password) && 'an upper-case letter',
    !/[^A-Za-z0-9\s]/.test(password) && 'a symbol',
  ].filter(Boolean);
  return missing.length ? `the password needs ${missing.join(', ')}` : undefined;
}

/** The resource server machine clients get scopes on: `liaison/<capability>`. */
export const RESOURCE_SERVER = 'liaison';
/** What a machine client may be granted, and the role each scope gives. */
export const CAPABILITY_SCOPES = {
  'access-check': 'Ask whether an exchange is inside an active agreement',
} as const;
/** The scopes machine clients may be granted, as tokens carry them: `liaison/<capability>`. */
export const SCOPE_NAMES = Object.keys(CAPABILITY_SCOPES).map((capability) => `${RESOURCE_SERVER}/${capability}`);
const SCOPE_ROLES: Record<keyof typeof CAPABILITY_SCOPES, Role> = { 'access-check': 'service' };

export interface Caller {
  /** The token's subject (a person's `sub`, a client's id): kept for audit. */
  subject: string;
  kind: 'person' | 'client' | 'aws-principal';
  /** The person's name, or the client's. */
  name: string;
  email: string | null;
  roles: Role[];
}

export type Claims = Record<string, unknown>;

/** Why a verified token names nobody Liaison knows, or the caller it names. */
export function callerFromClaims(
  claims: Claims,
  trusted: { peopleClients: readonly string[] },
): Caller | { refused: string } {
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!subject) return { refused: 'the token names no subject' };
  if (claims.token_use === 'id') {
    // a person, signed in through one of Liaison's own clients (the console or the CLI)
    const audience = typeof claims.aud === 'string' ? claims.aud : undefined;
    if (!audience || !trusted.peopleClients.includes(audience))
      return { refused: 'the token was issued to another application' };
    const email = typeof claims.email === 'string' ? claims.email : null;
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
    if (!name) return { refused: 'the token names no person' };
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
    const roles = PEOPLE_GROUPS.filter((group) => groups.includes(group));
    return { subject, kind: 'person', name, email, roles };
  }
  if (claims.token_use === 'access' && typeof claims.client_id === 'string' && claims.username === undefined) {
    // a machine client (client-credentials grant): its scopes are its capabilities
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    const roles = Object.entries(SCOPE_ROLES)
      .filter(([capability]) => scopes.includes(`${RESOURCE_SERVER}/${capability}`))
      .map(([, role]) => role);
    // the client's name is the pool's to say (http/auth.ts asks it); until then its id names it
    return { subject: claims.client_id, kind: 'client', name: `client ${claims.client_id}`, email: null, roles };
  }
  return { refused: 'people sign in with an ID token, machine clients with a client-credentials access token' };
}

/** The access check's route for IAM-signed callers (API Gateway's IAM authorizer guards it). */
export const IAM_ACCESS_CHECK_PATH = '/api/iam/access-checks';

/** What API Gateway's IAM authorizer says about a signed request's caller. */
export interface IamIdentity {
  userArn: string;
  accountId: string;
}

/**
 * An IAM-signed caller inside AWS (a data-exchange system's role, allowed execute-api:Invoke on the signed route):
 * named by its role, kept by its full ARN. Only the access check takes them, so their one role is service.
 */
export function callerFromIam(iam: IamIdentity): Caller {
  const role = iam.userArn.match(/:assumed-role\/([^/]+)\//)?.[1];
  const name = role ? `AWS role ${role} (account ${iam.accountId})` : `AWS principal ${iam.userArn}`;
  return { subject: iam.userArn, kind: 'aws-principal', name, email: null, roles: ['service'] };
}

/** Who acted, as kept: the label people read, and the token's subject for audit. */
export interface Actor {
  subject: string;
  label: string;
}
export const actorOf = (caller: Caller): Actor => ({ subject: caller.subject, label: actorLabel(caller) });

/** How history, audit events and decisions name who acted. */
export const actorLabel = (caller: Pick<Caller, 'name' | 'email'>) =>
  caller.email && caller.email !== caller.name ? `${caller.name} <${caller.email}>` : caller.name;
