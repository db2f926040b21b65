// In-memory fakes of the store ports, for unit tests of service rules. They keep the behaviour the services rely on
// (conditional writes that fail as Conflict, single-use links, one decision per gate, the sweep's due list), and the
// contract suite (store-contract.ts) runs the same cases against them and the DynamoDB adapters.
import { nextEvent, type AuditEvent } from '../../functions/domain/audit-chain.js';
import { conflict, invalid } from '../../functions/domain/errors.js';
import type { AgreementForAccess } from '../../functions/domain/access.js';
import type { PartnerNames } from '../../functions/domain/vetting.js';
import type {
  AgreementRecord,
  DeliveryAttempt,
  DeliveryRecord,
  Gate,
  HistoryEvent,
  LinkRecord,
  OnboardingRecord,
  ReviewDecisionRecord,
  SignatureRecord,
  WebhookRecord,
} from '../../functions/domain/records.js';
import type {
  ActiveAgreementStore,
  AgreementStore,
  AuditEntry,
  AuditTrailStore,
  DecisionStore,
  DeliveryStore,
  DeliveryStream,
  FailedAttemptStore,
  HistoryStore,
  IdempotencyRecord,
  IdempotencyReservation,
  IdempotencyStore,
  LinkStore,
  ListedPartner,
  OnboardingStore,
  Page,
  PartnerClaim,
  PartnerKeyStore,
  ScreeningState,
  ScreeningStateStore,
  Stores,
  WebhookStore,
} from '../../functions/ports/store.js';

// records leave and enter the fake as copies, as they would through a database
const copy = <T>(value: T): T => structuredClone(value);

/** Applies a patch as the adapters do: fields given as undefined are removed, or left as they are. */
function patched<T extends object>(record: T, patch: Partial<T>, undefinedFields: 'remove' | 'keep'): T {
  const next = { ...record } as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined) next[field] = copy(value);
    else if (undefinedFields === 'remove') delete next[field];
  }
  return next as T;
}

/** Newest first by creation, paged by an opaque token that must be one this fake issued. */
function page<T extends { createdAt: string }>(
  records: T[],
  idOf: (record: T) => string,
  limit: number,
  nextToken: string | undefined,
): Page<T> {
  const sortKey = (r: T) => `${r.createdAt}#${idOf(r)}`;
  const sorted = [...records].sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
  let start = 0;
  if (nextToken) {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    start = sorted.findIndex((r) => sortKey(r) === after) + 1;
    if (start === 0)
      throw invalid('nextToken is not a token this API issued', [
        { path: 'nextToken', message: 'is not a token this API issued: start again without it' },
      ]);
  }
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return {
    items: items.map(copy),
    nextToken: more ? Buffer.from(sortKey(items[items.length - 1])).toString('base64url') : null,
  };
}

function inStatus(status: string, expect: readonly string[] | undefined) {
  return !expect?.length || expect.includes(status);
}

export class MemoryOnboardings implements OnboardingStore {
  readonly records = new Map<string, OnboardingRecord>();
  async create(record: OnboardingRecord) {
    if (this.records.has(record.onboardingId)) throw conflict(`onboarding ${record.onboardingId} exists`);
    this.records.set(record.onboardingId, copy(record));
  }
  async get(id: string) {
    const record = this.records.get(id);
    return record && copy(record);
  }
  async update(id: string, patch: Partial<OnboardingRecord>, expectStatus?: OnboardingRecord['status'][]) {
    const record = this.records.get(id);
    if (!record || !inStatus(record.status, expectStatus))
      throw conflict(`onboarding ${id} is not in status ${expectStatus?.join(' or ') ?? '(any)'}`);
    const next = patched(record, patch, 'remove');
    this.records.set(id, next);
    return copy(next);
  }
  async list(status: string | undefined, limit: number, nextToken?: string) {
    const records = [...this.records.values()].filter((r) => !status || r.status === status);
    return page(records, (r) => r.onboardingId, limit, nextToken);
  }
}

export class MemoryHistory implements HistoryStore {
  readonly events = new Map<string, HistoryEvent[]>();
  async add(onboardingId: string, event: HistoryEvent) {
    const events = this.events.get(onboardingId) ?? [];
    events.push(copy(event));
    this.events.set(onboardingId, events);
  }
  async list(onboardingId: string) {
    return [...(this.events.get(onboardingId) ?? [])].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}

export class MemoryAuditTrail implements AuditTrailStore {
  readonly chains = new Map<string, AuditEvent[]>();
  async append(agreementId: string, entry: AuditEntry) {
    const chain = this.chains.get(agreementId) ?? [];
    const event = nextEvent(chain.at(-1), entry);
    chain.push(event);
    this.chains.set(agreementId, chain);
    return copy(event);
  }
  async list(agreementId: string) {
    return copy(this.chains.get(agreementId) ?? []);
  }
}

export class MemoryDecisions implements DecisionStore {
  readonly decisions = new Map<string, ReviewDecisionRecord & { undelivered: boolean }>();
  private key = (onboardingId: string, gate: Gate) => `${onboardingId}#${gate}`;
  async record(decision: ReviewDecisionRecord) {
    const earlier = await this.get(decision.onboardingId, decision.gate);
    if (earlier) return earlier;
    this.decisions.set(this.key(decision.onboardingId, decision.gate), { ...copy(decision), undelivered: true });
    return undefined;
  }
  async get(onboardingId: string, gate: Gate) {
    const found = this.decisions.get(this.key(onboardingId, gate));
    if (!found) return undefined;
    const { undelivered: _, ...decision } = found;
    return copy(decision);
  }
  private existing(onboardingId: string, gate: Gate) {
    const found = this.decisions.get(this.key(onboardingId, gate));
    if (!found) throw conflict(`no ${gate} decision on ${onboardingId}`);
    return found;
  }
  async handToTask(onboardingId: string, gate: Gate, taskToken: string) {
    const found = this.existing(onboardingId, gate);
    Object.assign(found, { taskToken, undelivered: true });
    delete found.deliveredAt;
  }
  async markDelivered(onboardingId: string, gate: Gate, at: string) {
    Object.assign(this.existing(onboardingId, gate), { deliveredAt: at, undelivered: false });
  }
  async undelivered() {
    const pending = [...this.decisions.values()].filter((d) => d.undelivered).sort((a, b) => (a.at < b.at ? -1 : 1));
    return pending.map(({ undelivered: _, ...decision }) => copy(decision));
  }
}

export class MemoryAgreements implements AgreementStore {
  readonly records = new Map<string, AgreementRecord>();
  async create(record: AgreementRecord) {
    if (this.records.has(record.agreementId)) throw conflict(`agreement ${record.agreementId} exists`);
    this.records.set(record.agreementId, copy(record));
  }
  async get(id: string) {
    const record = this.records.get(id);
    return record && copy(record);
  }
  async update(id: string, patch: Partial<AgreementRecord>, expectStatus: AgreementRecord['status'][]) {
    if (patch.status === 'ACTIVE' && !patch.expiryNextActionAt)
      throw new Error('activating an agreement needs the time of its next expiry action');
    const record = this.records.get(id);
    if (!record || !inStatus(record.status, expectStatus))
      throw conflict(`agreement ${id} is not ${expectStatus.join(' or ')}`);
    const next = patched(record, patch, 'keep');
    this.records.set(id, next);
    return copy(next);
  }
  async addSignature(id: string, signature: SignatureRecord, term?: { effectiveAt: string; expiresAt: string }) {
    const record = this.records.get(id);
    if (!record) throw conflict(`agreement ${id} not found`);
    if (record.signatures.some((s) => s.signerId === signature.signerId)) return;
    record.signatures.push(copy(signature));
    record.effectiveAt ??= term?.effectiveAt;
    record.expiresAt ??= term?.expiresAt;
  }
  async list(status: string | undefined, limit: number, nextToken?: string) {
    const records = [...this.records.values()].filter((r) => !status || r.status === status);
    return page(records, (r) => r.agreementId, limit, nextToken);
  }
  async dueBy(until: string) {
    return [...this.records.values()]
      .filter((r) => r.status === 'ACTIVE' && r.expiryNextActionAt && r.expiryNextActionAt <= until)
      .sort((a, b) =>
        `${a.expiryNextActionAt}#${a.agreementId}` < `${b.expiryNextActionAt}#${b.agreementId}` ? -1 : 1,
      )
      .map(copy);
  }
}

type Pointer = AgreementForAccess & { names?: PartnerNames; mark?: string };

export class MemoryActiveAgreements implements ActiveAgreementStore {
  readonly pointers = new Map<string, Pointer>();
  async put(partnerId: string, agreement: AgreementForAccess, names: PartnerNames, at: string) {
    this.pointers.set(partnerId, copy({ ...agreement, names, mark: `${at}#${partnerId}` }));
  }
  async listAfter(mark: string | undefined, limit: number, nextToken?: string) {
    const listed = [...this.pointers.entries()]
      .filter(([, p]) => p.mark && (!mark || p.mark > mark))
      .sort(([, a], [, b]) => ((a.mark as string) < (b.mark as string) ? -1 : 1))
      .map(([partnerId, p]): ListedPartner => {
        const { names } = copy(p);
        return { partnerId, names, mark: p.mark as string };
      });
    const start = nextToken ? Number(nextToken) : 0;
    const end = start + limit;
    return { items: listed.slice(start, end), nextToken: end < listed.length ? String(end) : null };
  }
  async get(partnerId: string) {
    const pointer = this.pointers.get(partnerId);
    if (!pointer) return undefined;
    const { mark: _listedBy, ...kept } = copy(pointer);
    return kept;
  }
  async setStatus(partnerId: string, agreementId: string, status: string) {
    const pointer = this.pointers.get(partnerId);
    if (pointer?.agreementId === agreementId) pointer.status = status as AgreementForAccess['status'];
  }
}

export class MemoryPartnerKeys implements PartnerKeyStore {
  readonly claims = new Map<string, PartnerClaim>();
  async claim(kind: string, value: string, partnerId: string, legalName: string) {
    const holder = this.claims.get(`${kind}#${value}`);
    if (holder && holder.partnerId !== partnerId) return copy(holder);
    this.claims.set(`${kind}#${value}`, { partnerId, legalName });
    return undefined;
  }
  async find(kind: string, value: string) {
    const holder = this.claims.get(`${kind}#${value}`);
    return holder && copy(holder);
  }
}

type StoredLink = LinkRecord & { queue?: 'pending' | 'unresumed' };

export class MemoryLinks implements LinkStore {
  readonly links = new Map<string, StoredLink>();
  readonly slots = new Map<string, { taskTokenHash?: string; tokenHash?: string }>();
  private slotKey = (agreementId: string, signerId: string) => `${agreementId}#${signerId}`;
  private existing(tokenHash: string) {
    const link = this.links.get(tokenHash);
    if (!link) throw conflict('no such link');
    return link;
  }
  private out = ({ queue: _, ...link }: StoredLink): LinkRecord => copy(link);

  async claimSignerSlot(agreementId: string, signerId: string, taskTokenHash: string, nextLinkHash: string) {
    const slot = this.slots.get(this.slotKey(agreementId, signerId)) ?? {};
    if (slot.taskTokenHash === taskTokenHash) return { claimed: false };
    this.slots.set(this.slotKey(agreementId, signerId), {
      ...slot,
      taskTokenHash,
      tokenHash: slot.tokenHash ?? nextLinkHash,
    });
    return { claimed: true, linkTokenHash: slot.tokenHash };
  }
  async signerSlots(agreementId: string) {
    return [...this.slots.entries()]
      .filter(([key]) => key.startsWith(`${agreementId}#`))
      .map(([key, slot]) => ({ signerId: key.slice(agreementId.length + 1), tokenHash: slot.tokenHash }))
      .sort((a, b) => (a.signerId < b.signerId ? -1 : 1));
  }
  async create(link: LinkRecord, { slotClaimed = false } = {}) {
    if (this.links.has(link.tokenHash)) throw conflict('link exists');
    this.links.set(link.tokenHash, { ...copy(link), queue: link.status === 'PENDING' ? 'pending' : undefined });
    if (slotClaimed) return;
    const key = this.slotKey(link.agreementId, link.signerId);
    this.slots.set(key, { ...this.slots.get(key), tokenHash: link.tokenHash });
  }
  async get(tokenHash: string) {
    const link = this.links.get(tokenHash);
    return link && this.out(link);
  }
  async handToTask(tokenHash: string, taskToken: string) {
    const link = this.existing(tokenHash);
    if (link.status === 'VOID') throw conflict('the link was withdrawn');
    link.taskToken = taskToken;
    link.queue ??= 'unresumed';
    delete link.resumedAt;
  }
  async markEmailed(tokenHash: string, at: string) {
    this.existing(tokenHash).emailedAt = at;
  }
  async use(tokenHash: string, status: LinkRecord['status'], at: string, declineReason?: string) {
    const link = this.links.get(tokenHash);
    if (link?.status !== 'PENDING' || link.expiresAt <= at)
      throw conflict('this link has already been used, has expired or was withdrawn');
    const answered = status === 'SIGNED' || status === 'DECLINED';
    Object.assign(link, { status, usedAt: at, queue: answered ? 'unresumed' : undefined });
    if (answered && declineReason) link.declineReason = declineReason;
    return this.out(link);
  }
  async markViewed(tokenHash: string, at: string) {
    const link = this.links.get(tokenHash);
    if (link && !link.firstViewedAt) link.firstViewedAt = at;
  }
  async pending() {
    return this.queued('pending', (l) => `${l.sentAt}#${l.tokenHash}`);
  }
  async unresumed() {
    return this.queued('unresumed', (l) => l.usedAt ?? '');
  }
  private queued(queue: StoredLink['queue'], order: (link: StoredLink) => string) {
    return [...this.links.values()]
      .filter((l) => l.queue === queue)
      .sort((a, b) => (order(a) < order(b) ? -1 : 1))
      .map(this.out);
  }
  async markResumed(tokenHash: string, at: string) {
    Object.assign(this.existing(tokenHash), { resumedAt: at, queue: undefined });
  }
  async recordReminder(tokenHash: string, remindersSent: number, at: string) {
    const link = this.links.get(tokenHash);
    if (!link || link.remindersSent !== remindersSent - 1 || link.status !== 'PENDING')
      throw conflict('reminder already recorded');
    Object.assign(link, { remindersSent, lastReminderAt: at });
  }
}

export class MemoryFailedAttempts implements FailedAttemptStore {
  readonly counts = new Map<string, number>();
  async record(scope: string, client: string, windowStart: string) {
    const key = `${scope}#${client}#${windowStart}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return this.counts.get(key)!;
  }
  async count(scope: string, client: string, windowStart: string) {
    return this.counts.get(`${scope}#${client}#${windowStart}`) ?? 0;
  }
}

export class MemoryIdempotency implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord & { released?: boolean }>();
  async reserve(scope: string, key: string, request: IdempotencyReservation) {
    const there = this.records.get(`${scope}#${key}`);
    const free = !there || there.released || (there.response === undefined && there.reservedAt < request.staleBefore);
    if (!free) return this.get(scope, key);
    const { fingerprint, reservation, reservedAt } = request;
    this.records.set(`${scope}#${key}`, { fingerprint, reservation, reservedAt });
    return undefined;
  }
  async get(scope: string, key: string) {
    const record = this.records.get(`${scope}#${key}`);
    if (!record || record.released) return undefined;
    const { released: _, ...kept } = record;
    return copy(kept);
  }
  async complete(scope: string, key: string, reservation: string, response: unknown) {
    const record = this.records.get(`${scope}#${key}`);
    if (record?.reservation !== reservation || record.released) throw conflict('the reservation was taken over');
    record.response = copy(response);
  }
  async release(scope: string, key: string, reservation: string) {
    const record = this.records.get(`${scope}#${key}`);
    if (record?.reservation === reservation && record.response === undefined) record.released = true;
  }
}

export class MemoryScreeningState implements ScreeningStateStore {
  state: ScreeningState = {};
  held?: { owner: string; until: string };
  async get() {
    return copy(this.state);
  }
  async lease(owner: string, until: string, now: string) {
    if (this.held && this.held.until >= now && this.held.owner !== owner) return false;
    this.held = { owner, until };
    return true;
  }
  async set(state: ScreeningState) {
    this.state = copy(state);
    this.held = undefined;
  }
}

export class MemoryWebhooks implements WebhookStore {
  readonly hooks = new Map<string, WebhookRecord>();
  async add(webhook: WebhookRecord, max: number) {
    if (this.hooks.size >= max) throw conflict(`there are ${max} webhooks already; remove one first`);
    if (this.hooks.has(webhook.id)) throw conflict(`webhook ${webhook.id} exists`);
    this.hooks.set(webhook.id, copy(webhook));
  }
  async list() {
    return [...this.hooks.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(copy);
  }
  async remove(id: string) {
    return this.hooks.delete(id);
  }
}

export class MemoryDeliveries implements DeliveryStore {
  readonly records = new Map<string, DeliveryRecord>();
  readonly leases = new Map<string, { holder: string; until: string }>();
  private readonly key = (d: { webhookId: string; stream: string }, order = '') =>
    `${d.webhookId}#${d.stream}#${order}`;
  async create(delivery: DeliveryRecord) {
    const key = this.key(delivery, delivery.order);
    if (!this.records.has(key)) this.records.set(key, copy(delivery));
  }
  async pending(stream: DeliveryStream) {
    return [...this.records.entries()]
      .filter(([key, d]) => key.startsWith(this.key(stream)) && d.status === 'PENDING')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, d]) => copy(d));
  }
  async due(asOf: string, limit: number) {
    const due = [...this.records.values()]
      .filter((d) => d.status === 'PENDING' && (d.nextAttemptAt ?? d.createdAt) <= asOf)
      .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? ''))
      .slice(0, limit);
    const streams = new Map(due.map((d) => [this.key(d), { webhookId: d.webhookId, stream: d.stream }]));
    return [...streams.values()];
  }
  async recordAttempt(
    delivery: DeliveryRecord,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryRecord['status']; nextAttemptAt?: string },
  ) {
    const record = this.records.get(this.key(delivery, delivery.order));
    if (record?.status !== 'PENDING') throw conflict(`delivery of ${delivery.eventId} is no longer pending`);
    record.attempts.push(copy(attempt));
    record.status = outcome.status;
    if (outcome.status === 'PENDING') record.nextAttemptAt = outcome.nextAttemptAt;
    else delete record.nextAttemptAt;
  }
  async list(webhookId: string, limit: number, nextToken?: string) {
    const mine = [...this.records.values()].filter((d) => d.webhookId === webhookId);
    return page(mine, (d) => d.eventId, limit, nextToken);
  }
  async lease(stream: DeliveryStream, holder: string, until: string, now: string) {
    const held = this.leases.get(this.key(stream));
    if (held && held.until >= now && held.holder !== holder) return false;
    this.leases.set(this.key(stream), { holder, until });
    return true;
  }
  async release(stream: DeliveryStream, holder: string) {
    if (this.leases.get(this.key(stream))?.holder === holder) this.leases.delete(this.key(stream));
  }
}

/** A fresh set of every store port (typed as the fakes, so tests can look inside). */
export function memoryStores() {
  return {
    onboardings: new MemoryOnboardings(),
    history: new MemoryHistory(),
    auditTrail: new MemoryAuditTrail(),
    decisions: new MemoryDecisions(),
    agreements: new MemoryAgreements(),
    activeAgreements: new MemoryActiveAgreements(),
    partnerKeys: new MemoryPartnerKeys(),
    links: new MemoryLinks(),
    failedAttempts: new MemoryFailedAttempts(),
    idempotency: new MemoryIdempotency(),
    screeningState: new MemoryScreeningState(),
    webhooks: new MemoryWebhooks(),
    deliveries: new MemoryDeliveries(),
  } satisfies Stores;
}
