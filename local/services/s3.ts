// S3: s3rver (an S3-compatible server from npm), objects kept under the data folder. Each
// function's role key is known to it, as AWS knows every role's credentials. Bucket notifications run as S3 runs
// them: an object created that a notification's prefix and suffix match invokes its function asynchronously, retried
// twice as Lambda retries an asynchronous invocation.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import S3rver from 's3rver';
import type { BucketNotificationSpec } from '../template.js';

type S3EventRecord = { eventName: string; s3: { bucket: { name: string }; object: { key: string } } };
/** Tries of an asynchronous invocation: the first and Lambda's two retries. */
const ASYNC_TRIES = 3;

const require = createRequire(import.meta.url);
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js') as {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
};

export async function startS3(
  directory: string,
  buckets: string[],
  keys: { accessKeyId: string; secretAccessKey: string }[],
  notifications: {
    specs: BucketNotificationSpec[];
    invoke: (functionArn: string, event: unknown) => Promise<{ error?: unknown }>;
  },
) {
  for (const key of keys) DUMMY_ACCOUNT.createKeyPair(key.accessKeyId, key.secretAccessKey);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const inFlight = new Set<Promise<void>>();
  const notify = async (spec: BucketNotificationSpec, event: { Records: S3EventRecord[] }) => {
    if (!spec.permitted) {
      console.error(JSON.stringify({ msg: 'S3 may not invoke the notified function', function: spec.functionArn }));
      return;
    }
    for (let attempt = 1; attempt <= ASYNC_TRIES; attempt++) {
      const { error } = await notifications.invoke(spec.functionArn, event);
      if (!error) return;
      if (attempt === ASYNC_TRIES)
        console.error(JSON.stringify({ msg: 'bucket notification failed after retries', error }));
    }
  };
  (server as unknown as EventEmitter).on('event', (event: { Records: S3EventRecord[] }) => {
    const [record] = event.Records;
    const created = record.eventName.startsWith('ObjectCreated:');
    for (const spec of notifications.specs) {
      const wanted = spec.events.some((e) => e === `s3:${record.eventName}` || (created && e === 's3:ObjectCreated:*'));
      const key = record.s3.object.key;
      if (spec.bucket !== record.s3.bucket.name || !wanted) continue;
      if (!key.startsWith(spec.prefix) || !key.endsWith(spec.suffix)) continue;
      const delivery = notify(spec, event).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    }
  });
  const { port } = (await server.run()) as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Resolves when the notifications under way have been delivered (or have failed for good). */
    settled: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stop: async () => {
      await Promise.all([...inFlight]);
      await server.close();
    },
  };
}
