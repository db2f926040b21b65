// Idempotency keys on DynamoDB: one item per caller and key, reserved by a conditional put (free when unused,
// released or stale), completed with the response to repeat, and deleted by TTL a day later.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConflict } from '../../domain/errors.js';
import type { IdempotencyRecord, IdempotencyReservation, IdempotencyStore } from '../../ports/store.js';
import { TTL_ATTRIBUTE, keys } from './keys.js';
import { TableAdapter, conditional, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbIdempotency extends TableAdapter implements IdempotencyStore {
  async reserve(scope: string, key: string, request: IdempotencyReservation) {
    const { fingerprint, reservation, reservedAt, staleBefore, expiresAtEpoch } = request;
    try {
      await conditional(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...keys.idempotency(scope, key),
              fingerprint,
              reservation,
              reservedAt,
              [TTL_ATTRIBUTE]: expiresAtEpoch,
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR attribute_exists(released) OR ' +
              '(attribute_not_exists(#response) AND reservedAt < :stale)',
            ExpressionAttributeNames: { '#response': 'response' },
            ExpressionAttributeValues: { ':stale': staleBefore },
          }),
        ),
        'reserved',
      );
      return undefined;
    } catch (error) {
      if (!isConflict(error)) throw error;
      return this.get(scope, key);
    }
  }

  async get(scope: string, key: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }),
    );
    if (!Item || Item.released) return undefined;
    const record: IdempotencyRecord = {
      fingerprint: Item.fingerprint as string,
      reservation: Item.reservation as string,
      reservedAt: Item.reservedAt as string,
    };
    if (Item.response !== undefined) record.response = Item.response;
    return record;
  }

  async complete(scope: string, key: string, reservation: string, response: unknown) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope, key),
          UpdateExpression: 'SET #response = :response',
          ConditionExpression: 'reservation = :reservation AND attribute_not_exists(releasedAt)',
          ExpressionAttributeNames: { '#response': 'response' },
          ExpressionAttributeValues: { ':response': response, ':reservation': reservation },
        }),
      ),
      'the reservation was taken over',
    );
  }

  async release(scope: string, key: string, reservation: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope, key),
          UpdateExpression: 'SET released = :yes',
          ConditionExpression: 'reservation = :reservation AND attribute_not_exists(#response)',
          ExpressionAttributeNames: { '#response': 'response' },
          ExpressionAttributeValues: { ':reservation': reservation, ':yes': true },
        }),
      ),
      'the reservation was taken over or completed',
    ).catch((error) => {
      if (!isConflict(error)) throw error;
    });
  }
}

/** The idempotency port on the function's table. */
export const idempotency = /* @__PURE__ */ lazyPort('idempotency', () => new DynamoDbIdempotency(...onTable()));
