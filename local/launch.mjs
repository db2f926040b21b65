// `npm start`: runs local/start.ts the quick way. The local runtime's TypeScript is bundled once into
// node_modules/.cache/liaison-start (esbuild; packages stay in node_modules), again whenever a source changes, and
// Node keeps its compiled code (the module compile cache): a start then loads a few files instead of transpiling
// hundreds through tsx. The functions themselves still run from their sources, each in its own worker.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'liaison-start');
const SOURCES = ['local', 'infra', 'functions', 'agreements', 'package-lock.json'];
const KEEP = 5;
/** Written at each start (the console's script, by infra/browser-build.ts): not a source of the bundle. */
const GENERATED = new Set([join('functions', 'templates', 'console.js')]);

enableCompileCache?.(join(ROOT, 'node_modules', '.cache', 'node-compile'));

/** The sources' names, sizes and modification times: a new bundle when any of them changes. */
function fingerprint() {
  const hash = createHash('sha256');
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else if (!GENERATED.has(relative(ROOT, path)))
      hash.update(`${relative(ROOT, path)}:${stat.size}:${stat.mtimeMs}\n`);
  };
  for (const source of SOURCES) if (existsSync(join(ROOT, source))) visit(join(ROOT, source));
  return hash.digest('hex').slice(0, 16);
}

const bundle = join(CACHE, `start-${fingerprint()}.mjs`);
if (!existsSync(bundle)) {
  const { build } = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const partial = `${bundle}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [join(ROOT, 'local', 'start.ts')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  renameSync(partial, bundle);
  const old = readdirSync(CACHE)
    .filter((f) => f.startsWith('start-') && f.endsWith('.mjs'))
    .map((f) => ({ f, at: statSync(join(CACHE, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
    .slice(KEEP);
  for (const { f } of old) rmSync(join(CACHE, f), { force: true });
}
await import(pathToFileURL(bundle).href);
