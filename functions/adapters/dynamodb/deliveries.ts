// Webhook deliveries on DynamoDB. Each (webhook, stream) is one partition sorted in the order the events happened,
// so a sender reads what it must send next with one query; a pending delivery also sits in the sparse DELIVERY#DUE
// partition by when it is due, which is all the sweep reads; a lease item keeps a stream to one sender at a time.
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ignoreConflict } from '../../domain/errors.js';
import type { DeliveryAttempt, DeliveryRecord } from '../../domain/records.js';
import type { DeliveryStore, DeliveryStream } from '../../ports/store.js';
import { TABLE, keys, partitions } from './keys.js';
import { TableAdapter, conditional, strip, wrote, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

const dueKeys = (delivery: DeliveryRecord, at: string) => ({
  statusPk: partitions.dueDeliveries,
  statusSk: `${at}#${keys.deliveryStream(delivery.webhookId, delivery.stream)}`,
});

export class DynamoDbDeliveries extends TableAdapter implements DeliveryStore {
  async create(delivery: DeliveryRecord) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.delivery(delivery.webhookId, delivery.stream, delivery.order),
            typePk: partitions.deliveriesOf(delivery.webhookId),
            typeSk: `${delivery.createdAt}#${delivery.eventId}`,
            ...(delivery.status === 'PENDING' ? dueKeys(delivery, delivery.nextAttemptAt ?? delivery.createdAt) : {}),
            ...delivery,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      'delivery exists',
    ).catch(ignoreConflict);
  }

  async pending({ webhookId, stream }: DeliveryStream) {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      FilterExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.deliveryStream(webhookId, stream),
        ':d': keys.deliveryPrefix,
        ':pending': 'PENDING',
      },
      ConsistentRead: true,
    });
    return items.map((i) => strip<DeliveryRecord>(i)!);
  }

  async due(asOf: string, limit: number) {
    const { Items: found = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE.byStatus.indexName,
        KeyConditionExpression: 'statusPk = :p AND statusSk <= :asOf',
        ExpressionAttributeValues: { ':p': partitions.dueDeliveries, ':asOf': `${asOf}#~` },
        Limit: limit,
      }),
    );
    const streams = new Map<string, DeliveryStream>();
    for (const { webhookId, stream } of await this.fromTable<DeliveryRecord>(TABLE.byStatus, found)) {
      streams.set(`${webhookId}#${stream}`, { webhookId, stream });
    }
    return [...streams.values()];
  }

  async recordAttempt(
    delivery: DeliveryRecord,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryRecord['status']; nextAttemptAt?: string },
  ) {
    const pending = outcome.status === 'PENDING' && outcome.nextAttemptAt;
    const due = pending ? dueKeys(delivery, outcome.nextAttemptAt!) : undefined;
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.delivery(delivery.webhookId, delivery.stream, delivery.order),
          UpdateExpression: due
            ? 'SET attempts = list_append(attempts, :attempt), #status = :status, nextAttemptAt = :next, ' +
              'statusPk = :duePk, statusSk = :dueSk'
            : 'SET attempts = list_append(attempts, :attempt), #status = :status ' +
              'REMOVE nextAttemptAt, statusPk, statusSk',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':attempt': [attempt],
            ':status': outcome.status,
            ':pending': 'PENDING',
            ...(due ? { ':next': outcome.nextAttemptAt, ':duePk': due.statusPk, ':dueSk': due.statusSk } : {}),
          },
        }),
      ),
      `delivery of ${delivery.eventId} is no longer pending`,
    );
  }

  list(webhookId: string, limit: number, nextToken?: string) {
    return this.indexPage<DeliveryRecord>(TABLE.byType, partitions.deliveriesOf(webhookId), limit, nextToken);
  }

  lease({ webhookId, stream }: DeliveryStream, holder: string, until: string, now: string) {
    return wrote(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.deliveryLease(webhookId, stream), holder, until },
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now, ':holder': holder },
        }),
      ),
      'stream is being sent',
    );
  }

  async release({ webhookId, stream }: DeliveryStream, holder: string) {
    await wrote(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.deliveryLease(webhookId, stream), holder: '', until: '' },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      ),
      'lease taken over',
    );
  }
}

/** The deliveries port on the function's table. */
export const deliveries = /* @__PURE__ */ lazyPort('deliveries', () => new DynamoDbDeliveries(...onTable()));
