// The OpenAPI document, generated from the route table and the zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { Route } from './routes.js';

const ErrorBody = z
  .object({
    error: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: 'Error' });

let cached: unknown;

export function openApiDocument(routes: Route[]) {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'sigv4', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'AWS Signature Version 4, service execute-api, by a role allowed execute-api:Invoke on the route',
  });
  for (const route of routes) {
    if (route.path.startsWith('/assets') || route.path.startsWith('/console')) continue;
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'delete',
      path: route.path.replace('{view+}', '{view}'),
      summary: route.summary,
      security: route.authorization === 'iam' ? [{ sigv4: [] }] : route.roles ? [{ bearer: [] }] : [],
      description: route.roles ? `Roles: ${route.roles.join(', ')}` : 'No bearer token',
      request: {
        params: route.path.includes('{')
          ? z.object(Object.fromEntries([...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => [m[1], z.string()])))
          : undefined,
        query: route.query as z.ZodObject | undefined,
        body: route.body ? { content: { 'application/json': { schema: route.body } } } : undefined,
      },
      responses: {
        200: { description: 'OK' },
        ...(route.body
          ? {
              400: {
                description: 'Invalid input: every field at fault',
                content: { 'application/json': { schema: ErrorBody } },
              },
            }
          : {}),
        ...(route.roles
          ? { 401: { description: 'Missing or unknown token' }, 403: { description: 'Role not allowed' } }
          : {}),
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Liaison API', version: '1', description: 'Partner onboarding and data-sharing agreements' },
  });
  return cached;
}
