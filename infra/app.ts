#!/usr/bin/env node
// CDK app. Deploy settings come from context (npx cdk deploy -c senderEmail=... -c organisationName=...);
// infra/settings.ts lists them all.
import { App, Validations } from 'aws-cdk-lib';
import nag from 'cdk-nag';
import { LiaisonStack } from './liaison-stack.js';
import { readSettings } from './settings.js';

const app = new App();
const settings = readSettings((name) => app.node.tryGetContext(name) as string | undefined);
new LiaisonStack(app, (app.node.tryGetContext('stackName') as string | undefined) ?? 'Liaison', {
  ...settings,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
