// npm start reads the template of an unchanged stack from its cache: the same template as a synthesis, keyed by
// the sources and the settings, so a change to either synthesizes again.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../local/synth.js';
import { cachedTemplate, stackDigest } from '../../local/template-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'liaison-template-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const settings = { senderEmail: 'liaison@example.org' };

describe('The template cache', () => {
  it('gives the synthesized template, keeps it under a digest of the sources and settings, and reuses it', async () => {
    const first = await cachedTemplate(settings, dir);
    expect(first).toEqual(synthesize({ settings }).template);
    const [kept] = readdirSync(dir);
    expect(kept).toBe(`${stackDigest(settings)}.json`);
    const writtenAt = statSync(join(dir, kept)).mtimeMs;
    expect(await cachedTemplate(settings, dir)).toEqual(first);
    expect(statSync(join(dir, kept)).mtimeMs).toBe(writtenAt); // read, not written again
    // other settings: another digest, another template
    const other = { ...settings, organisationName: 'Another Organisation' };
    expect(stackDigest(other)).not.toBe(stackDigest(settings));
    await cachedTemplate(other, dir);
    expect(readdirSync(dir).sort()).toEqual([`${stackDigest(settings)}.json`, `${stackDigest(other)}.json`].sort());
  });
});
