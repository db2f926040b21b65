// Agreements on DynamoDB: one item each; ACTIVE ones also carry the sparse byExpiry index's keys (their next expiry
// action's time).
import { PutCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ignoreConflict } from '../../domain/errors.js';
import type { AgreementRecord, SignatureRecord } from '../../domain/records.js';
import type { AgreementStore } from '../../ports/store.js';
import { DUE_PARTITION, TABLE, keys, partitions } from './keys.js';
import { TableAdapter, conditional, existsInStatus, setExpression, strip, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbAgreements extends TableAdapter implements AgreementStore {
  async create(record: AgreementRecord) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.agreement(record.agreementId),
            typePk: partitions.agreements,
            typeSk: `${record.createdAt}#${record.agreementId}`,
            statusPk: partitions.agreementsIn(record.status),
            statusSk: `${record.createdAt}#${record.agreementId}`,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      `agreement ${record.agreementId} exists`,
    );
  }

  async get(id: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.agreement(id), ConsistentRead: true }),
    );
    return strip<AgreementRecord>(Item);
  }

  async update(id: string, patch: Partial<AgreementRecord>, expectStatus: AgreementRecord['status'][]) {
    const full: Record<string, unknown> = { ...patch };
    const remove: string[] = [];
    if (patch.status) {
      full.statusPk = partitions.agreementsIn(patch.status);
      if (patch.status === 'ACTIVE' && !patch.expiryNextActionAt)
        throw new Error('activating an agreement needs the time of its next expiry action');
      if (patch.status !== 'ACTIVE') remove.push('duePk', 'dueSk'); // leaves the sparse index of expiry actions
    }
    // an ACTIVE agreement is in the sparse index under the time its next expiry action falls due
    if (patch.expiryNextActionAt) {
      full.duePk = DUE_PARTITION;
      full.dueSk = `${patch.expiryNextActionAt}#${id}`;
    }
    const { expression, names, values } = setExpression(full, remove);
    const condition = existsInStatus(expectStatus, names, values);
    const result = await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.agreement(id),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
      `agreement ${id} is not ${expectStatus.join(' or ')}`,
    );
    return strip<AgreementRecord>(result.Attributes)!;
  }

  async addSignature(id: string, signature: SignatureRecord, term?: { effectiveAt: string; expiresAt: string }) {
    // the signer id guard makes a replayed write a no-op instead of a second signature
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.agreement(id),
          UpdateExpression:
            'SET signatures = list_append(signatures, :sig), ' +
            'signedBy = list_append(if_not_exists(signedBy, :empty), :signer)' +
            (term ? ', effectiveAt = if_not_exists(effectiveAt, :e), expiresAt = if_not_exists(expiresAt, :x)' : ''),
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(signedBy, :signerId)',
          ExpressionAttributeValues: {
            ':sig': [signature],
            ':signer': [signature.signerId],
            ':signerId': signature.signerId,
            ':empty': [],
            ...(term ? { ':e': term.effectiveAt, ':x': term.expiresAt } : {}),
          },
        }),
      ),
      `signer ${signature.signerId} has already signed agreement ${id}`,
    ).catch(ignoreConflict);
  }

  list(status: string | undefined, limit: number, nextToken?: string) {
    return this.page<AgreementRecord>('agreements', status, limit, nextToken);
  }

  async dueBy(until: string) {
    const found = await this.queryAll({
      IndexName: TABLE.byExpiry.indexName,
      KeyConditionExpression: 'duePk = :p AND dueSk <= :until',
      ExpressionAttributeValues: { ':p': DUE_PARTITION, ':until': `${until}#~` },
    });
    return this.fromTable<AgreementRecord>(TABLE.byExpiry, found);
  }
}

/** The agreements port on the function's table. */
export const agreements = /* @__PURE__ */ lazyPort('agreements', () => new DynamoDbAgreements(...onTable()));
