// The benchmark's write-unit rule (bench/write-units.ts), checked against DynamoDB's documented billing.
import { describe, expect, it } from 'vitest';
import { writeUnits } from '../../bench/write-units.js';

const item = (extra: Record<string, unknown> = {}, bytes = 100) => ({
  pk: { S: 'AGR#1' },
  sk: { S: 'AGR' },
  body: { S: 'x'.repeat(bytes) },
  ...extra,
});
const write = (before?: Record<string, unknown>, after?: Record<string, unknown>) =>
  writeUnits({ principal: 'api', action: 'dynamodb:UpdateItem', before, after });

describe('Benchmark rule: DynamoDB write units', () => {
  it('costs the table one unit per started kilobyte of the larger image', () => {
    expect(write(undefined, item())).toEqual({ table: 1, indexes: 0 });
    expect(write(item({}, 100), item({}, 3000))).toEqual({ table: 3, indexes: 0 });
    expect(write(item({}, 3000), undefined)).toEqual({ table: 3, indexes: 0 });
  });

  it('costs each index the item is in, and twice when the write moves it to another key', () => {
    const listed = { typePk: { S: 'AGR' }, typeSk: { S: '1' } };
    expect(write(undefined, item(listed))).toEqual({ table: 1, indexes: 1 });
    const pending = { ...listed, statusPk: { S: 'AGR#PENDING' }, statusSk: { S: '1' } };
    const active = { ...listed, statusPk: { S: 'AGR#ACTIVE' }, statusSk: { S: '1' } };
    // byType holds the partners' names: a change of them updates it in place (1); byStatus moved: a delete and a
    // put (2)
    const before = { ...pending, names: { S: 'Alpha AB' } };
    expect(write(item(before), item({ ...active, names: { S: 'Alpha Group AB' } }))).toEqual({ table: 1, indexes: 3 });
    // a status byType does not hold: the move in byStatus only
    expect(write(item(pending), item(active))).toEqual({ table: 1, indexes: 2 });
  });

  it('costs no index write when the write changes nothing the index holds', () => {
    const listed = { typePk: { S: 'AGR' }, typeSk: { S: '1' }, statusPk: { S: 'AGR#ACTIVE' }, statusSk: { S: '1' } };
    expect(write(item(listed, 100), item(listed, 3000))).toEqual({ table: 3, indexes: 0 });
  });

  it('costs nothing in the indexes for a write whose condition failed (the item is unchanged)', () => {
    const listed = item({ typePk: { S: 'AGR' }, typeSk: { S: '1' } });
    expect(write(listed, listed)).toEqual({ table: 1, indexes: 0 });
  });
});
