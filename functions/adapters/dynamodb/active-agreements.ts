// The partner's active agreement on DynamoDB: the one item an access check reads.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgreementForAccess } from '../../domain/access.js';
import { ignoreConflict } from '../../domain/errors.js';
import type { ActiveAgreementStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, conditional, strip } from './table.js';

export class DynamoDbActiveAgreements extends TableAdapter implements ActiveAgreementStore {
  async put(partnerId: string, agreement: AgreementForAccess) {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.activeAgreement(partnerId), ...agreement } }),
    );
  }

  async get(partnerId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.activeAgreement(partnerId) }),
    );
    return strip<AgreementForAccess>(Item);
  }

  async setStatus(partnerId: string, agreementId: string, status: string) {
    // only touches the pointer while it still points at this agreement (a renewal may have replaced it)
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.activeAgreement(partnerId),
          UpdateExpression: 'SET #s = :s',
          ConditionExpression: 'agreementId = :a',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status, ':a': agreementId },
        }),
      ),
      'pointer moved',
    ).catch(ignoreConflict);
  }
}
