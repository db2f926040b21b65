// Each Lambda bundle, built with the stack's own bundling options: its minified size without the AWS SDK (the runtime
// provides one; we bundle ours, so it is counted apart), and how long a cold process takes to import it, against a
// bare middy handler that imports the same SDK clients.
import { build, type Metafile } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_ALIASES, BUNDLING, PROJECT_ROOT } from '../infra/liaison-function.js';
import { FUNCTIONS } from '../infra/steps.js';
import { median, result, type Result } from './measure.js';

const AWS_SDK = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'];
const IMPORTS = Number(process.env.BENCH_COLD_IMPORTS ?? 9);

/** The class each SDK client package exports, for the baseline handler. */
const CLIENT_CLASSES: Record<string, string> = {
  'client-dynamodb': 'DynamoDBClient',
  'lib-dynamodb': 'DynamoDBDocumentClient',
  'client-s3': 'S3Client',
  'client-sesv2': 'SESv2Client',
  'client-sfn': 'SFNClient',
  'client-cognito-identity-provider': 'CognitoIdentityProviderClient',
  'client-eventbridge': 'EventBridgeClient',
};

async function bundle(entry: string | { contents: string }, withoutSdk: boolean) {
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
    alias: BUNDLE_ALIASES,
    external: withoutSdk ? AWS_SDK : BUNDLING.externalModules, // as the stack bundles: the SDK included
    metafile: true,
    outfile: 'index.mjs',
    logLevel: 'silent',
  });
  return { code: out.outputFiles[0].contents, metafile: out.metafile as Metafile };
}

/** The SDK client packages a bundle carries. */
const sdkClients = (metafile: Metafile) =>
  [...new Set(Object.keys(metafile.inputs).flatMap((p) => p.match(/node_modules\/@aws-sdk\/([^/]+)\//)?.[1] ?? []))]
    .filter((pkg) => pkg in CLIENT_CLASSES)
    .sort();

const clientNames = (clients: string[]) => clients.map((c) => c.replace('client-', '')).join(', ') || 'no SDK client';

const bareHandler = (clients: string[]) =>
  [
    "import middy from '@middy/core';",
    ...clients.map((pkg) => `import { ${CLIENT_CLASSES[pkg]} } from '@aws-sdk/${pkg}';`),
    `export const handler = middy(async () => [${clients.map((pkg) => CLIENT_CLASSES[pkg]).join(', ')}].length);`,
  ].join('\n');

/** Milliseconds a fresh Node process takes to import a module, each import in its own process (no compile cache). */
function coldImportMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)});
console.log(performance.now() - t);`;
  const env = { ...process.env, NODE_COMPILE_CACHE: '', NODE_OPTIONS: '', AWS_REGION: 'eu-central-1' };
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`importing ${file} failed: ${child.stderr}`);
  return Number(child.stdout.trim().split('\n').at(-1));
}

export async function bundleSizes(): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-bundles-'));
  try {
    // size baseline: the smallest middy handler, so the ratio shows what each function's own code and libraries add
    const bare = await bundle({ contents: bareHandler([]) }, true);
    const results: Result[] = [];
    for (const name of FUNCTIONS) {
      const entry = join(PROJECT_ROOT, 'functions', `${name}.ts`);
      const withoutSdk = await bundle(entry, true);
      results.push(
        result(
          `bundle size without the AWS SDK: ${name}`,
          withoutSdk.code.byteLength / 1024,
          'KiB',
          bare.code.byteLength / 1024,
          'baseline: a bare middy handler; goal ≤ 250 KiB',
        ),
      );
      const deployed = await bundle(entry, false);
      const clients = sdkClients(deployed.metafile);
      const baseline = await bundle({ contents: bareHandler(clients) }, false);
      const functionFile = join(dir, `${name}.mjs`);
      const baselineFile = join(dir, `${name}-baseline.mjs`);
      writeFileSync(functionFile, deployed.code);
      writeFileSync(baselineFile, baseline.code);
      // interleaved, so drift in the machine falls on both alike
      const times = { function: [] as number[], baseline: [] as number[] };
      for (let i = 0; i < IMPORTS; i++) {
        times.function.push(coldImportMs(functionFile));
        times.baseline.push(coldImportMs(baselineFile));
      }
      results.push(
        result(
          `cold import: ${name}`,
          median(times.function),
          'ms',
          median(times.baseline),
          `baseline: a bare middy handler importing ${clientNames(clients)}; goal ≤ 1.5×`,
        ),
      );
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
