// The local-only routes (/local/*: clock, faults, IAM report, executions; /mail: every signing link) act on the
// whole system without a token, so they answer only the developer's own machine: a request whose Host is not a
// loopback name is refused (a DNS-rebinding page on attacker.example would otherwise read the mailbox), and so
// is a request a browser sends from another site (its Origin or Sec-Fetch-Site says so: no cross-site POST may
// move the clock). Tools such as curl and the tests send neither header and are let through.
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export const isLocalOnlyRoute = (path: string) =>
  path.startsWith('/local/') || path === '/mail' || path.startsWith('/mail/');

/** Why a request to a local-only route is refused, or undefined when it may pass. */
export function localRouteRefusal(request: IncomingMessage, ownOrigin: string): string | undefined {
  const host = String(request.headers.host ?? '');
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  if (!LOOPBACK.has(hostname)) return `local routes answer only on localhost, not on "${host}"`;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== ownOrigin && !isLoopbackOrigin(origin, ownOrigin)) {
    return `local routes refuse requests from other sites (Origin ${origin})`;
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `local routes refuse requests from other sites (${site})`;
  return undefined;
}

/** The same server under another loopback name (127.0.0.1 for localhost). */
function isLoopbackOrigin(origin: string | string[], ownOrigin: string) {
  try {
    const url = new URL(String(origin));
    return LOOPBACK.has(url.hostname) && url.port === new URL(ownOrigin).port;
  } catch {
    return false;
  }
}
