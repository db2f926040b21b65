// The audit trail on DynamoDB: one item per event at its sequence number, and a head the next append starts from.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { nextEvent } from '../../domain/audit-chain.js';
import { conflict, ignoreConflict, isConflict } from '../../domain/errors.js';
import type { AuditEntry, AuditTrailStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, conditional } from './table.js';

export class DynamoDbAuditTrail extends TableAdapter implements AuditTrailStore {
  async append(agreementId: string, entry: AuditEntry) {
    for (let attempt = 0; attempt < 25; attempt++) {
      const { Item: head } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.auditHead(agreementId), ConsistentRead: true }),
      );
      const event = nextEvent(head ? { seq: head.seq as number, hash: head.hash as string } : undefined, entry);
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
      } catch (error) {
        if (!isConflict(error)) throw error;
        // another writer took this place (or a crash left the head behind): move the head up, then retry
        const { Item: taken } = await this.db.send(
          new GetCommand({
            TableName: this.tableName,
            Key: keys.auditEvent(agreementId, event.seq),
            ConsistentRead: true,
          }),
        );
        if (taken) await this.advanceHead(agreementId, taken.seq as number, taken.hash as string);
        continue;
      }
      await this.advanceHead(agreementId, event.seq, event.hash);
      return event;
    }
    throw conflict(`could not append to the audit trail of ${agreementId}: too much contention`);
  }

  /** The head only moves forward, so a slow writer can never pull it back. */
  private async advanceHead(agreementId: string, seq: number, hash: string) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.auditHead(agreementId), seq, hash },
          ConditionExpression: 'attribute_not_exists(pk) OR seq < :seq',
          ExpressionAttributeValues: { ':seq': seq },
        }),
      ),
      'head moved',
    ).catch(ignoreConflict);
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
