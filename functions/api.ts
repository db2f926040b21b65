// The HTTP API Lambda (API Gateway HTTP API, payload v2): routes, roles, errors. The local server calls it too.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidPageTokenError } from './adapters/dynamodb-store.js';
import { authenticate } from './http/auth.js';
import { HttpError, errorBody, json, type Response } from './http/responses.js';
import { match } from './http/routes.js';
import { logger, metrics } from './lib/telemetry.js';

async function route(event: APIGatewayProxyEventV2): Promise<Response> {
  const method = event.requestContext?.http?.method ?? 'GET';
  const { route: found, params } = match(method, event.rawPath ?? '/');
  const caller = found.roles ? await authenticate(event, found.roles) : undefined;
  return found.handle(event, caller, params);
}

/** Known errors become the contract's error body; anything else a 500 without internals. */
const errors = (): middy.MiddlewareObj<APIGatewayProxyEventV2, Response> => ({
  onError: async (request) => {
    const error = request.error as Error;
    if (error instanceof HttpError) {
      request.response = json(error.statusCode, errorBody(error));
      return;
    }
    if (error instanceof InvalidPageTokenError) {
      request.response = json(400, {
        error: 'ValidationError',
        message: error.message,
        issues: [{ path: 'nextToken', message: error.message }],
      });
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
