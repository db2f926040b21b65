// Links on DynamoDB: one item per link by its token's hash, in byStatus partitions while pending or unresumed;
// each signer's slot is an item in the agreement's partition.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ignoreConflict, isConflict } from '../../domain/errors.js';
import type { LinkRecord } from '../../domain/records.js';
import type { LinkStore } from '../../ports/store.js';
import { SIGNER_SLOT_PREFIX, TABLE, keys, partitions } from './keys.js';
import { TableAdapter, conditional, strip, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbLinks extends TableAdapter implements LinkStore {
  async claimSignerSlot(agreementId: string, signerId: string, taskTokenHash: string, nextLinkHash: string) {
    // an update, not a put: the slot keeps pointing at its current link, which a retried step may reuse
    try {
      const { Attributes } = await conditional(
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.signerSlot(agreementId, signerId),
            UpdateExpression: 'SET taskTokenHash = :h, tokenHash = if_not_exists(tokenHash, :next)',
            ConditionExpression: 'attribute_not_exists(pk) OR taskTokenHash <> :h',
            ExpressionAttributeValues: { ':h': taskTokenHash, ':next': nextLinkHash },
            ReturnValues: 'ALL_OLD',
          }),
        ),
        'slot taken',
      );
      return { claimed: true, linkTokenHash: Attributes?.tokenHash as string | undefined };
    } catch (error) {
      if (isConflict(error)) return { claimed: false };
      throw error;
    }
  }

  async signerSlots(agreementId: string) {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': keys.agreementPartition(agreementId), ':s': SIGNER_SLOT_PREFIX },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((i) => ({
      signerId: (i.sk as string).slice(SIGNER_SLOT_PREFIX.length),
      tokenHash: i.tokenHash as string | undefined,
    }));
  }

  async create(link: LinkRecord, { slotClaimed = false } = {}) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.link(link.tokenHash),
            ...link,
            ...(link.status === 'PENDING'
              ? { statusPk: partitions.openLinks, statusSk: `${link.sentAt}#${link.tokenHash}` }
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      'link exists',
    );
    // the signer's slot points at the current link (a slot claimed for this link does already)
    if (slotClaimed) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.signerSlot(link.agreementId, link.signerId),
        UpdateExpression: 'SET tokenHash = :h',
        ExpressionAttributeValues: { ':h': link.tokenHash },
      }),
    );
  }

  async get(tokenHash: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.link(tokenHash), ConsistentRead: true }),
    );
    return strip<LinkRecord>(Item);
  }

  async handToTask(tokenHash: string, taskToken: string) {
    // an answer already given is queued again for the redelivery job, now with the task that waits for it
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression:
            'SET taskToken = :t, statusPk = if_not_exists(statusPk, :open), ' +
            'statusSk = if_not_exists(statusSk, usedAt) REMOVE resumedAt',
          ConditionExpression: 'attribute_exists(pk) AND #s IN (:pending, :signed, :declined)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':t': taskToken,
            ':open': partitions.openLinks,
            ':pending': 'PENDING',
            ':signed': 'SIGNED',
            ':declined': 'DECLINED',
          },
        }),
      ),
      'the link is gone or was withdrawn',
    );
  }

  async markEmailed(tokenHash: string, at: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: 'SET emailedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
      'no such link',
    );
  }

  async use(tokenHash: string, status: LinkRecord['status'], at: string, declineReason?: string) {
    // an answer (SIGNED / DECLINED) stays open (its partition of the index) until it has reached the workflow
    const answered = status === 'SIGNED' || status === 'DECLINED';
    const result = await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: answered
            ? `SET #s = :s, usedAt = :at${declineReason ? ', declineReason = :reason' : ''}`
            : 'SET #s = :s, usedAt = :at REMOVE statusPk, statusSk',
          ConditionExpression: '#s = :pending AND expiresAt > :at',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': status,
            ':at': at,
            ':pending': 'PENDING',
            ...(declineReason ? { ':reason': declineReason } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
      'this link has already been used, has expired or was withdrawn',
    );
    return strip<LinkRecord>(result.Attributes)!;
  }

  async markViewed(tokenHash: string, at: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: 'SET firstViewedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(firstViewedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
      'viewed before',
    ).catch(ignoreConflict);
  }

  pending() {
    return this.openLinks(['PENDING']);
  }

  unresumed() {
    return this.openLinks(['SIGNED', 'DECLINED']);
  }

  /** Open links in these states: the index holds each link's status, so the query returns only those. */
  private async openLinks(statuses: LinkRecord['status'][]) {
    const found = await this.queryAll({
      IndexName: TABLE.byStatus.indexName,
      KeyConditionExpression: 'statusPk = :p',
      FilterExpression: `#s IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':p': partitions.openLinks,
        ...Object.fromEntries(statuses.map((status, i) => [`:s${i}`, status])),
      },
    });
    const links = await this.fromTable<LinkRecord>(TABLE.byStatus, found);
    // the item read from the table is newer than the index: it must still be in one of these states
    return links.filter((link) => statuses.includes(link.status));
  }

  async markResumed(tokenHash: string, at: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: 'SET resumedAt = :at REMOVE statusPk, statusSk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
      'no such link',
    );
  }

  async recordReminder(tokenHash: string, remindersSent: number, at: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: 'SET remindersSent = :n, lastReminderAt = :at',
          ConditionExpression: 'remindersSent = :prev AND #s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':n': remindersSent,
            ':prev': remindersSent - 1,
            ':at': at,
            ':pending': 'PENDING',
          },
        }),
      ),
      'reminder already recorded',
    );
  }
}

/** The links port on the function's table. */
export const links = /* @__PURE__ */ lazyPort('links', () => new DynamoDbLinks(...onTable()));
