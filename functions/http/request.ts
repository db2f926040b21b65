// Reading a request: JSON or form bodies with a size limit, validated by zod, every fault named.
import { settings } from '../adapters/config.js';
import type * as z from 'zod/mini';
import { fieldIssues } from '../domain/schemas.js';
import type { Request } from './responses.js';
import { LiaisonError } from '../domain/errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

export function rawBody(request: Request): string {
  const body = request.body ?? '';
  const text = request.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new LiaisonError('PayloadTooLarge', `request body is larger than ${MAX_BODY_BYTES} bytes`);
  return text;
}

export function header(request: Request, name: string): string | undefined {
  const headers = request.headers ?? {};
  return (
    headers[name] ??
    headers[name.toLowerCase()] ??
    Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
  );
}

export function validate<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new LiaisonError('ValidationError', 'the request is invalid: see issues', fieldIssues(result.error));
  return result.data;
}

export function jsonBody<S extends z.ZodMiniType>(request: Request, schema: S): z.infer<S> {
  const type = header(request, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new LiaisonError('UnsupportedMediaType', 'send the body as application/json');
  const text = rawBody(request); // outside the try: a 413 stays a 413
  let value: unknown;
  try {
    value = JSON.parse(text || 'null');
  } catch {
    throw new LiaisonError('ValidationError', 'the body is not valid JSON', [
      { path: '(body)', message: 'not valid JSON' },
    ]);
  }
  return validate(schema, value);
}

export function formBody(request: Request): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(rawBody(request)));
}

export function query<S extends z.ZodMiniType>(request: Request, schema: S): z.infer<S> {
  return validate(schema, request.queryStringParameters ?? {});
}

export function clientOf(request: Request) {
  return {
    ip: request.requestContext?.http?.sourceIp ?? 'unknown',
    userAgent: request.requestContext?.http?.userAgent ?? header(request, 'user-agent') ?? 'unknown',
  };
}

/**
 * Where people reach this API, for links in emails the API sends itself: the deployment's BASE_URL when set, else
 * the domain the request came in on (API Gateway sets it and the scheme it was reached by).
 */
export function publicBaseUrl(request: Request): string {
  const configured = settings().baseUrlIfSet;
  if (configured) return configured;
  const scheme = header(request, 'x-forwarded-proto') === 'http' ? 'http' : 'https';
  return `${scheme}://${request.requestContext.domainName}`;
}
