// The published agreement templates. New agreements use each id's newest version; older versions
// stay so that agreements made with them remain explainable. agreements/published.json pins the
// content hash of every published version (test/unit/templates.test.ts enforces it).
import type { AgreementTemplate } from '../functions/domain/agreement.js';
import { dsaStandardV2 } from './dsa-standard/v2.js';

export const publishedTemplates: AgreementTemplate[] = [dsaStandardV2];

export function latestTemplate(id: string): AgreementTemplate | undefined {
  return publishedTemplates
    .filter((t) => t.id === id)
    .sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))[0];
}

export const templateIds = () => [...new Set(publishedTemplates.map((t) => t.id))];
