import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readList, screeningIndexFromFile as screeningIndex } from '../../functions/adapters/screening-source.js';
import { ScreeningIndex } from '../../functions/domain/screening-index.js';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('Function: readList (OFAC SDN layout)', () => {
  it('reads sdn.csv with the aliases of alt.csv beside it, and reports bad rows by line', () => {
    const list = readList(join(fixtures, 'sdn.csv'));
    expect(list.entries.map((e) => e.id)).toEqual(['ofac-36', 'ofac-173', 'ofac-306', 'ofac-2674', 'ofac-7008']);
    expect(list.entries.find((e) => e.id === 'ofac-306')).toMatchObject({
      name: 'BANCO NACIONAL DE CUBA',
      aliases: ['BNC', 'NATIONAL BANK OF CUBA'],
      schema: 'LegalEntity',
    });
    expect(list.entries.find((e) => e.id === 'ofac-7008')).toMatchObject({
      schema: 'Person',
      datasets: ['us_ofac_sdn', 'ofac:IRAN-EO13876'],
    });
    expect(list.badRows).toEqual([{ line: 6, problem: 'ent_num "xx" is not a number' }]);
  });
  it('screens names and aliases from it', () => {
    const list = readList(join(fixtures, 'sdn.csv'));
    const index = ScreeningIndex.fromEntries(list.entries, list.version);
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
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('Function: screeningIndexFromS3', () => {
  it('reads the list from S3, trusts it for a while, and picks up a changed object without a deploy', async () => {
    const { S3Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { screeningIndexFromS3, S3_RECHECK_MS } = await import('../../functions/adapters/screening-source.js');
    const s3 = mockClient(S3Client);
    // the part of the SDK's stream the adapter uses
    const body = (text: string) => ({ transformToString: async () => text }) as never;
    s3.on(GetObjectCommand)
      .resolvesOnce({ Body: body('id,schema,name\ns1,Company,First Listed LLC\n'), ETag: '"v1"' })
      .rejectsOnce(Object.assign(new Error('Not Modified'), { $metadata: { httpStatusCode: 304 } }))
      .resolvesOnce({ Body: body('id,schema,name\ns2,Company,Second Listed LLC\n'), ETag: '"v2"' })
      .resolvesOnce({ Body: body('garbage without the columns'), ETag: '"v3"' });
    const t0 = 1_000_000;
    const first = await screeningIndexFromS3('lists', 'targets.csv', t0);
    expect(first.screen('First Listed LLC')[0].entityId).toBe('s1');
    expect(await screeningIndexFromS3('lists', 'targets.csv', t0 + 1000)).toBe(first);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1); // within the recheck window: no request

    expect(await screeningIndexFromS3('lists', 'targets.csv', t0 + S3_RECHECK_MS + 1)).toBe(first);
    expect(s3.commandCalls(GetObjectCommand)[1].args[0].input.IfNoneMatch).toBe('"v1"');

    const second = await screeningIndexFromS3('lists', 'targets.csv', t0 + 2 * S3_RECHECK_MS + 2);
    expect(second.screen('Second Listed LLC')[0].entityId).toBe('s2');

    expect(await screeningIndexFromS3('lists', 'targets.csv', t0 + 3 * S3_RECHECK_MS + 3)).toBe(second);
    s3.restore();
  });
});
