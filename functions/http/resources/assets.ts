// The console shell, its script and the stylesheet.
import { template } from '../../lib/templates.js';
import { settings } from '../../adapters/config.js';
import { CLI_CALLBACK } from '../../domain/identity.js';
import { PAGE_CSP, html, json } from '../responses.js';

import type { Route } from '../route.js';

export const assetRoutes: Route[] = [
  {
    method: 'GET',
    path: '/',
    summary: 'The console',
    handle: async () => ({ statusCode: 302, headers: { location: '/console' } }),
  },
  {
    method: 'GET',
    path: '/assets/liaison.css',
    summary: 'Stylesheet',
    handle: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' },
      body: template('liaison.css'),
    }),
  },
  {
    method: 'GET',
    path: '/console',
    summary: 'The web console',
    handle: async () => consoleShell(),
  },
  {
    method: 'GET',
    path: '/console/config.json',
    summary: "Where the console signs people in (the user pool's hosted UI and the console's app client)",
    handle: async () => {
      const { consoleClientId, cliClientId, hostedUiUrl, issuer } = settings().identity;
      return json(200, {
        issuer,
        clientId: consoleClientId,
        cliClientId,
        cliCallback: CLI_CALLBACK,
        authorizeUrl: `${hostedUiUrl}/oauth2/authorize`,
        tokenUrl: `${hostedUiUrl}/oauth2/token`,
        logoutUrl: `${hostedUiUrl}/logout`,
      });
    },
  },
  {
    method: 'GET',
    path: '/console/{view+}',
    summary: 'The web console (deep links, the sign-in callback)',
    handle: async () => consoleShell(),
  },
  {
    method: 'GET',
    path: '/assets/console.js',
    summary: 'Console script',
    handle: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      body: template('console.js'),
    }),
  },
];

/** The console's page; it may reach the hosted UI's token endpoint, and nothing else outside the API. */
function consoleShell() {
  const hostedUi = new URL(settings().identity.hostedUiUrl).origin;
  const csp = PAGE_CSP.replace("connect-src 'self'", `connect-src 'self' ${hostedUi}`);
  return html(200, template('console.html'), { 'content-security-policy': csp });
}
