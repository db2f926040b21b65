import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseList } from '../../functions/adapters/screening-source.js';
import { MATCHING_RULES } from '../../functions/domain/screening.js';
import { ScreeningIndex } from '../../functions/domain/screening-index.js';

const fixtures = join(import.meta.dirname, 'fixtures');
/** OFAC's sdn.csv with the aliases of alt.csv beside it, as an upload brings them. */
const readList = (file: string) =>
  parseList(readFileSync(file, 'utf8'), file, readFileSync(file.replace('sdn', 'alt'), 'utf8'));

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

const listOf = (name: string, sha256: string) =>
  ScreeningIndex.fromEntries(
    [{ id: name, schema: 'Company', name, aliases: [], countries: [], identifiers: [], datasets: [] }],
    { sha256, rows: 1, source: 's3://lists/targets.csv' },
  );

describe('Function: screeningIndexFromS3', () => {
  it('opens the published index, trusts it for a while, and opens a newer one when current.json names it', async () => {
    const { S3Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { screeningIndexFromS3, S3_RECHECK_MS } = await import('../../functions/adapters/screening-source.js');
    const s3 = mockClient(S3Client);
    const objects: Record<string, Uint8Array> = {
      'index/a.bin': listOf('First Listed LLC', 'a').toBytes(),
      'index/b.bin': listOf('Second Listed LLC', 'b').toBytes(),
    };
    let pointer = { body: JSON.stringify({ index: 'index/a.bin' }), etag: '"p1"' };
    let failDownloads = false;
    s3.on(GetObjectCommand).callsFake((input: { Key: string; Range?: string; IfNoneMatch?: string }) => {
      if (input.Key === 'index/current.json') {
        if (input.IfNoneMatch === pointer.etag)
          throw Object.assign(new Error('Not Modified'), { $metadata: { httpStatusCode: 304 } });
        return { Body: { transformToString: async () => pointer.body }, ETag: pointer.etag };
      }
      if (failDownloads) throw Object.assign(new Error('Internal'), { $metadata: { httpStatusCode: 500 } });
      const whole = objects[input.Key];
      const [, from, to] = /bytes=(\d+)-(\d+)/.exec(input.Range ?? '') ?? [];
      const part = whole.subarray(Number(from), Math.min(whole.length, Number(to) + 1));
      return {
        Body: { transformToByteArray: async () => part },
        ContentRange: `bytes ${from}-${Number(from) + part.length - 1}/${whole.length}`,
      };
    });
    const t0 = 1_000_000;
    const first = await screeningIndexFromS3('lists', 'targets.csv', t0);
    expect(first.screen('First Listed LLC')[0].entityId).toBe('First Listed LLC');
    const calls = s3.commandCalls(GetObjectCommand).length;
    expect(await screeningIndexFromS3('lists', 'targets.csv', t0 + 1000)).toBe(first);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(calls); // within the recheck window: no request

    expect(await screeningIndexFromS3('lists', 'targets.csv', t0 + S3_RECHECK_MS + 1)).toBe(first); // 304

    pointer = { body: JSON.stringify({ index: 'index/b.bin' }), etag: '"p2"' };
    failDownloads = true;
    expect(await screeningIndexFromS3('lists', 'targets.csv', t0 + 2 * S3_RECHECK_MS + 2)).toBe(first);

    failDownloads = false;
    const second = await screeningIndexFromS3('lists', 'targets.csv', t0 + 3 * S3_RECHECK_MS + 3);
    expect(second.version.sha256).toBe('b');
    expect(second.screen('Second Listed LLC')[0].entityId).toBe('Second Listed LLC');
    s3.restore();
  });

  it('screens against nothing, provisionally, until a list is indexed: vetting cannot clear anyone', async () => {
    const { S3Client, GetObjectCommand, NoSuchKey } = await import('@aws-sdk/client-s3');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { screeningIndexFromS3 } = await import('../../functions/adapters/screening-source.js');
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no such key', $metadata: {} }));
    const none = await screeningIndexFromS3('empty-bucket', 'lists/targets.simple.csv', 5_000_000);
    expect(none.version.rows).toBe(0);
    expect(none.screen('Volkov Trading')).toEqual([]);
    expect(none.version.provisional).toBe(
      'no screening list uploaded to s3://empty-bucket/lists/targets.simple.csv has been indexed yet: ' +
        'nothing was screened',
    );
    s3.restore();
  });
});

describe('Service: indexScreeningList', () => {
  const csv = 'id,schema,name\nn1,Company,New Listed Trading LLC\nn2,Person,Ivan Petrov\n';
  async function run(listText: string | undefined, published?: object, previousIndex?: Uint8Array) {
    const { S3Client, GetObjectCommand, PutObjectCommand, NoSuchKey } = await import('@aws-sdk/client-s3');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { indexScreeningList } = await import('../../functions/services/list-indexing.js');
    process.env.LIAISON_SANCTIONS_BUCKET = 'docs';
    process.env.LIAISON_SANCTIONS_KEY = 'lists/targets.simple.csv';
    const s3 = mockClient(S3Client);
    const missing = () => new NoSuchKey({ message: 'no such key', $metadata: {} });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      if (input.Key.endsWith('.bin') && previousIndex)
        return {
          Body: { transformToByteArray: async () => previousIndex },
          ContentRange: `bytes 0-${previousIndex.length - 1}/${previousIndex.length}`,
        };
      const text = input.Key === 'lists/targets.simple.csv' ? listText : JSON.stringify(published);
      if (text === undefined || (input.Key.endsWith('.json') && !published)) throw missing();
      return { Body: { transformToString: async () => text }, LastModified: new Date('2026-11-24T03:00:00Z') };
    });
    s3.on(PutObjectCommand).resolves({});
    try {
      const result = await indexScreeningList(new Date('2026-11-24T03:01:00Z'));
      return { result, puts: s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input) };
    } finally {
      s3.restore();
      delete process.env.LIAISON_SANCTIONS_BUCKET;
      delete process.env.LIAISON_SANCTIONS_KEY;
    }
  }

  it('writes the index beside the list, then names it in current.json', async () => {
    const { result, puts } = await run(csv);
    expect(result).toMatchObject({ indexed: true, version: { rows: 2 } });
    expect(puts.map((p) => p.Key)).toEqual([
      expect.stringMatching(/^lists\/index\/[0-9a-f]{64}\.bin$/),
      'lists/index/current.json',
    ]);
    const index = ScreeningIndex.fromBytes(puts[0].Body as Uint8Array);
    expect(index.screen('Ivan Petrov')[0].entityId).toBe('n2');
    expect(JSON.parse(String(puts[1].Body))).toMatchObject({
      index: puts[0].Key,
      listModifiedAt: '2026-11-24T03:00:00.000Z',
      builtAt: '2026-11-24T03:01:00.000Z',
    });
  });

  it('writes nothing for an unusable list, so the previous index stays in use', async () => {
    const { result, puts } = await run('id,schema,name\n,,\n,,\n', { index: 'lists/index/old.bin', version: {} });
    expect(result).toMatchObject({ indexed: false, reason: expect.stringContaining('unusable') });
    expect(puts).toEqual([]);
  });

  it('writes nothing when this list version is indexed already, or when there is no list', async () => {
    const first = await run(csv);
    const sha256 = first.result.version?.sha256;
    expect((await run(csv, { index: 'x', version: { sha256 }, rules: MATCHING_RULES })).puts).toEqual([]);
    expect((await run(undefined)).result).toMatchObject({ indexed: false, reason: expect.stringContaining('no list') });
  });

  it('lists the entries added or changed since the version indexed before, for re-screening', async () => {
    const before = await run(csv);
    const previous = before.puts[0].Body as Uint8Array;
    const published = { index: before.puts[0].Key, version: before.result.version, rules: MATCHING_RULES };
    const changed = `${csv.replace('Ivan Petrov', 'Ivan Petrovich')}n3,Company,Third Listed LLC\n`;
    const { result, puts } = await run(changed, published, previous);
    expect(result).toMatchObject({ indexed: true });
    expect(puts.map((p) => p.Key)).toEqual([
      expect.stringMatching(/\.bin$/),
      expect.stringMatching(/\.changes\.json$/),
      'lists/index/current.json',
    ]);
    const changes = JSON.parse(String(puts[1].Body)) as { previous: string; entries: { id: string }[] };
    expect(changes.previous).toBe(before.result.version?.sha256);
    expect(changes.entries.map((e) => e.id)).toEqual(['n2', 'n3']);
    expect(JSON.parse(String(puts[2].Body))).toMatchObject({ previous: changes.previous, changes: puts[1].Key });
  });
});
