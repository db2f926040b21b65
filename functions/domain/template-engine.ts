// The one template engine, for agreements, pages and emails: Handlebars in strict mode, so a value a template names
// but the view lacks is an error, never an empty string; every value is HTML-escaped unless the template says
// {{{raw}}} (only for markup this code rendered itself).
// Every template the functions render is precompiled (infra/precompile-templates.ts), so a function carries only
// Handlebars' runtime; a template only a test knows is compiled when it is first used, by the compiler the bundles
// leave out.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type HandlebarsCompiler from 'handlebars';
import runtime from 'handlebars/runtime.js';

export type CompiledTemplate = HandlebarsCompiler.TemplateDelegate;
type TemplateSpecification = Parameters<typeof HandlebarsCompiler.template>[0];
/** Precompiled templates by their source's key (functions/domain/precompiled-*.ts). */
export type Precompiled = Record<string, unknown>;
// the runtime's types are the compiler's (handlebars/runtime.d.ts declares none of its own)
const Handlebars = runtime as unknown as Pick<typeof HandlebarsCompiler, 'template'>;

export const STRICT = { strict: true } as const;

/** How a precompiled template is found: the first 128 bits of its source's SHA-256, in hex. */
export const templateKey = (source: string) => createHash('sha256').update(source).digest('hex').slice(0, 32);

// a name esbuild cannot follow, so the compiler stays out of the bundles
const COMPILER = 'handlebars';

export function compileStrict(source: string, precompiled: Precompiled): CompiledTemplate {
  const spec = precompiled[templateKey(source)] as TemplateSpecification | undefined;
  if (spec) return Handlebars.template(spec);
  let compiler: typeof HandlebarsCompiler;
  try {
    compiler = createRequire(import.meta.url)(COMPILER) as typeof HandlebarsCompiler;
  } catch {
    throw new Error('a template was changed without being precompiled again: run `npm run generate`');
  }
  return compiler.compile(source, STRICT);
}
