// Where re-screening stands, one item on DynamoDB.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScreeningState, ScreeningStateStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, strip } from './table.js';

export class DynamoDbScreeningState extends TableAdapter implements ScreeningStateStore {
  async get() {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.screeningState(), ConsistentRead: true }),
    );
    return strip<ScreeningState>(Item) ?? {};
  }

  async set(state: ScreeningState) {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.screeningState(), ...state } }));
  }
}
