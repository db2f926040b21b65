// Finds the route for a request in one audience's table (functions/api.ts, access-check.ts, signing.ts): 404 for an
// unknown path, 405 for a known path with another method, and path parameters that name nothing answered 404.
import { LiaisonError, notFound } from '../domain/errors.js';
import { compilePath, type Route } from './route.js';

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

export function router(routes: readonly Route[]) {
  const compiled = routes.map((route) => ({ route, ...compilePath(route.path) }));
  return (method: string, path: string) => {
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
  };
}
