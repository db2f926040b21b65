// Loads the screening list named by LIAISON_SANCTIONS_FILE (default: the sample list that ships),
// in the OpenSanctions targets.simple.csv layout or OFAC's sdn.csv (with alt.csv beside it), and
// reloads it when the file changes. A list that cannot be used keeps the previous one.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseOfacSdn, parseTargetsSimpleCsv, unusableReason, type ParsedList } from '../domain/sanctions-list.js';
import { ScreeningIndex } from '../domain/screening.js';

export const DEFAULT_LIST = 'data/sanctions/sample-targets.simple.csv';

let cached: { path: string; mtimeMs: number; index: ScreeningIndex } | undefined;

/** Reads a list file in whichever supported layout it has. */
export function readList(path: string): ParsedList {
  const text = readFileSync(path, 'utf8');
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0).replace(/^\uFEFF/, '');
  if (/^"?\d+"?,/.test(firstLine)) {
    // OFAC: no header, the first cell is an entity number; aliases live in alt.csv next to it
    const alt = join(dirname(path), basename(path).replace(/sdn/i, 'alt'));
    return parseOfacSdn(text, alt !== path && existsSync(alt) ? readFileSync(alt, 'utf8') : undefined, path);
  }
  return parseTargetsSimpleCsv(text, path);
}

export function screeningIndex(path = process.env.LIAISON_SANCTIONS_FILE || DEFAULT_LIST): ScreeningIndex {
  const { mtimeMs } = statSync(path);
  if (cached && cached.path === path && cached.mtimeMs === mtimeMs) return cached.index;
  try {
    const parsed = readList(path);
    for (const bad of parsed.badRows) console.warn(JSON.stringify({ msg: 'screening list row skipped', path, ...bad }));
    const unusable = unusableReason(parsed);
    if (unusable) throw new Error(`list ${path} is unusable: ${unusable}`);
    cached = { path, mtimeMs, index: new ScreeningIndex(parsed.entries, parsed.version) };
    console.log(JSON.stringify({ msg: 'screening list loaded', path, rows: parsed.version.rows, sha256: parsed.version.sha256, badRows: parsed.badRows.length }));
  } catch (error) {
    if (!cached) throw error;
    console.error(JSON.stringify({ msg: 'screening list unusable, keeping the previous one', path, error: (error as Error).message, keeping: cached.index.version }));
  }
  return cached.index;
}
