// Where the project is: the stack bundles from it, the local runtime runs from it. Found by its package.json, so
// the answer is the same from the sources and from the bundle `npm start` runs (node_modules/.cache/liaison-start).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'liaison')
      return dir;
    if (dirname(dir) === dir) throw new Error(`no liaison package.json above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
