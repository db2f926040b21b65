// What every route module shares: the route shape, the roles, and loading a record or answering 404.
import type * as z from 'zod/mini';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { documents } from '../adapters/s3-documents.js';
import type { Role } from '../domain/schemas.js';
import type { Caller } from './auth.js';
import { header, jsonBody, query } from './request.js';
import { isId, isSignerId } from '../domain/ids.js';
import type { Request, Response } from './responses.js';
import { LiaisonError, notFound } from '../domain/errors.js';

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  roles?: readonly Role[];
  /** Who calls it: a bearer token of the pool (default), or an IAM-signed request the gateway verified. */
  authorization?: 'iam';
  summary: string;
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  handle: (request: Request, caller: Caller | undefined, params: Record<string, string>) => Promise<Response>;
}

export const OFFICER = ['officer'] as const;
export const READERS = ['officer', 'approver', 'auditor'] as const;

export async function agreementOr404(id: string) {
  const agreement = await agreements.get(id);
  if (!agreement) throw notFound(`agreement ${id}`);
  return agreement;
}
export function idempotencyKey(request: Request) {
  const key = header(request, 'idempotency-key');
  if (key !== undefined && !/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
    throw new LiaisonError('ValidationError', 'the request is invalid: see issues', [
      { path: 'Idempotency-Key', message: 'must be 8-128 letters, digits or _.:-' },
    ]);
  }
  return key;
}
export async function executedCopy(agreementId: string) {
  const agreement = await agreements.get(agreementId);
  return agreement?.pdfKey ? documents.get(agreement.pdfKey) : undefined;
}

/** A route's path template ('/api/onboardings/{id}', '{view+}' for the rest of the path) as a pattern. */
export function compilePath(path: string) {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
    names.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { regex: new RegExp(`^${pattern}$`), names };
}

/** Path parameters in the shape Liaison issues them; any other names nothing, and is answered 404 at once. */
export function checkPathParameters(routePath: string, params: Record<string, string>) {
  const kind = routePath.startsWith('/api/onboardings/{id}')
    ? 'onboarding'
    : routePath.startsWith('/api/agreements/{id}')
      ? 'agreement'
      : routePath.startsWith('/api/webhooks/{id}')
        ? 'webhook'
        : undefined;
  if (kind && params.id !== undefined && !isId(kind, params.id)) throw notFound(`${kind} ${JSON.stringify(params.id)}`);
  if (params.signerId !== undefined && !isSignerId(params.signerId))
    throw notFound(`signer ${JSON.stringify(params.signerId)}`);
}

/**
 * The body and query a route takes, checked before an idempotency key is reserved (so malformed input writes
 * nothing); without a key the route's own parsing checks them, once.
 */
export function checkRequestInput(route: Route, request: Request) {
  if (route.body) jsonBody(request, route.body);
  if (route.query) query(request, route.query);
}
