// The officers' routes that open the screening list: screening a name, and the daily job run by hand (it re-screens
// partners). Their own function, with the memory an opened list needs; the everyday API carries none of it.
import { authenticate, authenticateIam } from './http/auth.js';
import { httpHandler } from './http/handler.js';
import { officerJobRoutes } from './http/resources/officer-jobs.js';

export const handler = httpHandler(officerJobRoutes, { bearer: authenticate, iam: authenticateIam });
