// The list version partners were last screened against, one item on DynamoDB.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScreeningStateStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter } from './table.js';

export class DynamoDbScreeningState extends TableAdapter implements ScreeningStateStore {
  async lastList() {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.lastScreenedList(), ConsistentRead: true }),
    );
    return Item?.sha256 as string | undefined;
  }

  async setLastList(sha256: string, at: string) {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.lastScreenedList(), sha256, at } }));
  }
}
