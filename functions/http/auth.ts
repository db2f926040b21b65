// Bearer tokens: looked up by SHA-256 in the table (tokens themselves are never stored).
import { createHash } from 'node:crypto';
import { deps } from '../adapters/dependencies.js';
import type { Role } from '../domain/schemas.js';
import { header } from './request.js';
import type { Request } from './responses.js';
import { LiaisonError } from '../domain/errors.js';

export interface Caller {
  role: Role;
  id: string;
}

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function authenticate(request: Request, allowed: readonly Role[]): Promise<Caller> {
  const value = header(request, 'authorization');
  const match = value?.match(/^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/);
  if (!match)
    throw new LiaisonError(
      'Unauthorized',
      'send "Authorization: Bearer <token>" (see .liaison/credentials.json locally)',
      [],
    );
  const tokenHash = hashApiToken(match[1]);
  const role = await deps().apiTokens.roleOf(tokenHash);
  if (!role) throw new LiaisonError('Unauthorized', 'the bearer token is not valid');
  if (!allowed.includes(role))
    throw new LiaisonError('Forbidden', `this route needs the role ${allowed.join(' or ')}; your token has ${role}`);
  return { role, id: `${role}:${tokenHash.slice(0, 8)}` };
}
