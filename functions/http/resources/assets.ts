// The console shell, its script and the stylesheet.
import { stylesheet } from '../pages.js';
import { template } from '../../lib/templates.js';
import { html } from '../responses.js';

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
      body: stylesheet(),
    }),
  },
  {
    method: 'GET',
    path: '/console',
    summary: 'The web console',
    handle: async () => html(200, template('console.html')),
  },
  {
    method: 'GET',
    path: '/console/{view+}',
    summary: 'The web console (deep links)',
    handle: async () => html(200, template('console.html')),
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
