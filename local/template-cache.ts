// The local runtime's template, synthesized only when the stack could have changed. Synthesizing costs more than a
// second; the template depends only on the code the stack is built from, the installed packages and the deploy
// settings, so a start with all of those unchanged reads the template its last synthesis wrote.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONSOLE_SCRIPT } from '../infra/browser-build.js';
import { PROJECT_ROOT } from '../infra/project.js';
import type { DeploySettings } from '../infra/settings.js';
import type { Template } from './template.js';

/** What the template is made from: the stack's code and what it imports, and the installed packages. */
const SOURCES = ['infra', 'functions', 'agreements', 'package-lock.json'];
/** Written into the sources by a start (the console's compiled script), not read by the stack. */
const GENERATED = new Set<string>([CONSOLE_SCRIPT.output]);

function filesUnder(path: string): string[] {
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !GENERATED.has(relative(PROJECT_ROOT, file)));
}

/** A digest of every source file (name and bytes) and the settings. */
export function stackDigest(settings: DeploySettings): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  for (const source of SOURCES) {
    const path = join(PROJECT_ROOT, source);
    const files = source.includes('.') ? [path] : filesUnder(path);
    for (const file of files.sort()) hash.update(relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** Beside the installed packages, as tools keep their caches: a fresh install starts without one. */
export const TEMPLATE_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'liaison-templates');

/** Templates kept: one per recent state of the sources and settings (the tests use a few settings). */
const KEPT = 20;

/** Removes all but the newest templates; another start pruning at the same time may have removed some already. */
function pruneOldest(cacheDir: string) {
  const files = readdirSync(cacheDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ path: join(cacheDir, name), at: statSync(join(cacheDir, name), { throwIfNoEntry: false }) }))
    .filter((file) => file.at !== undefined)
    .sort((a, b) => (b.at?.mtimeMs ?? 0) - (a.at?.mtimeMs ?? 0));
  for (const old of files.slice(KEPT)) rmSync(old.path, { force: true });
}

/**
 * The template for these settings: read from the cache when the stack is unchanged, else synthesized and kept.
 * Several local servers may start at once (the tests): each writes its own file and renames it into place.
 */
export async function cachedTemplate(settings: DeploySettings, cacheDir = TEMPLATE_CACHE): Promise<Template> {
  const file = join(cacheDir, `${stackDigest(settings)}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Template;
  const { synthesize } = await import('./synth.js');
  const { template } = synthesize({ settings });
  mkdirSync(cacheDir, { recursive: true });
  const written = `${file}.${process.pid}.tmp`;
  writeFileSync(written, JSON.stringify(template));
  renameSync(written, file);
  pruneOldest(cacheDir);
  return template;
}
