// DynamoDB write units of observed writes, by the rules DynamoDB bills on-demand writes with: the table writes
// ceil(size / 1 KB) of the larger of the item before and after; each global secondary index the item is in before or
// after writes its projected item too (all attributes here), twice when the write moves it to another index key.
// Sizes are DynamoDB's own item-size rule, as dynalite implements it. A condition that fails still costs the table.
import { createRequire } from 'node:module';
import { TABLE } from '../functions/adapters/dynamodb/keys.js';
import type { DynamoDbItem, ObservedWrite } from '../local/iam/gateway.js';

const { itemSize } = createRequire(import.meta.url)('dynalite/db/index.js') as {
  itemSize(item: DynamoDbItem): number;
};

const INDEXES = [TABLE.byType, TABLE.byStatus, TABLE.byExpiry];
const units = (item: DynamoDbItem | undefined) => (item ? Math.ceil(itemSize(item) / 1024) : 0);
const indexKey = (item: DynamoDbItem | undefined, index: (typeof INDEXES)[number]) =>
  item?.[index.partitionKey] && item[index.sortKey]
    ? JSON.stringify([item[index.partitionKey], item[index.sortKey]])
    : undefined;

export interface WriteUnits {
  table: number;
  indexes: number;
}

export function writeUnits({ before, after }: ObservedWrite): WriteUnits {
  const table = Math.max(units(before), units(after), 1);
  let indexes = 0;
  for (const index of INDEXES) {
    const [was, is] = [indexKey(before, index), indexKey(after, index)];
    if (was === undefined && is === undefined) continue;
    if (was === is) {
      if (JSON.stringify(before) !== JSON.stringify(after)) indexes += Math.max(units(before), units(after));
    } else {
      indexes += (was ? units(before) : 0) + (is ? units(after) : 0);
    }
  }
  return { table, indexes };
}
