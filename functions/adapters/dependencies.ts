// The composition root: the one AWS adapter of each port, built on first use, so a function needs
// only the settings of the ports it actually uses. Unit tests replace ports with in-memory fakes.
import { settings } from './config.js';
import { type Documents, S3Documents } from './documents.js';
import { DynamoDbStore, dynamoDbClient } from './dynamodb-store.js';
import { type Mailer, SesMailer } from './mailer.js';
import type { Store } from './store.js';
import { StepFunctionsWorkflow, type Workflow } from './workflow.js';

export interface Dependencies {
  store: Store;
  mailer: Mailer;
  documents: Documents;
  workflow: Workflow;
  now: () => Date;
}

let overrides: Partial<Dependencies> = {};
const built: Partial<Dependencies> = {};

/** Unit tests: replace ports with fakes (and reset with `{}`). */
export function configureDependencies(replacements: Partial<Dependencies>) {
  overrides = { ...overrides, ...replacements };
}

const factories: { [K in keyof Dependencies]: () => Dependencies[K] } = {
  store: () => new DynamoDbStore(dynamoDbClient(), settings().tableName),
  documents: () => new S3Documents(settings().documentsBucket),
  mailer: () => new SesMailer(settings().senderEmail, settings().replyToEmail),
  workflow: () => new StepFunctionsWorkflow(settings().stateMachineArn),
  now: () => () => new Date(),
};

function port<K extends keyof Dependencies>(name: K): Dependencies[K] {
  const replaced = overrides[name];
  if (replaced) return replaced as Dependencies[K];
  built[name] ??= factories[name]();
  return built[name] as Dependencies[K];
}

const ports: Dependencies = {
  get store() {
    return port('store');
  },
  get mailer() {
    return port('mailer');
  },
  get documents() {
    return port('documents');
  },
  get workflow() {
    return port('workflow');
  },
  get now() {
    return port('now');
  },
};

export const deps = (): Dependencies => ports;
