// Failed-attempt counters on DynamoDB: one item per client and window, deleted by TTL.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FailedAttemptStore } from '../../ports/store.js';
import { TTL_ATTRIBUTE, keys } from './keys.js';
import { TableAdapter, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbFailedAttempts extends TableAdapter implements FailedAttemptStore {
  async record(scope: string, client: string, windowStart: string, expiresAtEpoch: number) {
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.rate(scope, client, windowStart),
        UpdateExpression: 'ADD attempts :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAtEpoch },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.attempts ?? 1);
  }

  async count(scope: string, client: string, windowStart: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rate(scope, client, windowStart) }),
    );
    return Number(Item?.attempts ?? 0);
  }
}

/** The failedAttempts port on the function's table. */
export const failedAttempts = /* @__PURE__ */ lazyPort(
  'failedAttempts',
  () => new DynamoDbFailedAttempts(...onTable()),
);
