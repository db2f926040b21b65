// The decision log on S3: Firehose delivers the API's decision records as JSON lines under decisions/dt=<day>/ (the
// day the records arrived, so a query also reads the day after its end); a query reads the days' objects in key
// order, which is delivery order, and keeps what matches. A page token is the object and line to go on from.
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DECISION_LOG_MESSAGE, DECISION_LOG_PREFIX, type LoggedDecision } from '../domain/decision-log.js';
import { invalidPageToken } from '../domain/errors.js';
import type { DecisionLog, DecisionQuery } from '../ports/decision-log.js';
import { DAY_MS } from '../domain/time.js';
import { lazyPort } from './dependencies.js';
import { settings } from './config.js';

const day = (at: Date) => at.toISOString().slice(0, 10);

interface Position {
  key: string;
  line: number;
}
function decodePosition(token: string | undefined): Position | undefined {
  if (token === undefined) return undefined;
  try {
    const { key, line } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Position;
    if (typeof key === 'string' && key.startsWith(DECISION_LOG_PREFIX) && Number.isInteger(line) && line >= 0)
      return { key, line };
  } catch {
    // falls through to the refusal
  }
  throw invalidPageToken();
}
const encodePosition = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

export class S3DecisionLog implements DecisionLog {
  private readonly s3 = new S3Client({});
  constructor(private readonly bucket: string) {}

  async query(query: DecisionQuery) {
    const after = decodePosition(query.nextToken);
    const items: LoggedDecision[] = [];
    const seen = new Set<string>(); // a delivery Firehose retried may repeat records
    for (const key of await this.keys(query.from, query.to, after?.key)) {
      const lines = await this.lines(key);
      const start = key === after?.key ? after.line : 0;
      for (let line = start; line < lines.length; line++) {
        const record = parse(lines[line]);
        if (!record || seen.has(record.decisionId) || !matches(record, query)) continue;
        seen.add(record.decisionId);
        items.push(record);
        if (items.length === query.limit) return { items, nextToken: encodePosition({ key, line: line + 1 }) };
      }
    }
    return { items };
  }

  async *scan(query: Omit<DecisionQuery, 'limit' | 'nextToken'>) {
    const seen = new Set<string>();
    for (const key of await this.keys(query.from, query.to)) {
      for (const line of await this.lines(key)) {
        const record = parse(line);
        if (!record || seen.has(record.decisionId) || !matches(record, query)) continue;
        seen.add(record.decisionId);
        yield record;
      }
    }
  }

  /** The objects of each day from `from` to the day after `to`, in key order, from `startKey` on. */
  private async keys(from: Date, to: Date, startKey?: string) {
    const keys: string[] = [];
    for (let at = Date.parse(day(from)); at <= to.getTime() + DAY_MS; at += DAY_MS) {
      let ContinuationToken: string | undefined;
      do {
        const page = await this.s3.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${DECISION_LOG_PREFIX}dt=${day(new Date(at))}/`,
            ContinuationToken,
          }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
    }
    return startKey ? keys.filter((key) => key >= startKey) : keys;
  }

  private async lines(key: string) {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return ((await object.Body?.transformToString('utf8')) ?? '').split('\n');
  }
}

function parse(line: string): LoggedDecision | undefined {
  if (!line.trim()) return undefined;
  try {
    const record = JSON.parse(line) as Partial<LoggedDecision> & { message?: string };
    if (record.message !== DECISION_LOG_MESSAGE || typeof record.decisionId !== 'string') return undefined;
    return {
      decisionId: record.decisionId,
      at: String(record.at),
      caller: String(record.caller),
      callerSubject: String(record.callerSubject),
      partnerId: String(record.partnerId),
      agreementId: record.agreementId ?? null,
      dataCategory: String(record.dataCategory),
      purpose: String(record.purpose),
      direction: String(record.direction),
      requestingCountry: String(record.requestingCountry),
      decision: record.decision === 'ALLOW' ? 'ALLOW' : 'DENY',
      codes: Array.isArray(record.codes) ? record.codes.map(String) : [],
    };
  } catch {
    return undefined; // a line that is not a record (a log line cut by a crash) is skipped, not fatal
  }
}

function matches(record: LoggedDecision, query: Omit<DecisionQuery, 'limit' | 'nextToken'>) {
  const at = Date.parse(record.at);
  return (
    at >= query.from.getTime() &&
    at <= query.to.getTime() &&
    (query.partnerId === undefined || record.partnerId === query.partnerId) &&
    (query.decision === undefined || record.decision === query.decision) &&
    (query.requestingCountry === undefined || record.requestingCountry === query.requestingCountry) &&
    (query.dataCategory === undefined || record.dataCategory === query.dataCategory) &&
    (query.purpose === undefined || record.purpose === query.purpose)
  );
}

/** The decision log in its bucket. */
export const decisionLog = /* @__PURE__ */ lazyPort(
  'decisionLog',
  () => new S3DecisionLog(settings().decisionLogBucket),
);
