// The store on the DynamoDB API: AWS DynamoDB, DynamoDB Local or dynalite, chosen by endpoint.
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { AgreementForAccess } from '../domain/access.js';
import type {
  AgreementRecord,
  Gate,
  HistoryEvent,
  LinkRecord,
  OnboardingRecord,
  ReviewDecisionRecord,
} from '../domain/records.js';
import type { Role } from '../domain/schemas.js';
import { nextEvent } from '../domain/audit-chain.js';
import {
  DUE_PARTITION,
  SIGNER_SLOT_PREFIX,
  TABLE,
  TTL_ATTRIBUTE,
  UNDELIVERED_DECISIONS,
  keys,
  partitions,
} from './keys.js';
import type { Page, Store } from './store.js';
import { conflict, ignoreConflict, invalid, isConflict } from '../domain/errors.js';

const invalidPageToken = () =>
  invalid('nextToken is not a token this API issued', [
    { path: 'nextToken', message: 'is not a token this API issued: start again without it' },
  ]);

/** A document client; the endpoint comes from the SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB offline). */
export function dynamoDbClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

const INTERNAL = ['pk', 'sk', 'typePk', 'typeSk', 'statusPk', 'statusSk', 'duePk', 'dueSk'];
function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const k of INTERNAL) delete copy[k];
  return copy as T;
}

const encodeToken = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
/**
 * A page token is the last key of the page before: the table's key and the index's, with the index partition the
 * query reads. Anything else is refused here, before DynamoDB would answer a crafted one with a server error.
 */
function decodeToken(
  token: string | undefined,
  index: { partitionKey: string; sortKey: string },
  partition: string,
): Record<string, string> | undefined {
  if (!token) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidPageToken();
  }
  const expected = [TABLE.partitionKey, TABLE.sortKey, index.partitionKey, index.sortKey].sort();
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    JSON.stringify(Object.keys(key).sort()) === JSON.stringify(expected) &&
    Object.values(key).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024) &&
    (key as Record<string, string>)[index.partitionKey] === partition;
  if (!valid) throw invalidPageToken();
  return key as Record<string, string>;
}

async function conditional<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException')
      throw conflict(message);
    throw error;
  }
}

/** The record exists and, when statuses are given, is in one of them (placeholders added to names and values). */
function existsInStatus(
  expectStatus: readonly string[] | undefined,
  names: Record<string, string>,
  values: Record<string, unknown>,
) {
  if (!expectStatus?.length) return 'attribute_exists(pk)';
  names['#status'] = 'status';
  const placeholders = expectStatus.map((status, i) => {
    values[`:s${i}`] = status;
    return `:s${i}`;
  });
  return `attribute_exists(pk) AND #status IN (${placeholders.join(', ')})`;
}

/** SET a = :a for each defined field of a patch, with placeholders safe for any attribute name. */
function setExpression(patch: Record<string, unknown>, remove: string[] = []) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(patch).forEach(([field, value], i) => {
    if (value === undefined) return;
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    sets.push(`#f${i} = :v${i}`);
  });
  const removals = remove.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  const expression = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removals.length ? `REMOVE ${removals.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { expression, names, values };
}

export class DynamoDbStore implements Store {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createOnboarding(record: OnboardingRecord) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.onboarding(record.onboardingId), ...this.onboardingIndexKeys(record), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      `onboarding ${record.onboardingId} exists`,
    );
  }

  async getOnboarding(id: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.onboarding(id), ConsistentRead: true }),
    );
    return strip<OnboardingRecord>(Item);
  }

  async updateOnboarding(id: string, patch: Partial<OnboardingRecord>, expectStatus?: OnboardingRecord['status'][]) {
    const full: Record<string, unknown> = { ...patch };
    if (patch.status) full.statusPk = partitions.onboardingsIn(patch.status);
    // a field given as undefined is removed (a gate closed, a review token spent)
    const remove = Object.entries(patch)
      .filter(([, value]) => value === undefined)
      .map(([field]) => field);
    const { expression, names, values } = setExpression(full, remove);
    const condition = existsInStatus(expectStatus, names, values);
    const result = await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.onboarding(id),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
          ReturnValues: 'ALL_NEW',
        }),
      ),
      `onboarding ${id} is not in status ${expectStatus?.join(' or ') ?? '(any)'}`,
    );
    return strip<OnboardingRecord>(result.Attributes)!;
  }

  listOnboardings(status: string | undefined, limit: number, nextToken?: string) {
    return this.list<OnboardingRecord>('onboardings', status, limit, nextToken);
  }

  async addHistory(onboardingId: string, event: HistoryEvent) {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.historyEvent(onboardingId, event.at, randomBytes(4).toString('hex')),
          ...event,
        },
      }),
    );
  }

  async history(onboardingId: string) {
    return (await this.events(keys.onboardingPartition(onboardingId))).map((item) => ({
      at: item.at as string,
      event: item.event as string,
      detail: item.detail as string,
    }));
  }

  async appendAudit(
    agreementId: string,
    entry: { at: string; event: string; detail: string; data?: Record<string, string> },
  ) {
    for (let attempt = 0; attempt < 25; attempt++) {
      const { Item: head } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.auditHead(agreementId), ConsistentRead: true }),
      );
      const event = nextEvent(head ? { seq: head.seq as number, hash: head.hash as string } : undefined, entry);
      try {
        await conditional(
          this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...keys.auditEvent(agreementId, event.seq), ...event },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
          'taken',
        );
      } catch (error) {
        if (!isConflict(error)) throw error;
        // another writer took this place (or a crash left the head behind): move the head up, then retry
        const { Item: taken } = await this.db.send(
          new GetCommand({
            TableName: this.tableName,
            Key: keys.auditEvent(agreementId, event.seq),
            ConsistentRead: true,
          }),
        );
        if (taken) await this.advanceHead(agreementId, taken.seq as number, taken.hash as string);
        continue;
      }
      await this.advanceHead(agreementId, event.seq, event.hash);
      return event;
    }
    throw conflict(`could not append to the audit trail of ${agreementId}: too much contention`);
  }

  /** The head only moves forward, so a slow writer can never pull it back. */
  private async advanceHead(agreementId: string, seq: number, hash: string) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.auditHead(agreementId), seq, hash },
          ConditionExpression: 'attribute_not_exists(pk) OR seq < :seq',
          ExpressionAttributeValues: { ':seq': seq },
        }),
      ),
      'head moved',
    ).catch(ignoreConflict);
  }

  async auditTrail(agreementId: string) {
    return (await this.events(keys.agreementPartition(agreementId))).map((item) => ({
      seq: item.seq as number,
      at: item.at as string,
      event: item.event as string,
      detail: item.detail as string,
      ...(item.data ? { data: item.data as Record<string, string> } : {}),
      prevHash: item.prevHash as string,
      hash: item.hash as string,
    }));
  }

  private events(pk: string) {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': pk, ':evt': keys.eventPrefix },
      ConsistentRead: true,
    });
  }

  /** Every item a query matches, following LastEvaluatedKey. */
  private async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async putAgreement(record: AgreementRecord) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.agreement(record.agreementId),
            typePk: partitions.agreements,
            typeSk: `${record.createdAt}#${record.agreementId}`,
            statusPk: partitions.agreementsIn(record.status),
            statusSk: `${record.createdAt}#${record.agreementId}`,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      `agreement ${record.agreementId} exists`,
    );
  }

  async recordDecision(decision: ReviewDecisionRecord) {
    try {
      await conditional(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...keys.reviewDecision(decision.onboardingId, decision.gate),
              ...decision,
              statusPk: UNDELIVERED_DECISIONS,
              statusSk: decision.at,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
        'decided before',
      );
      return undefined;
    } catch (error) {
      if (!isConflict(error)) throw error;
      return this.getDecision(decision.onboardingId, decision.gate);
    }
  }

  async getDecision(onboardingId: string, gate: Gate) {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.reviewDecision(onboardingId, gate),
        ConsistentRead: true,
      }),
    );
    return strip<ReviewDecisionRecord>(Item);
  }

  async handDecisionToTask(onboardingId: string, gate: Gate, taskToken: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.reviewDecision(onboardingId, gate),
        UpdateExpression: 'SET taskToken = :t, statusPk = :p, statusSk = #at REMOVE deliveredAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':t': taskToken, ':p': UNDELIVERED_DECISIONS },
      }),
    );
  }

  async markDecisionDelivered(onboardingId: string, gate: Gate, at: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.reviewDecision(onboardingId, gate),
        UpdateExpression: 'SET deliveredAt = :at REMOVE statusPk, statusSk',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async undeliveredDecisions() {
    const items = await this.queryAll({
      IndexName: TABLE.byStatus.indexName,
      KeyConditionExpression: 'statusPk = :p',
      ExpressionAttributeValues: { ':p': UNDELIVERED_DECISIONS },
    });
    return items.map((item) => strip<ReviewDecisionRecord>(item)!);
  }

  async getAgreement(id: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.agreement(id), ConsistentRead: true }),
    );
    return strip<AgreementRecord>(Item);
  }

  async updateAgreement(id: string, patch: Partial<AgreementRecord>, expectStatus: AgreementRecord['status'][]) {
    const full: Record<string, unknown> = { ...patch };
    const remove: string[] = [];
    if (patch.status) {
      full.statusPk = partitions.agreementsIn(patch.status);
      if (patch.status === 'ACTIVE') {
        if (!patch.expiresAt) throw new Error('activating an agreement needs its expiresAt');
        full.duePk = DUE_PARTITION;
        full.dueSk = `${patch.expiresAt}#${id}`;
      } else remove.push('duePk', 'dueSk'); // leaves the sparse expiry index
    }
    const { expression, names, values } = setExpression(full, remove);
    const condition = existsInStatus(expectStatus, names, values);
    const result = await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.agreement(id),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
      `agreement ${id} is not ${expectStatus.join(' or ')}`,
    );
    return strip<AgreementRecord>(result.Attributes)!;
  }

  async addSignature(id: string, signature: AgreementRecord['signatures'][number]) {
    // the signer id guard makes a replayed write a no-op instead of a second signature
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.agreement(id),
          UpdateExpression:
            'SET signatures = list_append(signatures, :sig), ' +
            'signedBy = list_append(if_not_exists(signedBy, :empty), :signer)',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(signedBy, :signerId)',
          ExpressionAttributeValues: {
            ':sig': [signature],
            ':signer': [signature.signerId],
            ':signerId': signature.signerId,
            ':empty': [],
          },
        }),
      ),
      `signer ${signature.signerId} has already signed agreement ${id}`,
    ).catch(ignoreConflict);
  }

  listAgreements(status: string | undefined, limit: number, nextToken?: string) {
    return this.list<AgreementRecord>('agreements', status, limit, nextToken);
  }

  async agreementsDueBy(until: string) {
    const items = await this.queryAll({
      IndexName: TABLE.byExpiry.indexName,
      KeyConditionExpression: 'duePk = :p AND dueSk <= :until',
      ExpressionAttributeValues: { ':p': DUE_PARTITION, ':until': `${until}#~` },
    });
    return items.map((item) => strip<AgreementRecord>(item)!);
  }

  async putActiveAgreement(partnerId: string, agreement: AgreementForAccess) {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.activeAgreement(partnerId), ...agreement } }),
    );
  }

  async getActiveAgreement(partnerId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.activeAgreement(partnerId) }),
    );
    return strip<AgreementForAccess>(Item);
  }

  async setActiveAgreementStatus(partnerId: string, agreementId: string, status: string) {
    // only touches the pointer while it still points at this agreement (a renewal may have replaced it)
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.activeAgreement(partnerId),
          UpdateExpression: 'SET #s = :s',
          ConditionExpression: 'agreementId = :a',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status, ':a': agreementId },
        }),
      ),
      'pointer moved',
    ).catch(ignoreConflict);
  }

  async claimPartnerKey(kind: string, value: string, partnerId: string, legalName: string) {
    try {
      await conditional(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.partnerKey(kind, value), partnerId, legalName },
            ConditionExpression: 'attribute_not_exists(pk) OR partnerId = :p',
            ExpressionAttributeValues: { ':p': partnerId },
          }),
        ),
        'claimed',
      );
      return undefined;
    } catch (error) {
      if (!isConflict(error)) throw error;
      return this.findPartnerKey(kind, value);
    }
  }

  async findPartnerKey(kind: string, value: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.partnerKey(kind, value) }),
    );
    return Item ? { partnerId: Item.partnerId as string, legalName: Item.legalName as string } : undefined;
  }

  async claimSignerSlot(agreementId: string, signerId: string, taskTokenHash: string) {
    // an update, not a put: the slot keeps pointing at its current link, which a retried step may reuse
    try {
      const { Attributes } = await conditional(
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.signerSlot(agreementId, signerId),
            UpdateExpression: 'SET taskTokenHash = :h',
            ConditionExpression: 'attribute_not_exists(pk) OR taskTokenHash <> :h',
            ExpressionAttributeValues: { ':h': taskTokenHash },
            ReturnValues: 'ALL_OLD',
          }),
        ),
        'slot taken',
      );
      return { claimed: true, linkTokenHash: Attributes?.tokenHash as string | undefined };
    } catch (error) {
      if (isConflict(error)) return { claimed: false };
      throw error;
    }
  }

  async handLinkToTask(tokenHash: string, taskToken: string) {
    // an answer already given is queued again for the redelivery job, now with the task that waits for it
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.link(tokenHash),
        UpdateExpression:
          'SET taskToken = :t, statusPk = if_not_exists(statusPk, :unresumed), ' +
          'statusSk = if_not_exists(statusSk, usedAt) REMOVE resumedAt',
        ConditionExpression: 'attribute_exists(pk) AND #s IN (:pending, :signed, :declined)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':t': taskToken,
          ':unresumed': partitions.unresumedLinks,
          ':pending': 'PENDING',
          ':signed': 'SIGNED',
          ':declined': 'DECLINED',
        },
      }),
    );
  }

  async markLinkEmailed(tokenHash: string, at: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.link(tokenHash),
        UpdateExpression: 'SET emailedAt = :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async signerSlots(agreementId: string) {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': keys.agreementPartition(agreementId), ':s': SIGNER_SLOT_PREFIX },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((i) => ({
      signerId: (i.sk as string).slice(SIGNER_SLOT_PREFIX.length),
      tokenHash: i.tokenHash as string | undefined,
    }));
  }

  async putLink(link: LinkRecord) {
    await conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.link(link.tokenHash),
            ...link,
            ...(link.status === 'PENDING'
              ? { statusPk: partitions.pendingLinks, statusSk: `${link.sentAt}#${link.tokenHash}` }
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      'link exists',
    );
    // the signer's slot points at the current link
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.signerSlot(link.agreementId, link.signerId),
        UpdateExpression: 'SET tokenHash = :h',
        ExpressionAttributeValues: { ':h': link.tokenHash },
      }),
    );
  }

  async getLink(tokenHash: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.link(tokenHash), ConsistentRead: true }),
    );
    return strip<LinkRecord>(Item);
  }

  async useLink(tokenHash: string, status: LinkRecord['status'], at: string, declineReason?: string) {
    // an answer (SIGNED / DECLINED) stays in the UNRESUMED index until it has reached the workflow
    const answered = status === 'SIGNED' || status === 'DECLINED';
    const result = await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: answered
            ? 'SET #s = :s, usedAt = :at, statusPk = :unresumed, statusSk = :at' +
              (declineReason ? ', declineReason = :reason' : '')
            : 'SET #s = :s, usedAt = :at REMOVE statusPk, statusSk',
          ConditionExpression: '#s = :pending AND expiresAt > :at',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': status,
            ':at': at,
            ':pending': 'PENDING',
            ...(answered ? { ':unresumed': partitions.unresumedLinks } : {}),
            ...(declineReason ? { ':reason': declineReason } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
      'this link has already been used, has expired or was withdrawn',
    );
    return strip<LinkRecord>(result.Attributes)!;
  }

  async markLinkViewed(tokenHash: string, at: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: 'SET firstViewedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(firstViewedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
      'viewed before',
    ).catch(ignoreConflict);
  }

  pendingLinks() {
    return this.linksIn(partitions.pendingLinks);
  }
  unresumedLinks() {
    return this.linksIn(partitions.unresumedLinks);
  }

  private async linksIn(partition: string) {
    const items = await this.queryAll({
      IndexName: TABLE.byStatus.indexName,
      KeyConditionExpression: 'statusPk = :p',
      ExpressionAttributeValues: { ':p': partition },
    });
    return items.map((item) => strip<LinkRecord>(item)!);
  }

  async markLinkResumed(tokenHash: string, at: string) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.link(tokenHash),
        UpdateExpression: 'SET resumedAt = :at REMOVE statusPk, statusSk',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async countFailure(scope: string, client: string, windowStart: string, expiresAtEpoch: number) {
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.rate(scope, client, windowStart),
        UpdateExpression: 'ADD attempts :one SET #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAtEpoch },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.attempts ?? 1);
  }

  async failures(scope: string, client: string, windowStart: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rate(scope, client, windowStart) }),
    );
    return Number(Item?.attempts ?? 0);
  }

  async recordReminder(tokenHash: string, remindersSent: number, at: string) {
    await conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.link(tokenHash),
          UpdateExpression: 'SET remindersSent = :n, lastReminderAt = :at',
          ConditionExpression: 'remindersSent = :prev AND #s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':n': remindersSent,
            ':prev': remindersSent - 1,
            ':at': at,
            ':pending': 'PENDING',
          },
        }),
      ),
      'reminder already recorded',
    );
  }

  async lastScreenedList() {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.lastScreenedList(), ConsistentRead: true }),
    );
    return Item?.sha256 as string | undefined;
  }

  async setLastScreenedList(sha256: string, at: string) {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.lastScreenedList(), sha256, at } }));
  }

  async putApiToken(tokenHash: string, role: Role, label: string) {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.apiToken(tokenHash), role, label } }),
    );
  }

  async getApiTokenRole(tokenHash: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiToken(tokenHash) }));
    return Item?.role as Role | undefined;
  }

  async reserveIdempotencyKey(scope: string, key: string, requestHash: string) {
    try {
      await conditional(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.idempotency(scope, key), requestHash },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
        'used',
      );
      return undefined;
    } catch (error) {
      if (!isConflict(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }),
      );
      return { requestHash: Item?.requestHash as string, response: Item?.response };
    }
  }

  async completeIdempotencyKey(scope: string, key: string, response: unknown) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET #r = :r',
        ExpressionAttributeNames: { '#r': 'response' },
        ExpressionAttributeValues: { ':r': response },
      }),
    );
  }

  private onboardingIndexKeys(record: OnboardingRecord) {
    const sortKey = `${record.createdAt}#${record.onboardingId}`;
    return {
      typePk: partitions.onboardings,
      typeSk: sortKey,
      statusPk: partitions.onboardingsIn(record.status),
      statusSk: sortKey,
    };
  }

  private async list<T>(
    type: 'onboardings' | 'agreements',
    status: string | undefined,
    limit: number,
    nextToken?: string,
  ): Promise<Page<T>> {
    const index = status ? TABLE.byStatus : TABLE.byType;
    const partition = !status
      ? partitions[type]
      : type === 'onboardings'
        ? partitions.onboardingsIn(status)
        : partitions.agreementsIn(status);
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: `${index.partitionKey} = :p`,
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeToken(nextToken, index, partition),
      }),
    );
    return { items: (page.Items ?? []).map((i) => strip<T>(i)!), nextToken: encodeToken(page.LastEvaluatedKey) };
  }
}
