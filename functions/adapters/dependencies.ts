// The composition root: which adapter implements each port, chosen from the environment.
// Lambda gets AWS adapters; the local runtime overrides with its own (configureDependencies).
import { DynamoDbStore, dynamoDbClient } from './dynamodb-store.js';
import { FolderDocuments, S3Documents, type Documents } from './documents.js';
import { OutboxMailer, SesMailer, type Mailer } from './mailer.js';
import { StepFunctionsWorkflow, type Workflow } from './workflow.js';
import { optional, required } from './config.js';
import type { Store } from './store.js';

export interface Dependencies { store: Store; mailer: Mailer; documents: Documents; workflow: Workflow; now: () => Date }

let current: Partial<Dependencies> = {};

export function configureDependencies(overrides: Partial<Dependencies>) {
  current = { ...current, ...overrides };
}

export function deps(): Dependencies {
  current.store ??= new DynamoDbStore(dynamoDbClient(), optional('TABLE_NAME', 'liaison'));
  current.documents ??= process.env.DOCUMENTS_BUCKET ? new S3Documents(process.env.DOCUMENTS_BUCKET) : new FolderDocuments(required('LIAISON_DOCUMENTS_DIR'));
  current.mailer ??= process.env.LIAISON_OUTBOX_DIR
    ? new OutboxMailer(process.env.LIAISON_OUTBOX_DIR, optional('SENDER_EMAIL', 'liaison@liaison.local'), process.env.REPLY_TO_EMAIL)
    : new SesMailer(required('SENDER_EMAIL'), process.env.REPLY_TO_EMAIL);
  current.workflow ??= new StepFunctionsWorkflow(required('STATE_MACHINE_ARN'));
  current.now ??= () => new Date();
  return current as Dependencies;
}
