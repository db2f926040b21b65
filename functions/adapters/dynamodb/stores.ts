// Every store port on one DynamoDB table.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Stores } from '../../ports/store.js';
import { DynamoDbActiveAgreements } from './active-agreements.js';
import { DynamoDbAgreements } from './agreements.js';
import { DynamoDbAuditTrail } from './audit-trail.js';
import { DynamoDbDecisions } from './decisions.js';
import { DynamoDbDeliveries } from './deliveries.js';
import { DynamoDbFailedAttempts } from './failed-attempts.js';
import { DynamoDbHistory } from './history.js';
import { DynamoDbIdempotency } from './idempotency.js';
import { DynamoDbLinks } from './links.js';
import { DynamoDbOnboardings } from './onboardings.js';
import { DynamoDbPartnerKeys } from './partner-keys.js';
import { DynamoDbScreeningState } from './screening-state.js';
import { DynamoDbWebhooks } from './webhooks.js';

export const dynamoDbStores: { [K in keyof Stores]: new (db: DynamoDBDocumentClient, table: string) => Stores[K] } = {
  onboardings: DynamoDbOnboardings,
  history: DynamoDbHistory,
  auditTrail: DynamoDbAuditTrail,
  decisions: DynamoDbDecisions,
  agreements: DynamoDbAgreements,
  activeAgreements: DynamoDbActiveAgreements,
  partnerKeys: DynamoDbPartnerKeys,
  links: DynamoDbLinks,
  failedAttempts: DynamoDbFailedAttempts,
  idempotency: DynamoDbIdempotency,
  screeningState: DynamoDbScreeningState,
  webhooks: DynamoDbWebhooks,
  deliveries: DynamoDbDeliveries,
};

/** All of them at once (tools and tests; a function builds only the ones it uses). */
export function storesOn(db: DynamoDBDocumentClient, table: string): Stores {
  return Object.fromEntries(
    Object.entries(dynamoDbStores).map(([name, Adapter]) => [name, new Adapter(db, table)]),
  ) as unknown as Stores;
}
