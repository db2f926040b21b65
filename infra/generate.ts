// `npm run generate`: the files made from other sources, written beside them and committed, so that the functions
// carry the result and not the means: the precompiled templates (infra/precompile-templates.ts) and the OpenAPI
// document the officers' API serves (functions/templates/openapi.json, from every route's zod schemas). A unit test
// fails when one is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../functions/http/openapi.js';
import { officerRoutes } from '../functions/http/officers.js';
import { accessCheckRoutes } from '../functions/http/resources/access-checks.js';
import { officerJobRoutes } from '../functions/http/resources/officer-jobs.js';
import { signingRoutes } from '../functions/http/resources/signing.js';
import { PRECOMPILED_MODULES, precompiledModule } from './precompile-templates.js';
import { PROJECT_ROOT } from './project.js';

/** Every route of the HTTP functions, as the OpenAPI document lists them. */
export const ALL_ROUTES = [...officerRoutes, ...officerJobRoutes, ...accessCheckRoutes, ...signingRoutes];

/** Each generated file and how it is made. */
export const GENERATED: Record<string, () => string> = {
  ...Object.fromEntries(
    Object.entries(PRECOMPILED_MODULES).map(([file, sources]) => [file, () => precompiledModule(sources())]),
  ),
  [join(PROJECT_ROOT, 'functions/templates/openapi.json')]: () =>
    `${JSON.stringify(openApiDocument(ALL_ROUTES), null, 2)}\n`,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, contents] of Object.entries(GENERATED)) {
    writeFileSync(file, contents());
    console.log(`wrote ${file}`);
  }
}
