import { copyFileSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readList, screeningIndex } from '../../functions/adapters/screening-source.js';
import { ScreeningIndex } from '../../functions/domain/screening.js';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('Function: readList (OFAC SDN layout)', () => {
  it('reads sdn.csv with the aliases of alt.csv beside it, and reports bad rows by line', () => {
    const list = readList(join(fixtures, 'sdn.csv'));
    expect(list.entries.map((e) => e.id)).toEqual(['ofac-36', 'ofac-173', 'ofac-306', 'ofac-2674', 'ofac-7008']);
    expect(list.entries.find((e) => e.id === 'ofac-306')).toMatchObject({ name: 'BANCO NACIONAL DE CUBA', aliases: ['BNC', 'NATIONAL BANK OF CUBA'], schema: 'LegalEntity' });
    expect(list.entries.find((e) => e.id === 'ofac-7008')).toMatchObject({ schema: 'Person', datasets: ['us_ofac_sdn', 'ofac:IRAN-EO13876'] });
    expect(list.badRows).toEqual([{ line: 6, problem: 'ent_num "xx" is not a number' }]);
  });
  it('screens names and aliases from it', () => {
    const list = readList(join(fixtures, 'sdn.csv'));
    const index = new ScreeningIndex(list.entries, list.version);
    expect(index.screen('National Bank of Cuba')[0].entityId).toBe('ofac-306');
    expect(index.screen('Ali Khamenei')[0].entityId).toBe('ofac-7008');
    expect(index.screen('Black September')[0].explanation).toContain('alias');
  });
});

describe('Function: screeningIndex', () => {
  it('reloads a changed list, and keeps the previous one when the new one is unusable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lists-'));
    const path = join(dir, 'list.csv');
    copyFileSync(join(import.meta.dirname, '..', '..', 'data', 'sanctions', 'sample-targets.simple.csv'), path);
    const first = screeningIndex(path);
    expect(first.version.rows).toBe(8);

    writeFileSync(path, 'id,schema,name\n,,\n,,\n');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(screeningIndex(path)).toBe(first); // nothing usable in it: the old list stays

    writeFileSync(path, 'id,schema,name\nn1,Company,New Listed Trading LLC\n');
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    const next = screeningIndex(path);
    expect(next.version.rows).toBe(1);
    expect(next.screen('New Listed Trading')[0].entityId).toBe('n1');
  });
});
