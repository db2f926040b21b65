// What every route module shares: the route shape, the roles, and loading a record or answering 404.
import type { z } from 'zod';
import { deps } from '../adapters/dependencies.js';
import type { Role } from '../domain/schemas.js';
import type { Caller } from './auth.js';
import { header } from './request.js';
import type { Request, Response } from './responses.js';
import { LiaisonError, notFound } from '../domain/errors.js';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  roles?: readonly Role[];
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  handle: (request: Request, caller: Caller | undefined, params: Record<string, string>) => Promise<Response>;
}

export const OFFICER = ['officer'] as const;
export const READERS = ['officer', 'approver', 'auditor'] as const;

export async function agreementOr404(id: string) {
  const agreement = await deps().agreements.get(id);
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
  const agreement = await deps().agreements.get(agreementId);
  return agreement?.pdfKey ? deps().documents.get(agreement.pdfKey) : undefined;
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
