// The compact screening index: what it finds through its terms and shapes is what comparing with every listed name
// finds, and it survives being written as one binary and opened again.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticList, syntheticQueries } from '../../bench/synthetic-list.js';
import type { ListEntry } from '../../functions/domain/screening.js';
import { ScreeningIndex } from '../../functions/domain/screening-index.js';

const version = { sha256: 'test', rows: 0, source: 'test' };
const entry = (id: string, name: string, more: Partial<ListEntry> = {}): ListEntry => ({
  id,
  schema: 'LegalEntity',
  name,
  aliases: [],
  countries: [],
  identifiers: [],
  datasets: ['test'],
  ...more,
});

describe('ScreeningIndex: candidates', () => {
  it('finds what comparing with every name finds, on a synthetic list of 4,000 entries', () => {
    const list = syntheticList(4_000, 5);
    const index = ScreeningIndex.fromEntries(list, version);
    const queries = syntheticQueries(list, 60, 11);
    const differing = queries.filter((q) => {
      return JSON.stringify(index.screen(q.name)) !== JSON.stringify(index.screenExhaustively(q.name));
    });
    expect(differing).toEqual([]);
    // and the planted variants are hits at all (the comparison is not vacuous)
    const found = queries.filter((q) => q.target && index.screen(q.name).some((h) => h.entityId === q.target));
    expect(found.length).toBeGreaterThan(20);
  });

  it("loses none of name-bench's pairs that comparing with the one listed name finds", () => {
    const cases = parse(readFileSync('data/name-bench/cases.csv', 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const lost = cases.filter((c) => {
      const index = ScreeningIndex.fromEntries([entry('x', c.name2, { schema: c.schema })], version);
      return index.screen(c.name1).length !== index.screenExhaustively(c.name1).length;
    });
    expect(lost.map((c) => `${c.name1} ~ ${c.name2}`)).toEqual([]);
    expect(cases.length).toBeGreaterThan(800);
  });

  it('finds names spelt with other spacing, other word order, two vowels apart, or an initial', () => {
    const index = ScreeningIndex.fromEntries(
      [
        entry('spacing', 'Xiaoming Trading'),
        entry('order', 'Shaikh Isa Bin Tarif Al Bin Ali'),
        entry('vowels', 'Volkov Trading OOO'),
        entry('initial', 'J. Robert Oppenheimer'),
      ],
      version,
    );
    expect(index.screen('Xiao Ming Trading').map((h) => h.entityId)).toEqual(['spacing']);
    expect(index.screen('AL BEN ALI, Isa Ben Tarif').map((h) => h.entityId)).toEqual(['order']);
    expect(index.screen('ООО Волков Трейдинг').map((h) => h.entityId)).toEqual(['vowels']);
    expect(index.screen('Julius Robert Oppenheimer').map((h) => h.entityId)).toEqual(['initial']);
    expect(index.screen('Northwind Telecom')).toEqual([]);
  });
});

describe('ScreeningIndex: one binary', () => {
  const list = [
    entry('e1', 'Golden Crescent Shipping FZE', {
      aliases: ['Crescent Golden Shipping'],
      identifiers: ['529900T8BM49AURSDO55'],
    }),
    entry('e2', 'Petrov, Sergei Ivanovich', { schema: 'Person', aliases: ['Сергей Петров'] }),
  ];
  const built = ScreeningIndex.fromEntries(list, { sha256: 'abc', rows: 2, source: 's3://lists/x.csv' });

  it('opens to the same hits, identifiers and version, even from an unaligned buffer', () => {
    const bytes = built.toBytes();
    const unaligned = new Uint8Array(bytes.length + 3).subarray(3);
    unaligned.set(bytes);
    for (const opened of [ScreeningIndex.fromBytes(bytes), ScreeningIndex.fromBytes(unaligned)]) {
      expect(opened.version).toEqual(built.version);
      expect(opened.size).toBe(2);
      expect(opened.screen('Sergey Petrov')).toEqual(built.screen('Sergey Petrov'));
      expect(opened.screen('Sergei Petrov')[0]).toMatchObject({
        entityId: 'e2',
        explanation: expect.stringContaining('alias "Сергей Петров"'),
      });
      expect(opened.findIdentifier('529900 t8bm49 aursdo55')?.id).toBe('e1');
      expect(opened.findIdentifier('529900T8BM49AURSDO56')).toBeUndefined();
    }
  });

  it('refuses bytes that are not an index', () => {
    const other = Buffer.from('\u0010\u0000\u0000\u0000{"format":"x"}\n    ');
    expect(() => ScreeningIndex.fromBytes(other)).toThrow(/not a screening index/);
  });
});
