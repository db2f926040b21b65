import { describe, expect, it } from 'vitest';
import { parseTargetsSimpleCsv } from '../../functions/domain/sanctions-list.js';
import { nameTokens } from '../../functions/domain/screening.js';
import { ScreeningIndex } from '../../functions/domain/screening-index.js';

const csv =
  `id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,dataset,` +
  `first_seen,last_seen,last_change,program_ids
e1,Company,Volkov Trading OOO,ООО Волков Трейдинг,,ru,,1027700000017,,,,sample,,,,P1
e2,Person,"Petrov, Sergei Ivanovich",Сергей Петров,,ru,,,,,,sample,,,,
e3,Person,Pak Yong Sik,,,kp,,,,,,sample,,,,
,Company,,,,,,,,,,sample,,,,
e4,Company,Golden Crescent Shipping FZE,,,ae,,,,,,sample,,,,`;

const list = parseTargetsSimpleCsv(csv, 'test.csv');
const index = ScreeningIndex.fromEntries(list.entries, list.version);

describe('Function: parseTargetsSimpleCsv', () => {
  it('reads columns by header (extra columns allowed) and reports bad rows by line', () => {
    expect(list.entries.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(list.entries[0]).toMatchObject({
      aliases: ['ООО Волков Трейдинг'],
      countries: ['RU'],
      identifiers: ['1027700000017'],
    });
    expect(list.badRows).toEqual([{ line: 5, problem: 'id and name are required' }]);
    expect(list.version).toMatchObject({ rows: 4, source: 'test.csv' });
    expect(list.version.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses a file without the id and name columns', () => {
    expect(() => parseTargetsSimpleCsv('a,b\n1,2\n', 'bad.csv')).toThrow(/lacks the column\(s\) id, schema, name/);
  });
});

describe('Function: nameTokens', () => {
  it('drops legal forms, punctuation, quotes and diacritics, and transliterates Cyrillic', () => {
    expect(nameTokens('ООО «Волков Трейдинг»')).toEqual(['volkov', 'treiding']);
    expect(nameTokens('Société Générale S.A.')).toEqual(['societe', 'generale']);
    expect(nameTokens('Acme Co., Ltd.')).toEqual(['acme']);
  });
});

describe('Class: ScreeningIndex', () => {
  it.each([
    ['Volkov Trading LLC', 'e1'],
    ['ООО "Волков Трейдинг"', 'e1'],
    ['Sergei Petrov', 'e2'],
    ['PETROV Sergei Ivanovich', 'e2'],
    ['Pak Yong-sik', 'e3'],
    ['Golden Cresent Shipping', 'e4'],
  ])('finds %s on the list', (name, id) => {
    expect(index.screen(name)[0]?.entityId).toBe(id);
  });

  it('explains each hit and scores it in 0..1', () => {
    const [hit] = index.screen('Volkov Trading LLC');
    expect(hit.score).toBeGreaterThan(0.88);
    expect(hit.score).toBeLessThanOrEqual(1);
    expect(hit.explanation).toContain('Volkov Trading OOO');
  });

  it('does not flag different names', () => {
    expect(index.screen('Nordlicht Telekom GmbH')).toEqual([]);
    expect(index.screen('Golden Gate Bakery')).toEqual([]);
  });

  it('finds a listed identifier exactly, ignoring punctuation', () => {
    expect(index.findIdentifier('1027-7000-00017')?.id).toBe('e1');
    expect(index.findIdentifier('999')).toBeUndefined();
  });

  it('gives the same hits through the index as by comparing with every entry', () => {
    for (const name of ['Volkov Trading LLC', 'Pak Yong Sik', 'Sergei Petrov', 'Nordlicht', 'Golden Crescent']) {
      expect(index.screen(name)).toEqual(index.screenExhaustively(name));
    }
  });
});
