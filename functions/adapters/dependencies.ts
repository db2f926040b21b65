// The composition root: the one AWS adapter of each port, built on first use, so a function needs only the settings
// of the ports it actually uses and builds only the store adapters it asks for. Unit tests replace ports with the
// in-memory fakes of test/support/memory-store.ts.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DecisionLog } from '../ports/decision-log.js';
import type { ClientDirectory } from '../ports/directory.js';
import type { Documents } from '../ports/documents.js';
import type { EventBus, WebhookSender } from '../ports/events.js';
import type { Mailer } from '../ports/mailer.js';
import type { Stores } from '../ports/store.js';
import type { Workflow } from '../ports/workflow.js';
import { CognitoClientDirectory } from './cognito/client-directory.js';
import { settings } from './config.js';
import { dynamoDbStores } from './dynamodb/stores.js';
import { dynamoDbClient } from './dynamodb/table.js';
import { EventBridgeBus } from './eventbridge-bus.js';
import { HttpWebhookSender } from './http-webhook-sender.js';
import { S3DecisionLog } from './s3-decision-log.js';
import { S3Documents } from './s3-documents.js';
import { SesMailer } from './ses-mailer.js';
import { StepFunctionsWorkflow } from './step-functions-workflow.js';

export interface Dependencies extends Stores {
  mailer: Mailer;
  documents: Documents;
  workflow: Workflow;
  clients: ClientDirectory;
  decisionLog: DecisionLog;
  bus: EventBus;
  webhookSender: WebhookSender;
  now: () => Date;
}

let overrides: Partial<Dependencies> = {};
const built: Partial<Dependencies> = {};

/** Unit tests: put ports on fakes. Each call replaces the previous set; `{}` restores the AWS adapters. */
export function configureDependencies(replacements: Partial<Dependencies>) {
  overrides = { ...replacements };
}

let client: DynamoDBDocumentClient | undefined;
const table = () => {
  client ??= dynamoDbClient();
  return [client, settings().tableName] as const;
};
const storeFactories = Object.fromEntries(
  Object.entries(dynamoDbStores).map(([name, Adapter]) => [name, () => new Adapter(...table())]),
) as { [K in keyof Stores]: () => Stores[K] };

const factories: { [K in keyof Dependencies]: () => Dependencies[K] } = {
  ...storeFactories,
  documents: () => new S3Documents(settings().documentsBucket),
  mailer: () => new SesMailer(settings().senderEmail, settings().replyToEmail),
  workflow: () => new StepFunctionsWorkflow(settings().stateMachineArn),
  clients: () => new CognitoClientDirectory(settings().identity.userPoolId),
  decisionLog: () => new S3DecisionLog(settings().decisionLogBucket),
  bus: () => new EventBridgeBus(settings().eventBusName),
  webhookSender: () => new HttpWebhookSender(settings().webhookPrivateTargets),
  now: () => () => new Date(),
};

function port<K extends keyof Dependencies>(name: K): Dependencies[K] {
  const replaced = overrides[name];
  if (replaced) return replaced as Dependencies[K];
  built[name] ??= factories[name]();
  return built[name] as Dependencies[K];
}

// each port is a getter, so destructuring `deps()` builds only the ports a caller names
const ports = Object.defineProperties(
  {},
  Object.fromEntries(Object.keys(factories).map((name) => [name, { get: () => port(name as keyof Dependencies) }])),
) as Dependencies;

export const deps = (): Dependencies => ports;
