// The officers' API (functions/api.ts): people signed in to the console or the CLI, the console itself, and the API's
// description. The access check, the signing pages, and screening with the daily job run by hand (they open the
// screening list) are functions of their own (access-check.ts, signing.ts, officer-jobs.ts).
import { template } from '../lib/templates.js';
import { agreementRoutes } from './resources/agreements.js';
import { assetRoutes } from './resources/assets.js';
import { decisionRoutes } from './resources/decisions.js';
import { onboardingRoutes } from './resources/onboardings.js';
import { webhookRoutes } from './resources/webhooks.js';
import { json } from './responses.js';
import type { Route } from './route.js';

export const officerRoutes: Route[] = [
  { method: 'GET', path: '/health', summary: 'Liveness', handle: async () => json(200, { status: 'ok' }) },
  {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API, as OpenAPI 3.1',
    // generated with the sources (`npm run generate`), not on a cold start
    handle: async () => ({ ...json(200, null), body: template('openapi.json') }),
  },
  ...onboardingRoutes,
  ...agreementRoutes,
  ...decisionRoutes,
  ...webhookRoutes,
  ...assetRoutes,
];
