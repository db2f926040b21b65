// Idempotency keys on DynamoDB: reserved by a conditional put, completed with the response to repeat.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConflict } from '../../domain/errors.js';
import type { IdempotencyStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, conditional } from './table.js';

export class DynamoDbIdempotency extends TableAdapter implements IdempotencyStore {
  async reserve(scope: string, key: string, requestHash: string) {
    try {
      await conditional(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.idempotency(scope, key), requestHash },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
        'used',
      );
      return undefined;
    } catch (error) {
      if (!isConflict(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }),
      );
      return { requestHash: Item?.requestHash as string, response: Item?.response };
    }
  }

  async complete(scope: string, key: string, response: unknown) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET #r = :r',
        ExpressionAttributeNames: { '#r': 'response' },
        ExpressionAttributeValues: { ':r': response },
      }),
    );
  }
}
