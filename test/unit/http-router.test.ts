// Each HTTP function routes within its own table; one whose routes take roles cannot be built without authentication.
import { describe, expect, it } from 'vitest';
import { httpHandler } from '../../functions/http/handler.js';
import { json } from '../../functions/http/responses.js';
import type { Route } from '../../functions/http/route.js';
import { router } from '../../functions/http/router.js';

const routes: Route[] = [
  { method: 'GET', path: '/things/{id}', summary: 'A thing', handle: async () => json(200, {}) },
  { method: 'POST', path: '/things', summary: 'Add', roles: ['officer'], handle: async () => json(201, {}) },
];

describe('A function’s router', () => {
  const match = router(routes);

  it('finds the route and decodes its path parameters', () => {
    const { route, params } = match('GET', '/things/a%20b');
    expect(route.summary).toBe('A thing');
    expect(params).toEqual({ id: 'a b' });
  });

  it('answers HEAD with the GET route', () => {
    expect(match('HEAD', '/things/x').route.method).toBe('GET');
  });

  it('refuses another method on a known path with 405, and an unknown path with 404', () => {
    expect(() => match('DELETE', '/things/x')).toThrow(expect.objectContaining({ code: 'MethodNotAllowed' }));
    expect(() => match('GET', '/elsewhere')).toThrow(expect.objectContaining({ code: 'NotFound' }));
  });
});

describe('An HTTP function', () => {
  it('cannot be built for routes that take roles without a way to authenticate callers', () => {
    expect(() => httpHandler(routes)).toThrow(/need an authentication/);
    expect(() => httpHandler(routes.filter((r) => !r.roles))).not.toThrow();
  });
});
