// The one NodejsFunction default for Liaison: Node 24 on arm64, ESM bundle, tracing, its own log group.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, LoggingFormat, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { FONT_DIR, FONT_PACKAGES, FONT_WEIGHTS } from '../functions/lib/pdf/fonts.js';
import { consoleScriptCommand } from './browser-build.js';
import { PROJECT_ROOT } from './project.js';
import { FUNCTION_NAME_VARIABLE, type FunctionName } from './steps.js';

export { PROJECT_ROOT };

/** Imports the bundles resolve to another module than node_modules would (shared with bench/bundle-size.ts). */
export const BUNDLE_ALIASES: Record<string, string> = {
  'brotli/decompress.js': join(PROJECT_ROOT, 'functions/lib/pdf/brotli-decompress.ts'),
};

/** Shared with bench/bundle-size.ts, so the measured bundles are the deployed ones. */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  minify: true,
  // uploaded beside each bundle to read a stack trace by, but not loaded on every cold start (no --enable-source-maps)
  sourceMap: true,
  target: 'node24',
  mainFields: ['module', 'main'],
  // the SDK is bundled, not taken from the runtime: the version we test is the version that runs
  externalModules: [],
  // modules put in another's place: fontkit's WOFF2 decoder by Node's own (functions/lib/pdf/brotli-decompress.ts)
  esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([name, path]) => [`--alias:${name}`, path])),
  // ESM bundles of CommonJS dependencies still call require(): give them one
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  // files the code reads travel with it, at the same path under the task root: the markup and styles of pages and
  // emails (functions/lib/templates.ts), the console's script, compiled for the browser from functions/browser/ by
  // the esbuild that bundles the functions, and any-ascii (screening.ts)
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      `mkdir -p "${outputDir}/functions/templates"`,
      `cp "${inputDir}"/functions/templates/* "${outputDir}/functions/templates/"`,
      // loaded, not bundled: transliteration's half-megabyte table is read for the first name outside ASCII
      `mkdir -p "${outputDir}/node_modules" && cp -r "${inputDir}/node_modules/any-ascii" "${outputDir}/node_modules/"`,
      consoleScriptCommand(inputDir, outputDir),
    ],
  },
};

/** The functions that make the executed PDF, and so carry its fonts (functions/lib/pdf/fonts.ts reads them). */
export const FUNCTIONS_WITH_FONTS: readonly FunctionName[] = ['activate'];

/** Copies each font package's stylesheets of the weights used and their WOFF files, to the same path in the bundle. */
export const fontsCommand = (inputDir: string, outputDir: string) =>
  FONT_PACKAGES.map((pkg) => {
    const from = join(inputDir, FONT_DIR, pkg);
    const to = join(outputDir, FONT_DIR, pkg);
    const styles = FONT_WEIGHTS.map((weight) => `"${from}/${weight}.css"`).join(' ');
    const files = FONT_WEIGHTS.map((weight) => `"${from}"/files/*-${weight}-normal.woff`).join(' ');
    return `mkdir -p "${to}/files" && cp ${styles} "${to}/" && cp ${files} "${to}/files/"`;
  }).join(' && ');

const WITH_FONTS: BundlingOptions = {
  ...BUNDLING,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      ...(BUNDLING.commandHooks?.afterBundling(inputDir, outputDir) ?? []),
      fontsCommand(inputDir, outputDir),
    ],
  },
};

export interface LiaisonFunctionProps {
  name: FunctionName;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * The JavaScript heap a function may use: V8 would take a quarter of the memory, too little to index a large list
 * (bench/screening-scale.ts measures it); the rest stays for buffers (an opened index is one), code and the runtime.
 */
export const heapLimitMb = (memoryMb: number) => Math.floor(memoryMb * 0.75);

/** A function's timeout unless the stack gives it another. */
export const DEFAULT_TIMEOUT_S = 30;

export class LiaisonFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LiaisonFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      entry: join(PROJECT_ROOT, 'functions', `${props.name}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      // Powertools writes JSON records; a JSON log format keeps them as records, not text lines
      loggingFormat: LoggingFormat.JSON,
      timeout: props.timeout ?? Duration.seconds(DEFAULT_TIMEOUT_S),
      memorySize: props.memorySize ?? 512,
      logGroup,
      bundling: FUNCTIONS_WITH_FONTS.includes(props.name) ? WITH_FONTS : BUNDLING,
      environment: {
        ...props.environment,
        [FUNCTION_NAME_VARIABLE]: props.name,
        POWERTOOLS_SERVICE_NAME: 'liaison',
        POWERTOOLS_METRICS_NAMESPACE: 'Liaison',
        NODE_OPTIONS: `--max-old-space-size=${heapLimitMb(props.memorySize ?? 512)}`,
      },
    });
  }
}
