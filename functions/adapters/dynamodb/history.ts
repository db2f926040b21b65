// An onboarding's history on DynamoDB: one item per event in the onboarding's partition, in time order.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { HistoryEvent } from '../../domain/records.js';
import type { HistoryStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbHistory extends TableAdapter implements HistoryStore {
  async add(onboardingId: string, event: HistoryEvent) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.historyEvent(onboardingId, event.at, randomBytes(4).toString('hex')),
          ...event,
        },
      }),
    );
  }

  async list(onboardingId: string) {
    return (await this.events(keys.onboardingPartition(onboardingId))).map((item) => ({
      at: item.at as string,
      event: item.event as string,
      detail: item.detail as string,
    }));
  }
}

/** The history port on the function's table. */
export const history = /* @__PURE__ */ lazyPort('history', () => new DynamoDbHistory(...onTable()));
