// The published agreement templates, by id; the newest version of each is used for new agreements.
import type { AgreementTemplate } from '../functions/domain/agreement.js';
import { dsaStandardV1 } from './dsa-standard/v1.js';

const published: AgreementTemplate[] = [dsaStandardV1];

export function latestTemplate(id: string): AgreementTemplate | undefined {
  return published.filter((t) => t.id === id).sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))[0];
}

export const templateIds = () => [...new Set(published.map((t) => t.id))];
