// Loads the screening list named by LIAISON_SANCTIONS_FILE (default: the sample list that ships),
// and reloads it when the file changes. A list that fails to parse keeps the previous one.
import { readFileSync, statSync } from 'node:fs';
import { parseTargetsSimpleCsv } from '../domain/sanctions-list.js';
import { ScreeningIndex } from '../domain/screening.js';

export const DEFAULT_LIST = 'data/sanctions/sample-targets.simple.csv';

let cached: { path: string; mtimeMs: number; index: ScreeningIndex } | undefined;

export function screeningIndex(path = process.env.LIAISON_SANCTIONS_FILE || DEFAULT_LIST): ScreeningIndex {
  const { mtimeMs } = statSync(path);
  if (cached && cached.path === path && cached.mtimeMs === mtimeMs) return cached.index;
  try {
    const parsed = parseTargetsSimpleCsv(readFileSync(path, 'utf8'), path);
    for (const bad of parsed.badRows) console.warn(JSON.stringify({ msg: 'screening list row skipped', path, ...bad }));
    cached = { path, mtimeMs, index: new ScreeningIndex(parsed.entries, parsed.version) };
  } catch (error) {
    if (!cached) throw error;
    console.error(JSON.stringify({ msg: 'screening list unusable, keeping the previous one', path, error: (error as Error).message }));
  }
  return cached.index;
}
