// The access check's HTTP API Lambda: data-exchange systems ask it before every exchange (bearer token or IAM).
import { authenticate, authenticateIam } from './http/auth.js';
import { httpHandler } from './http/handler.js';
import { accessCheckRoutes } from './http/resources/access-checks.js';

export const handler = httpHandler(accessCheckRoutes, { bearer: authenticate, iam: authenticateIam });
