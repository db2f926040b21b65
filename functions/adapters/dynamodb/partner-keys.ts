// Partner identifiers on DynamoDB: one item per identifier, claimed by one partner.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConflict } from '../../domain/errors.js';
import type { PartnerKeyStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, conditional, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbPartnerKeys extends TableAdapter implements PartnerKeyStore {
  async claim(kind: string, value: string, partnerId: string, legalName: string) {
    try {
      await conditional(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.partnerKey(kind, value), partnerId, legalName },
            ConditionExpression: 'attribute_not_exists(pk) OR partnerId = :p',
            ExpressionAttributeValues: { ':p': partnerId },
          }),
        ),
        'claimed',
      );
      return undefined;
    } catch (error) {
      if (!isConflict(error)) throw error;
      return this.find(kind, value);
    }
  }

  async find(kind: string, value: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.partnerKey(kind, value) }),
    );
    return Item ? { partnerId: Item.partnerId as string, legalName: Item.legalName as string } : undefined;
  }
}

/** The partnerKeys port on the function's table. */
export const partnerKeys = /* @__PURE__ */ lazyPort('partnerKeys', () => new DynamoDbPartnerKeys(...onTable()));
