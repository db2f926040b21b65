// Markup and styles live in their own files (functions/templates/), checked and edited as what they are. Each
// bundle carries them at the same path under its task root (infra/liaison-function.ts copies them), so a function
// reads them the same way from the sources and on AWS; once read, a template stays in memory.
// Markup templates are compiled by the one template engine (domain/template-engine.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settings } from '../adapters/config.js';
import * as markup from '../domain/precompiled-markup.js';
import { type CompiledTemplate, compileStrict, type Precompiled } from '../domain/template-engine.js';

export const TEMPLATE_DIR = 'functions/templates';

export type TemplateName =
  | 'page.hbs'
  | 'sign.hbs'
  | 'message.hbs'
  | 'used.hbs'
  | 'email.hbs'
  | 'liaison.css'
  | 'console.html'
  | 'console.js'
  | 'openapi.json';

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
export type Render = (view: Record<string, unknown>) => string;

/** Renders one of the markup templates with a view that names every value it uses (null for "none"). */
function renderer(name: MarkupTemplate, precompiled: Precompiled): Render {
  let compiled: CompiledTemplate | undefined;
  return (view) => {
    compiled ??= compileStrict(template(name), precompiled);
    return compiled(view);
  };
}

// one renderer per template, each made only where it is used: a bundle carries the precompiled markup it renders
export const renderPage = /* @__PURE__ */ renderer('page.hbs', markup.page);
export const renderSignPage = /* @__PURE__ */ renderer('sign.hbs', markup.sign);
export const renderMessage = /* @__PURE__ */ renderer('message.hbs', markup.message);
export const renderUsedLink = /* @__PURE__ */ renderer('used.hbs', markup.used);
export const renderEmail = /* @__PURE__ */ renderer('email.hbs', markup.email);
