// An HTTP API Lambda (API Gateway HTTP API, payload v2) for one audience's routes: the route, the caller's roles,
// an idempotency key's replay, and errors in the contract's shape. The local API gateway invokes the same bundles.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LiaisonError } from '../domain/errors.js';
import { logger, metrics } from '../lib/telemetry.js';
import type { authenticate, authenticateIam } from './auth.js';
import { fingerprint, once } from './idempotency.js';
import { header } from './request.js';
import { errorBody, json, type Response } from './responses.js';
import { checkPathParameters, checkRequestInput, idempotencyKey, type Route } from './route.js';
import { router } from './router.js';

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

/** How callers prove who they are; a function whose routes all take none (the signing pages) carries neither. */
export interface Authentication {
  bearer: typeof authenticate;
  iam: typeof authenticateIam;
}

export function httpHandler(routes: readonly Route[], authentication?: Authentication) {
  if (!authentication && routes.some((r) => r.roles || r.authorization))
    throw new Error('routes that take roles need an authentication');
  const match = router(routes);
  const route = async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const { route: found, params } = match(method, event.rawPath ?? '/');
    const caller =
      found.authorization === 'iam'
        ? authentication!.iam(event)
        : found.roles
          ? await authentication!.bearer(event, found.roles)
          : undefined;
    checkPathParameters(found.path, params);
    const keyed = found.method === 'POST' && caller !== undefined && header(event, 'idempotency-key') !== undefined;
    if (!keyed) return found.handle(event, caller, params);
    checkRequestInput(found, event);
    const key = idempotencyKey(event)!;
    return once(caller!.subject, key, fingerprint(event), () => found.handle(event, caller, params));
  };
  return middy<APIGatewayProxyEventV2, Response>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(errors())
    .handler(route);
}
