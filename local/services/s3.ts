// S3: s3rver (an S3-compatible server from npm), objects kept under the data folder. Each
// function's role key is known to it, as AWS knows every role's credentials.
import { createRequire } from 'node:module';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js') as {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
};

export async function startS3(
  directory: string,
  buckets: string[],
  keys: { accessKeyId: string; secretAccessKey: string }[],
) {
  for (const key of keys) DUMMY_ACCOUNT.createKeyPair(key.accessKeyId, key.secretAccessKey);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = (await server.run()) as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
