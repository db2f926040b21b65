// The audit trail on DynamoDB: one item per event at its sequence number. An append reads the newest event (a
// one-item query, newest first) and writes the next one only where no event is: one write per event, no head item.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nextEvent } from '../../domain/audit-chain.js';
import { conflict, isConflict } from '../../domain/errors.js';
import type { AuditEntry, AuditTrailStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, conditional, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbAuditTrail extends TableAdapter implements AuditTrailStore {
  async append(agreementId: string, entry: AuditEntry) {
    for (let attempt = 0; attempt < 25; attempt++) {
      const { Items } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
          ExpressionAttributeValues: { ':pk': keys.agreementPartition(agreementId), ':evt': keys.eventPrefix },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const newest = Items?.[0];
      const event = nextEvent(newest ? { seq: newest.seq as number, hash: newest.hash as string } : undefined, entry);
      try {
        await conditional(
          this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...keys.auditEvent(agreementId, event.seq), ...event },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
          'taken',
        );
        return event;
      } catch (error) {
        if (!isConflict(error)) throw error; // another writer took this place: read the newest again
      }
    }
    throw conflict(`could not append to the audit trail of ${agreementId}: too much contention`);
  }

  async list(agreementId: string) {
    return (await this.events(keys.agreementPartition(agreementId))).map((item) => ({
      seq: item.seq as number,
      at: item.at as string,
      event: item.event as string,
      detail: item.detail as string,
      ...(item.data ? { data: item.data as Record<string, string> } : {}),
      prevHash: item.prevHash as string,
      hash: item.hash as string,
    }));
  }
}

/** The auditTrail port on the function's table. */
export const auditTrail = /* @__PURE__ */ lazyPort('auditTrail', () => new DynamoDbAuditTrail(...onTable()));
