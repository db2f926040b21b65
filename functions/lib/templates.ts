// Markup and styles live in their own files (functions/templates/), checked and edited as what they are. Each
// bundle carries them at the same path under its task root (infra/liaison-function.ts copies them), so a function
// reads them the same way from the sources and on AWS; once read, a template stays in memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settings } from '../adapters/config.js';

export const TEMPLATE_DIR = 'functions/templates';

export type TemplateName =
  | 'page.mustache'
  | 'sign.mustache'
  | 'message.mustache'
  | 'used.mustache'
  | 'email.mustache'
  | 'liaison.css'
  | 'console.html'
  | 'console.js';

const loaded = new Map<TemplateName, string>();

export function template(name: TemplateName): string {
  let text = loaded.get(name);
  if (text === undefined) {
    text = readFileSync(join(settings().taskRoot, TEMPLATE_DIR, name), 'utf8');
    loaded.set(name, text);
  }
  return text;
}
