// CloudWatch Logs subscriptions to Firehose, locally: the records of a function's log (.liaison/logs/<fn>.log) that
// match the template's filter pattern are put, a batch at a time, into the S3 bucket and prefix of the template's
// delivery stream, with the stream's own role (checked like every call). How far each log was delivered is kept in
// the data folder, so records written before a stop are delivered after the restart: nothing is lost, and as with
// Firehose, a batch may at worst arrive twice.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_REGION, type LogDeliverySpec } from '../template.js';

/** CloudWatch's JSON filter patterns of the form { $.a = "x" && $.b = "y" } (the ones the stack uses). */
export function jsonFilter(pattern: string): (record: Record<string, unknown>) => boolean {
  const body = pattern.trim().match(/^\{(.*)\}$/)?.[1];
  const terms = (body ?? '').split('&&').map((term) => term.trim().match(/^\$\.([\w.]+)\s*=\s*"([^"]*)"$/));
  if (!body || terms.some((term) => !term))
    throw new Error(`the local log delivery does not understand the filter pattern ${pattern}`);
  return (record) =>
    terms.every((term) => {
      const [, path, value] = term!;
      const found = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], record);
      return String(found) === value;
    });
}

/**
 * Firehose names objects <stream>-<version>-YYYY-MM-DD-HH-MM-SS-<random>; here the time goes to the millisecond, so
 * deliveries (one at a time) sort in the order they were made even within a second, as the decision log reads them.
 */
const stamp = (at: Date) => at.toISOString().slice(0, 23).replace(/[T:.]/g, '-');

export function startLogDelivery(options: {
  deliveries: LogDeliverySpec[];
  logDir: string;
  stateDir: string;
  s3Endpoint: string;
  credentialsOf: (delivery: LogDeliverySpec) => { accessKeyId: string; secretAccessKey: string };
  now: () => Date;
  /** How often to deliver (Firehose buffers for the stream's interval; locally a second is enough). */
  intervalMs?: number;
}) {
  mkdirSync(options.stateDir, { recursive: true });
  const streams = options.deliveries.map((delivery) => ({
    delivery,
    matches: jsonFilter(delivery.filterPattern),
    s3: new S3Client({
      region: LOCAL_REGION,
      endpoint: options.s3Endpoint,
      forcePathStyle: true,
      credentials: options.credentialsOf(delivery),
    }),
    stateFile: join(options.stateDir, `${delivery.streamName}.json`),
  }));

  let running: Promise<void> = Promise.resolve();
  const deliverAll = () => {
    running = running.then(async () => {
      for (const stream of streams) await deliver(stream).catch((error: Error) => console.error(error.message));
    });
    return running;
  };

  async function deliver(stream: (typeof streams)[number]) {
    const file = join(options.logDir, `${stream.delivery.functionName}.log`);
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    let offset = existsSync(stream.stateFile) ? Number(JSON.parse(readFileSync(stream.stateFile, 'utf8')).offset) : 0;
    if (size < offset) offset = 0; // the log was replaced
    if (size === offset) return;
    const chunk = Buffer.alloc(size - offset);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, chunk, 0, chunk.length, offset);
    } finally {
      closeSync(fd);
    }
    const complete = chunk.lastIndexOf(0x0a) + 1; // whole lines only: the rest is still being written
    if (complete === 0) return;
    const records = chunk
      .subarray(0, complete)
      .toString('utf8')
      .split('\n')
      .filter((line) => {
        if (!line.startsWith('{')) return false;
        try {
          return stream.matches(JSON.parse(line));
        } catch {
          return false;
        }
      });
    if (records.length) {
      const at = options.now();
      const prefix = stream.delivery.prefix.replaceAll('!{timestamp:yyyy-MM-dd}', at.toISOString().slice(0, 10));
      await stream.s3.send(
        new PutObjectCommand({
          Bucket: stream.delivery.bucket,
          Key: `${prefix}${stream.delivery.streamName}-1-${stamp(at)}-${randomUUID()}`,
          Body: `${records.join('\n')}\n`,
        }),
      );
    }
    writeFileSync(stream.stateFile, JSON.stringify({ offset: offset + complete }));
  }

  const timer = setInterval(() => void deliverAll(), options.intervalMs ?? 1000);
  timer.unref();
  return {
    /** Delivers what the logs hold now (the tests and a stop call it). */
    flush: deliverAll,
    stop: async () => {
      clearInterval(timer);
      await deliverAll();
    },
  };
}
