// DynamoDB write units of observed writes, by the rules DynamoDB bills on-demand writes with: the table writes
// ceil(size / 1 KB) of the larger of the item before and after; each global secondary index the item is in before or
// after writes its projected item (the keys and the attributes the index includes) when the write changes what the
// index holds, twice when it moves the item to another index key. Sizes are DynamoDB's own item-size rule, as
// dynalite implements it. A condition that fails still costs the table.
import { createRequire } from 'node:module';
import { TABLE } from '../functions/adapters/dynamodb/keys.js';
import type { DynamoDbItem, ObservedWrite } from '../local/iam/gateway.js';

const { itemSize } = createRequire(import.meta.url)('dynalite/db/index.js') as {
  itemSize(item: DynamoDbItem): number;
};

type Index = typeof TABLE.byType | typeof TABLE.byStatus | typeof TABLE.byExpiry;
const INDEXES: Index[] = [TABLE.byType, TABLE.byStatus, TABLE.byExpiry];
const units = (item: DynamoDbItem | undefined) => (item ? Math.ceil(itemSize(item) / 1024) : 0);

/** What the index holds of an item: undefined when the item lacks the index's keys. */
function projected(item: DynamoDbItem | undefined, index: Index): DynamoDbItem | undefined {
  if (!item?.[index.partitionKey] || !item[index.sortKey]) return undefined;
  const names = [TABLE.partitionKey, TABLE.sortKey, index.partitionKey, index.sortKey, ...index.projection];
  return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
}
const indexKey = (item: DynamoDbItem, index: Index) => JSON.stringify([item[index.partitionKey], item[index.sortKey]]);

export interface WriteUnits {
  table: number;
  indexes: number;
}

export function writeUnits({ before, after }: ObservedWrite): WriteUnits {
  const table = Math.max(units(before), units(after), 1);
  let indexes = 0;
  for (const index of INDEXES) {
    const [was, is] = [projected(before, index), projected(after, index)];
    if (!was && !is) continue;
    if (was && is && indexKey(was, index) === indexKey(is, index)) {
      if (JSON.stringify(was) !== JSON.stringify(is)) indexes += Math.max(units(was), units(is));
    } else {
      indexes += units(was) + units(is);
    }
  }
  return { table, indexes };
}
