// The HTTP API Lambda (API Gateway HTTP API, payload v2): routes, roles, errors. The local server calls it too.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { authenticate, authenticateIam } from './http/auth.js';
import { fingerprint, once } from './http/idempotency.js';
import { header } from './http/request.js';
import { checkPathParameters, checkRequestInput, idempotencyKey } from './http/route.js';
import { errorBody, json, type Response } from './http/responses.js';
import { match } from './http/routes.js';
import { logger, metrics } from './lib/telemetry.js';
import { LiaisonError } from './domain/errors.js';

async function route(event: APIGatewayProxyEventV2): Promise<Response> {
  const method = event.requestContext?.http?.method ?? 'GET';
  const { route: found, params } = match(method, event.rawPath ?? '/');
  const caller =
    found.authorization === 'iam'
      ? authenticateIam(event)
      : found.roles
        ? await authenticate(event, found.roles)
        : undefined;
  checkPathParameters(found.path, params);
  const keyed = found.method === 'POST' && caller !== undefined && header(event, 'idempotency-key') !== undefined;
  if (!keyed) return found.handle(event, caller, params);
  checkRequestInput(found, event);
  const key = idempotencyKey(event)!;
  return once(caller!.subject, key, fingerprint(event), () => found.handle(event, caller, params));
}

/** Known errors become the contract's error body; anything else a 500 without internals. */
const errors = (): middy.MiddlewareObj<APIGatewayProxyEventV2, Response> => ({
  onError: async (request) => {
    const error = request.error as Error;
    if (error instanceof LiaisonError) {
      request.response = json(error.status, errorBody(error));
      return;
    }
    logger.error('unhandled error', { path: request.event.rawPath, error });
    request.response = json(500, {
      error: 'InternalError',
      message: 'something went wrong on our side; it has been logged',
      issues: [],
    });
  },
});

export const handler = middy<APIGatewayProxyEventV2, Response>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(errors())
  .handler(route);
