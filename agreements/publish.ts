// `npm run templates:publish`: records the content hash of every template version not yet in
// agreements/published.json. It never changes an entry that is there: a published version is final.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateHash } from '../functions/domain/agreement.js';
import { unknownReferences } from '../functions/domain/html-text.js';
import { publishedTemplates } from './index.js';

const file = join(import.meta.dirname, 'published.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
  id: string;
  version: string;
  sha256: string;
  publishedAt: string;
}[];
for (const template of publishedTemplates) {
  const entry = manifest.find((m) => m.id === template.id && m.version === template.version);
  const sha256 = templateHash(template);
  // the executed PDF decodes only the references the template engine writes (functions/domain/html-text.ts)
  const references = unknownReferences([template.layout, ...template.clauses.map((c) => c.body)].join('\n'));
  if (!entry && references.length) {
    console.error(
      `${template.id} ${template.version} names ${references.map((r) => `&${r};`).join(' ')}: write the characters`,
    );
    process.exitCode = 1;
    continue;
  }
  if (!entry) {
    manifest.push({
      id: template.id,
      version: template.version,
      sha256,
      publishedAt: new Date().toISOString().slice(0, 10),
    });
    console.log(`published ${template.id} ${template.version} (${sha256})`);
  } else if (entry.sha256 !== sha256) {
    console.error(
      `${template.id} ${template.version} was published with hash ${entry.sha256} and has changed: restore it and ` +
        `publish a new version instead`,
    );
    process.exitCode = 1;
  }
}
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
