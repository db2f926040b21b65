// API Gateway (HTTP API, payload format 2.0), locally: each HTTP request becomes the event API
// Gateway would build and invokes the API function through the local Lambda service; its result
// becomes the HTTP response. A function error is a 500 with API Gateway's own body, as on AWS.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InvokeResult } from './lambda/service.js';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export function toEvent(request: IncomingMessage, body: Buffer, now: Date): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? 'unknown',
        userAgent: headers['user-agent'] ?? '',
      },
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

/** Writes the function's result as API Gateway would. */
export function writeResult(response: ServerResponse, result: InvokeResult) {
  if ('error' in result) {
    response
      .writeHead(500, { 'content-type': 'application/json' })
      .end(JSON.stringify({ message: 'Internal Server Error' }));
    return;
  }
  const payload = result.payload as APIGatewayProxyStructuredResultV2 | string | null;
  if (payload === null || typeof payload !== 'object' || !('statusCode' in payload)) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    return;
  }
  response.writeHead(payload.statusCode ?? 200, (payload.headers ?? {}) as Record<string, string>);
  const body =
    payload.body === undefined
      ? undefined
      : payload.isBase64Encoded
        ? Buffer.from(payload.body, 'base64')
        : payload.body;
  response.end(body);
}
