// Markup and styles live in their own files (functions/templates/), checked and edited as what they are. Each
// bundle carries them at the same path under its task root (infra/liaison-function.ts copies them), so a function
// reads them the same way from the sources and on AWS; once read, a template stays in memory.
// Markup templates are compiled by the one template engine (domain/template-engine.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settings } from '../adapters/config.js';
import { PRECOMPILED } from '../domain/precompiled-markup.js';
import { type CompiledTemplate, compileStrict } from '../domain/template-engine.js';

export const TEMPLATE_DIR = 'functions/templates';

export type TemplateName =
  | 'page.hbs'
  | 'sign.hbs'
  | 'message.hbs'
  | 'used.hbs'
  | 'email.hbs'
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

type MarkupTemplate = Extract<TemplateName, `${string}.hbs`>;
const compiled = new Map<MarkupTemplate, CompiledTemplate>();

/** Renders one of the markup templates with a view that names every value it uses (null for "none"). */
export function render(name: MarkupTemplate, view: Record<string, unknown>): string {
  let compiledTemplate = compiled.get(name);
  if (!compiledTemplate) {
    compiledTemplate = compileStrict(template(name), PRECOMPILED);
    compiled.set(name, compiledTemplate);
  }
  return compiledTemplate(view);
}
