// Each Lambda bundle's minified size, built with the stack's own bundling options.
import { build } from 'esbuild';
import { join } from 'node:path';
import { BUNDLING, PROJECT_ROOT } from '../infra/liaison-function.js';
import { FUNCTIONS } from '../infra/steps.js';
import { result, type Result } from './measure.js';

async function bundleBytes(entry: string | { contents: string }): Promise<number> {
  const out = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: PROJECT_ROOT, loader: 'ts' as const } }),
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    minify: true,
    target: BUNDLING.target,
    mainFields: BUNDLING.mainFields,
    banner: { js: BUNDLING.banner! },
    external: BUNDLING.externalModules, // as the stack bundles (the SDK included)
    logLevel: 'silent',
  });
  return out.outputFiles[0].contents.byteLength;
}

export async function bundleSizes(): Promise<Result[]> {
  // baseline: the smallest middy handler, so the ratio shows what each function's own code and libraries add
  const baseline = await bundleBytes({
    contents: "import middy from '@middy/core';\nexport const handler = middy(async () => ({}));\n",
  });
  const results: Result[] = [];
  for (const name of FUNCTIONS) {
    results.push(
      result(
        `bundle size: ${name}`,
        (await bundleBytes(join(PROJECT_ROOT, 'functions', `${name}.ts`))) / 1024,
        'KiB',
        baseline / 1024,
        'baseline: a bare middy handler',
      ),
    );
  }
  return results;
}
