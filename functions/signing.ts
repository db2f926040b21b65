// The signing pages' HTTP API Lambda: a signer's emailed link is the credential (functions/http/resources/signing.ts).
import { httpHandler } from './http/handler.js';
import { signingRoutes } from './http/resources/signing.js';

export const handler = httpHandler(signingRoutes);
