// API tokens on DynamoDB, by the token's hash.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../domain/schemas.js';
import type { ApiTokenStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter } from './table.js';

export class DynamoDbApiTokens extends TableAdapter implements ApiTokenStore {
  async put(tokenHash: string, role: Role, label: string) {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.apiToken(tokenHash), role, label } }),
    );
  }

  async roleOf(tokenHash: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiToken(tokenHash) }));
    return Item?.role as Role | undefined;
  }
}
