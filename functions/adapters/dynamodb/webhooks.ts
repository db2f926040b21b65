// The webhooks in one item, a map by id: publishing an event reads them all with one GetItem, and adding or
// removing one is a single conditional update of its own entry.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.js';
import type { WebhookRecord } from '../../domain/records.js';
import type { WebhookStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, conditional, wrote, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbWebhooks extends TableAdapter implements WebhookStore {
  async add(webhook: WebhookRecord, max: number) {
    if ((await this.list()).length >= max) throw conflict(`there are ${max} webhooks already; remove one first`);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.webhooks(),
        UpdateExpression: 'SET hooks = if_not_exists(hooks, :empty)',
        ExpressionAttributeValues: { ':empty': {} },
      }),
    );
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhooks(),
          UpdateExpression: 'SET hooks.#id = :webhook',
          ConditionExpression: 'attribute_not_exists(hooks.#id)',
          ExpressionAttributeNames: { '#id': webhook.id },
          ExpressionAttributeValues: { ':webhook': webhook },
        }),
      ),
      `webhook ${webhook.id} exists`,
    );
  }

  async list() {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.webhooks(), ConsistentRead: true }),
    );
    const hooks = Object.values((Item?.hooks ?? {}) as Record<string, WebhookRecord>);
    return hooks.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  remove(id: string) {
    return wrote(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhooks(),
          UpdateExpression: 'REMOVE hooks.#id',
          ConditionExpression: 'attribute_exists(hooks.#id)',
          ExpressionAttributeNames: { '#id': id },
        }),
      ),
      `no webhook ${id}`,
    );
  }
}

/** The webhooks port on the function's table. */
export const webhooks = /* @__PURE__ */ lazyPort('webhooks', () => new DynamoDbWebhooks(...onTable()));
