// The officers' HTTP API Lambda: every route but the access check and the signing pages (functions/http/officers.ts).
import { authenticate, authenticateIam } from './http/auth.js';
import { httpHandler } from './http/handler.js';
import { officerRoutes } from './http/officers.js';

export const handler = httpHandler(officerRoutes, { bearer: authenticate, iam: authenticateIam });
