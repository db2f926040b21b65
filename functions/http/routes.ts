// The API's routes: one table, assembled from the resource modules, drives the router, the role checks and
// the OpenAPI document.
import { openApiDocument } from './openapi.js';
import { json } from './responses.js';
import { LiaisonError, notFound } from '../domain/errors.js';

import { type Route, compilePath } from './route.js';
import { agreementRoutes } from './resources/agreements.js';
import { assetRoutes } from './resources/assets.js';
import { checkRoutes } from './resources/checks.js';
import { decisionRoutes } from './resources/decisions.js';
import { onboardingRoutes } from './resources/onboardings.js';
import { signingRoutes } from './resources/signing.js';
import { webhookRoutes } from './resources/webhooks.js';

export type { Route } from './route.js';

export const routes: Route[] = [
  { method: 'GET', path: '/health', summary: 'Liveness', handle: async () => json(200, { status: 'ok' }) },
  {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API, as OpenAPI 3.1',
    handle: async () => json(200, openApiDocument(routes)),
  },
  ...onboardingRoutes,
  ...agreementRoutes,
  ...checkRoutes,
  ...decisionRoutes,
  ...webhookRoutes,
  ...signingRoutes,
  ...assetRoutes,
];

const compiled = routes.map((route) => ({ route, ...compilePath(route.path) }));

/** Finds the route for a request; 404 for an unknown path, 405 for a known path with another method. */
/** Longer than any id or token Liaison issues: such a parameter names nothing, and is never looked up. */
const MAX_PATH_PARAMETER = 200;

function pathParameter(name: string, raw: string) {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new LiaisonError('ValidationError', `${name} is not valid percent-encoding`, [
      { path: name, message: 'is not valid percent-encoding' },
    ]);
  }
  if (value.length > MAX_PATH_PARAMETER || /\p{Cc}/u.test(value)) {
    throw notFound(`${name} ${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? '…' : ''}`);
  }
  return value;
}

export function match(method: string, path: string) {
  let pathKnown = false;
  for (const { route, regex, names } of compiled) {
    const m = regex.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, pathParameter(n, m[i + 1])]));
    return { route, params };
  }
  throw pathKnown
    ? new LiaisonError('MethodNotAllowed', `${method} is not allowed on ${path}`)
    : new LiaisonError('NotFound', `no route ${path}`);
}
