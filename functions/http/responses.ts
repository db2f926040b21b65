// HTTP responses (API Gateway HTTP API, payload v2) and the error shape of the contract.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LiaisonError } from '../domain/errors.js';

export type Request = APIGatewayProxyEventV2;
export type Response = APIGatewayProxyStructuredResultV2;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer', // signing links carry their credential in the path: never leak it
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
};
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action " +
  "'self'; frame-ancestors 'none'; base-uri 'none'";

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string, headers: Record<string, string> = {}): Response {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': PAGE_CSP,
      'x-frame-options': 'DENY',
      ...SECURITY_HEADERS,
      ...headers,
    },
    body,
  };
}

export function bytes(
  statusCode: number,
  body: Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  return {
    statusCode,
    headers: { 'content-type': contentType, ...SECURITY_HEADERS, ...headers },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** The contract's error body: the code, a message, and each field at fault. */
export const errorBody = (e: LiaisonError) => ({ error: e.code, message: e.message, issues: e.issues });
