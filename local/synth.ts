// The stack synthesized in-process, as `cdk synth` does: the one place the local runtime loads the CDK (a start with
// an unchanged stack reads the template it synthesized last; local/template-cache.ts).
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiaisonStack } from '../infra/liaison-stack.js';
import type { DeploySettings } from '../infra/settings.js';
import { STACK_NAME, type Template } from './template.js';

export interface SynthOptions {
  settings: DeploySettings;
  /** The cloud-assembly folder; default: a temporary one, removed once the template is read. */
  outdir?: string;
  /** Real esbuild bundling (deployed shape); default: no bundling. */
  bundle?: boolean;
}

/** Synthesizes the stack in-process, as `cdk synth` does. */
export function synthesize({ settings, outdir, bundle }: SynthOptions): { template: Template; assemblyDir?: string } {
  // asset metadata names each function's bundle folder in the cloud assembly, as the CLI asks for it
  const context = bundle ? { 'aws:cdk:enable-asset-metadata': true } : { 'aws:cdk:bundling-stacks': [] };
  const folder = outdir ?? mkdtempSync(join(tmpdir(), 'liaison-synth-'));
  try {
    const app = new App({ context, outdir: folder });
    new LiaisonStack(app, STACK_NAME, settings);
    const assembly = app.synth();
    return {
      template: assembly.getStackByName(STACK_NAME).template as Template,
      assemblyDir: bundle ? assembly.directory : undefined,
    };
  } finally {
    if (!outdir) rmSync(folder, { recursive: true, force: true });
  }
}
