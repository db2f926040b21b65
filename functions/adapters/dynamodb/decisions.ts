// Gate decisions on DynamoDB: one item per gate; undelivered ones sit in a byStatus partition until taken.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConflict } from '../../domain/errors.js';
import type { Gate, ReviewDecisionRecord } from '../../domain/records.js';
import type { DecisionStore } from '../../ports/store.js';
import { TABLE, UNDELIVERED_DECISIONS, keys } from './keys.js';
import { TableAdapter, conditional, strip, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbDecisions extends TableAdapter implements DecisionStore {
  async record(decision: ReviewDecisionRecord) {
    try {
      await conditional(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...keys.reviewDecision(decision.onboardingId, decision.gate),
              ...decision,
              statusPk: UNDELIVERED_DECISIONS,
              statusSk: decision.at,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
        'decided before',
      );
      return undefined;
    } catch (error) {
      if (!isConflict(error)) throw error;
      return this.get(decision.onboardingId, decision.gate);
    }
  }

  async get(onboardingId: string, gate: Gate) {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.reviewDecision(onboardingId, gate),
        ConsistentRead: true,
      }),
    );
    return strip<ReviewDecisionRecord>(Item);
  }

  async handToTask(onboardingId: string, gate: Gate, taskToken: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.reviewDecision(onboardingId, gate),
          UpdateExpression: 'SET taskToken = :t, statusPk = :p, statusSk = #at REMOVE deliveredAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':t': taskToken, ':p': UNDELIVERED_DECISIONS },
        }),
      ),
      'no such decision',
    );
  }

  async markDelivered(onboardingId: string, gate: Gate, at: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.reviewDecision(onboardingId, gate),
          UpdateExpression: 'SET deliveredAt = :at REMOVE statusPk, statusSk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
      'no such decision',
    );
  }

  async undelivered() {
    const found = await this.queryAll({
      IndexName: TABLE.byStatus.indexName,
      KeyConditionExpression: 'statusPk = :p',
      ExpressionAttributeValues: { ':p': UNDELIVERED_DECISIONS },
    });
    return this.fromTable<ReviewDecisionRecord>(TABLE.byStatus, found);
  }
}

/** The decisions port on the function's table. */
export const decisions = /* @__PURE__ */ lazyPort('decisions', () => new DynamoDbDecisions(...onTable()));
