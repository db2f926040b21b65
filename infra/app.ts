#!/usr/bin/env node
// CDK app. Settings come from context: npx cdk deploy -c senderEmail=... [-c baseUrl=...]
import { App, Duration, Validations } from 'aws-cdk-lib';
import nag from 'cdk-nag';
import { LiaisonStack } from './liaison-stack.js';

const app = new App();
const context = (name: string) => app.node.tryGetContext(name) as string | undefined;
new LiaisonStack(app, context('stackName') ?? 'Liaison', {
  senderEmail: context('senderEmail') ?? 'liaison@example.org',
  baseUrl: context('baseUrl'),
  officerEmail: context('officerEmail'),
  approverEmail: context('approverEmail'),
  replyToEmail: context('replyToEmail'),
  reviewTimeout: context('reviewTimeoutDays') ? Duration.days(Number(context('reviewTimeoutDays'))) : undefined,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
