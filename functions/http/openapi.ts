// The OpenAPI document, generated from the route table and the zod schemas that validate requests, with zod's own
// JSON Schema conversion (the shapes a request may take: defaults make a field optional). The functions do not build
// it: `npm run templates:compile` writes it to openapi.json beside the sources, and the officers' API serves that file.
import * as z from 'zod/mini';
import type { Route } from './route.js';

const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

type JsonSchema = Record<string, unknown>;

/** A schema as JSON Schema, as a request may send it, whole (the document names schemas in its components). */
function jsonSchemaOf(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    metadata: z.registry<{ id?: string }>(),
  });
  return rest;
}

/** A body: a reference to the components when the schema has a name there, else inline. */
function bodySchema(schema: z.ZodMiniType, components: Record<string, JsonSchema>): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) return jsonSchemaOf(schema);
  components[id] = jsonSchemaOf(schema);
  return { $ref: `#/components/schemas/${id}` };
}

function queryParameters(schema: z.ZodMiniType) {
  const { properties = {}, required = [] } = jsonSchemaOf(schema) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    schema: property,
    required: required.includes(name),
    name,
    in: 'query',
  }));
}

const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => ({
    schema: { type: 'string' },
    required: true,
    name: m[1],
    in: 'path',
  }));

export function openApiDocument(routes: Route[]) {
  const components: Record<string, JsonSchema> = { Error: jsonSchemaOf(ErrorBody) };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.path.startsWith('/assets') || route.path.startsWith('/console')) continue;
    const parameters = [...pathParameters(route.path), ...(route.query ? queryParameters(route.query) : [])];
    const path = route.path.replace('{view+}', '{view}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      security: route.authorization === 'iam' ? [{ sigv4: [] }] : route.roles ? [{ bearer: [] }] : [],
      description: route.roles ? `Roles: ${route.roles.join(', ')}` : 'No bearer token',
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { content: { 'application/json': { schema: bodySchema(route.body, components) } } } }
        : {}),
      responses: {
        200: { description: 'OK' },
        ...(route.body
          ? {
              400: {
                description: 'Invalid input: every field at fault',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
              },
            }
          : {}),
        ...(route.roles
          ? { 401: { description: 'Missing or unknown token' }, 403: { description: 'Role not allowed' } }
          : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Liaison API', version: '1', description: 'Partner onboarding and data-sharing agreements' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'AWS Signature Version 4, service execute-api, by a role allowed execute-api:Invoke on the route',
        },
      },
      schemas: components,
    },
    paths,
    webhooks: {},
  };
}
