// The console's script is TypeScript (functions/browser/); browsers get it compiled by esbuild to where the API
// reads it under the task root. Bundling runs this through the esbuild CLI after each function is bundled; the local
// runtime, which runs the functions from the sources with the project as their task root, runs the same build.
import { build } from 'esbuild';
import { join } from 'node:path';

export const CONSOLE_SCRIPT = {
  entry: 'functions/browser/console.ts',
  /** Under the task root, beside the markup it belongs to (functions/lib/templates.ts reads it from there). */
  output: 'functions/templates/console.js',
  options: ['--bundle', '--minify', '--format=iife', '--target=es2022', '--log-level=warning'],
} as const;

/** The shell command bundling runs: compile from the project into a bundle's directory. */
export const consoleScriptCommand = (projectDir: string, outputDir: string) =>
  `"${projectDir}/node_modules/.bin/esbuild" "${join(projectDir, CONSOLE_SCRIPT.entry)}" ` +
  `${CONSOLE_SCRIPT.options.join(' ')} --outfile="${join(outputDir, CONSOLE_SCRIPT.output)}"`;

/** The same build through esbuild's API, into a task root (the project itself, when run from the sources). */
export async function buildConsoleScript(projectDir: string, taskRoot: string) {
  await build({
    entryPoints: [join(projectDir, CONSOLE_SCRIPT.entry)],
    outfile: join(taskRoot, CONSOLE_SCRIPT.output),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
}
