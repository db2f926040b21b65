#!/usr/bin/env node
// CDK app. Deploy settings come from context (npx cdk deploy -c senderEmail=... -c organisationName=...);
// infra/settings.ts lists them all.
import { Annotations, App, Validations } from 'aws-cdk-lib';
import nag from 'cdk-nag';
import { LiaisonStack } from './liaison-stack.js';
import { readSettings } from './settings.js';

const app = new App();
// synth works without settings; a deploy without senderEmail would send from an address nobody verified
const EXAMPLE_SENDER = 'liaison@example.org';
const settings = readSettings(
  (name) =>
    (app.node.tryGetContext(name) as string | undefined) ?? (name === 'senderEmail' ? EXAMPLE_SENDER : undefined),
);
const stack = new LiaisonStack(app, (app.node.tryGetContext('stackName') as string | undefined) ?? 'Liaison', {
  ...settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
if (settings.senderEmail === EXAMPLE_SENDER) {
  Annotations.of(stack).addWarningV2(
    'liaison:senderEmail',
    'no senderEmail set: deploy with -c senderEmail=<a verified SES identity>',
  );
}
Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
