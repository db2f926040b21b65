// The DynamoDB adapters keep the store ports' contract, on the table the stack defines: dynalite, or DynamoDB Local
// when LIAISON_DYNAMODB=dynamodb-local (CI runs both).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { storesOn } from '../../functions/adapters/dynamodb/stores.js';
import { dynamoDbClient } from '../../functions/adapters/dynamodb/table.js';
import { ensureTable, startDynalite, startDynamoDbLocal } from '../../local/services/dynamodb.js';
import { synthesize } from '../../local/synth.js';
import { type StackModel, readModel } from '../../local/template.js';
import { storeContract } from '../support/store-contract.js';

let dir: string;
let database: { endpoint: string; stop: () => Promise<void> };
let table: StackModel['table'];
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-store-'));
  database =
    process.env.LIAISON_DYNAMODB === 'dynamodb-local'
      ? await startDynamoDbLocal(join(dir, 'db'))
      : await startDynalite(join(dir, 'db'));
  table = readModel(synthesize({ settings: { senderEmail: 'liaison@example.org' } }).template, 'http://x').table;
  client = new DynamoDBClient({
    endpoint: database.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client?.destroy();
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
});

storeContract(process.env.LIAISON_DYNAMODB === 'dynamodb-local' ? 'DynamoDB Local' : 'dynalite', async () => {
  // a table per case, so each starts empty as the fakes do
  const name = `contract-${++tables}`;
  await ensureTable(database.endpoint, name, table);
  return storesOn(dynamoDbClient(client), name);
});
