// The partner's active agreement on DynamoDB: the one item an access check reads.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgreementForAccess } from '../../domain/access.js';
import { ignoreConflict } from '../../domain/errors.js';
import type { PartnerNames } from '../../domain/vetting.js';
import type { ActiveAgreementStore, ListedPartner } from '../../ports/store.js';
import { TABLE, keys, partitions } from './keys.js';
import { TableAdapter, conditional, strip, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbActiveAgreements extends TableAdapter implements ActiveAgreementStore {
  async put(partnerId: string, agreement: AgreementForAccess, names: PartnerNames, at: string) {
    const listed = { [TABLE.byType.partitionKey]: partitions.partners, [TABLE.byType.sortKey]: `${at}#${partnerId}` };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.activeAgreement(partnerId), ...listed, ...agreement, names },
      }),
    );
  }

  async get(partnerId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.activeAgreement(partnerId) }),
    );
    return strip<AgreementForAccess & { names?: PartnerNames }>(Item);
  }

  async listAfter(mark: string | undefined, limit: number, nextToken?: string) {
    const page = await this.indexPageAfter<{ names?: PartnerNames }>(
      TABLE.byType,
      partitions.partners,
      mark,
      limit,
      nextToken,
    );
    return {
      items: page.items.map(
        (p): ListedPartner => ({
          partnerId: p.mark.slice(p.mark.indexOf('#') + 1),
          names: p.names,
          mark: p.mark,
        }),
      ),
      nextToken: page.nextToken,
    };
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

/** The activeAgreements port on the function's table. */
export const activeAgreements = /* @__PURE__ */ lazyPort(
  'activeAgreements',
  () => new DynamoDbActiveAgreements(...onTable()),
);
