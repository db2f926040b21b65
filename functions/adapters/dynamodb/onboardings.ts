// Onboardings on DynamoDB: one item each, listed newest first by the byType and byStatus indexes.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OnboardingRecord } from '../../domain/records.js';
import type { OnboardingStore } from '../../ports/store.js';
import { keys, partitions } from './keys.js';
import { TableAdapter, conditional, existsInStatus, setExpression, strip, onTable } from './table.js';
import { lazyPort } from '../dependencies.js';

export class DynamoDbOnboardings extends TableAdapter implements OnboardingStore {
  async create(record: OnboardingRecord) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.onboarding(record.onboardingId), ...this.onboardingIndexKeys(record), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      `onboarding ${record.onboardingId} exists`,
    );
  }

  async get(id: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.onboarding(id), ConsistentRead: true }),
    );
    return strip<OnboardingRecord>(Item);
  }

  async update(id: string, patch: Partial<OnboardingRecord>, expectStatus?: OnboardingRecord['status'][]) {
    const full: Record<string, unknown> = { ...patch };
    if (patch.status) full.statusPk = partitions.onboardingsIn(patch.status);
    // a field given as undefined is removed (a gate closed, a review token spent)
    const remove = Object.entries(patch)
      .filter(([, value]) => value === undefined)
      .map(([field]) => field);
    const { expression, names, values } = setExpression(full, remove);
    const condition = existsInStatus(expectStatus, names, values);
    const result = await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.onboarding(id),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
          ReturnValues: 'ALL_NEW',
        }),
      ),
      `onboarding ${id} is not in status ${expectStatus?.join(' or ') ?? '(any)'}`,
    );
    return strip<OnboardingRecord>(result.Attributes)!;
  }

  list(status: string | undefined, limit: number, nextToken?: string) {
    return this.page<OnboardingRecord>('onboardings', status, limit, nextToken);
  }

  private onboardingIndexKeys(record: OnboardingRecord) {
    const sortKey = `${record.createdAt}#${record.onboardingId}`;
    return {
      typePk: partitions.onboardings,
      typeSk: sortKey,
      statusPk: partitions.onboardingsIn(record.status),
      statusSk: sortKey,
    };
  }
}

/** The onboardings port on the function's table. */
export const onboardings = /* @__PURE__ */ lazyPort('onboardings', () => new DynamoDbOnboardings(...onTable()));
