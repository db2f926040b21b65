// Where re-screening stands, one item on DynamoDB, with the lease that lets one run re-screen at a time.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScreeningState, ScreeningStateStore } from '../../ports/store.js';
import { keys } from './keys.js';
import { TableAdapter, strip, wrote, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

type Lease = { leaseOwner?: string; leaseUntil?: string };

export class DynamoDbScreeningState extends TableAdapter implements ScreeningStateStore {
  async lease(owner: string, until: string, now: string) {
    return wrote(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.screeningState(),
          UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :u',
          ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :o',
          ExpressionAttributeValues: { ':o': owner, ':u': until, ':now': now },
        }),
      ),
      'another run holds the re-screening lease',
    );
  }

  async get() {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.screeningState(), ConsistentRead: true }),
    );
    const { leaseOwner: _owner, leaseUntil: _until, ...state } = strip<ScreeningState & Lease>(Item) ?? {};
    return state;
  }

  async set(state: ScreeningState) {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.screeningState(), ...state } }));
  }
}

/** The screeningState port on the function's table. */
export const screeningState = /* @__PURE__ */ lazyPort(
  'screeningState',
  () => new DynamoDbScreeningState(...onTable()),
);
