// The store ports, one per entity: every read and write Liaison makes, as single-item conditional operations (no
// transactions, so the same code runs on DynamoDB, DynamoDB Local and dynalite). A service asks only for the ports
// it uses, so its rules are unit-tested against the in-memory fakes in test/support/memory-store.ts; the contract
// suite (test/support/store-contract.ts) holds the fakes and the DynamoDB adapters to the same behaviour.
//
// Conditional writes that find the record changed throw a Conflict LiaisonError; reads of a missing record answer
// undefined, and the services turn that into NotFound where a person asked for it.
import type { AgreementForAccess } from '../domain/access.js';
import type { PartnerNames } from '../domain/vetting.js';
import type { AuditEvent } from '../domain/audit-chain.js';
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
} from '../domain/records.js';

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

export interface OnboardingStore {
  create(record: OnboardingRecord): Promise<void>;
  get(id: string): Promise<OnboardingRecord | undefined>;
  /** Sets each field given (a field given as undefined is removed), when the status is one of `expectStatus`. */
  update(
    id: string,
    patch: Partial<OnboardingRecord>,
    expectStatus?: OnboardingRecord['status'][],
  ): Promise<OnboardingRecord>;
  /** Newest first; a `nextToken` this store did not issue is a ValidationError naming it. */
  list(status: string | undefined, limit: number, nextToken?: string): Promise<Page<OnboardingRecord>>;
}

/** What happened to an onboarding, in order, for the officer's timeline. */
export interface HistoryStore {
  add(onboardingId: string, event: HistoryEvent): Promise<void>;
  list(onboardingId: string): Promise<HistoryEvent[]>;
}

export type AuditEntry = { at: string; event: string; detail: string; data?: Record<string, string> };

/** An agreement's hash-chained audit trail; appends from concurrent writers are serialised. */
export interface AuditTrailStore {
  append(agreementId: string, entry: AuditEntry): Promise<AuditEvent>;
  list(agreementId: string): Promise<AuditEvent[]>;
}

/**
 * An approver's gate decision, kept before the workflow is told: one per gate, so the conditional write settles a
 * race between approvers.
 */
export interface DecisionStore {
  /** Returns the decision recorded earlier, if there is one, and writes nothing then. */
  record(decision: ReviewDecisionRecord): Promise<ReviewDecisionRecord | undefined>;
  get(onboardingId: string, gate: Gate): Promise<ReviewDecisionRecord | undefined>;
  /** Points a decision at the review task now waiting (a retried step) and queues it for redelivery. */
  handToTask(onboardingId: string, gate: Gate, taskToken: string): Promise<void>;
  markDelivered(onboardingId: string, gate: Gate, at: string): Promise<void>;
  /** Decisions the workflow has not taken yet, oldest first. */
  undelivered(): Promise<ReviewDecisionRecord[]>;
}

export interface AgreementStore {
  create(record: AgreementRecord): Promise<void>;
  get(id: string): Promise<AgreementRecord | undefined>;
  /**
   * Sets each field given (a field given as undefined is left as it is) when the status is one of `expectStatus`;
   * going ACTIVE needs `expiresAt` (the expiry sweep finds it by that).
   */
  update(
    id: string,
    patch: Partial<AgreementRecord>,
    expectStatus: AgreementRecord['status'][],
  ): Promise<AgreementRecord>;
  /** Once per signer: a replayed signature is a no-op. */
  /**
   * Adds a signature once per signer; the last one also fixes the agreement's term (`term`, kept if already set).
   */
  addSignature(
    id: string,
    signature: SignatureRecord,
    term?: { effectiveAt: string; expiresAt: string },
  ): Promise<void>;
  list(status: string | undefined, limit: number, nextToken?: string): Promise<Page<AgreementRecord>>;
  /** ACTIVE agreements expiring by `until`, soonest first. */
  dueBy(until: string): Promise<AgreementRecord[]>;
}

/** The partner's active agreement: the one item an access check reads. */
/** A partner's pointer as re-screening lists it: `mark` orders pointers by when they were written. */
/** A partner as the pointers' listing holds it: its names (re-screening reads the pointer itself for a hit). */
export interface ListedPartner {
  partnerId: string;
  names?: PartnerNames;
  mark: string;
}

export interface ActiveAgreementStore {
  /** Points the partner at its agreement; `at` orders it among the pointers re-screening lists. */
  put(partnerId: string, agreement: AgreementForAccess, names: PartnerNames, at: string): Promise<void>;
  get(partnerId: string): Promise<(AgreementForAccess & { names?: PartnerNames }) | undefined>;
  /** Changes the status while the pointer still points at this agreement (a renewal may have replaced it). */
  setStatus(partnerId: string, agreementId: string, status: string): Promise<void>;
  /** Pointers written after `mark` (all when undefined), oldest first. */
  listAfter(mark: string | undefined, limit: number, nextToken?: string): Promise<Page<ListedPartner>>;
}

export type PartnerClaim = { partnerId: string; legalName: string };

/** A partner's identifiers (LEI, registration number, name), each claimed by one partner: how duplicates are found. */
export interface PartnerKeyStore {
  /** Claims the key for this partner; returns the other partner that holds it, if one does. */
  claim(kind: string, value: string, partnerId: string, legalName: string): Promise<PartnerClaim | undefined>;
  find(kind: string, value: string): Promise<PartnerClaim | undefined>;
}

/** Signing and review links (kept by their token's hash) and each signer's slot pointing at their current link. */
export interface LinkStore {
  /**
   * Claims a signer's slot for a task token. Not claimed when this very token holds it (the same invocation twice);
   * otherwise returns the slot's current link, which a retried step takes over instead of sending a second one. A
   * slot that has no link yet points at `nextLinkHash` from now on, the link the caller creates next.
   */
  claimSignerSlot(
    agreementId: string,
    signerId: string,
    taskTokenHash: string,
    nextLinkHash: string,
  ): Promise<{ claimed: boolean; linkTokenHash?: string }>;
  /** The signers' current links (for resend and the officer's view). */
  signerSlots(agreementId: string): Promise<{ signerId: string; tokenHash?: string }[]>;
  /**
   * Creates the link and points its signer's slot at it, unless the slot was claimed for it (a slot claimed without a
   * link points at `nextLinkHash` already: no second write).
   */
  create(link: LinkRecord, options?: { slotClaimed?: boolean }): Promise<void>;
  get(tokenHash: string): Promise<LinkRecord | undefined>;
  /** Points a link at the task now waiting for it; an answer already given is queued for redelivery to that task. */
  handToTask(tokenHash: string, taskToken: string): Promise<void>;
  markEmailed(tokenHash: string, at: string): Promise<void>;
  /** PENDING → status, once and before it expires: the conditional write that makes a link single-use. */
  use(tokenHash: string, status: LinkRecord['status'], at: string, declineReason?: string): Promise<LinkRecord>;
  /** Records the first view only. */
  markViewed(tokenHash: string, at: string): Promise<void>;
  /** Links still waiting for their signer (for reminders). */
  pending(): Promise<LinkRecord[]>;
  /** Answers recorded but not yet taken by the workflow (SendTaskSuccess/Failure failed). */
  unresumed(): Promise<LinkRecord[]>;
  markResumed(tokenHash: string, at: string): Promise<void>;
  /** Counts the n-th reminder once: a conflict when it was recorded already or the link is no longer pending. */
  recordReminder(tokenHash: string, remindersSent: number, at: string): Promise<void>;
}

/** Failed attempts per client in fixed windows (the guessing throttle); the records expire by themselves. */
export interface FailedAttemptStore {
  /** Counts one and returns the window's count so far. */
  record(scope: string, client: string, windowStart: string, expiresAtEpoch: number): Promise<number>;
  count(scope: string, client: string, windowStart: string): Promise<number>;
}

/** A request kept under its Idempotency-Key: what it was, whose reservation, and its response once it has one. */
export interface IdempotencyRecord {
  fingerprint: string;
  reservation: string;
  reservedAt: string;
  response?: unknown;
}

export interface IdempotencyReservation {
  fingerprint: string;
  /** Unique per attempt: completing or releasing needs it. */
  reservation: string;
  reservedAt: string;
  /** A reservation older than this without a response belonged to a request that died: it may be taken over. */
  staleBefore: string;
  expiresAtEpoch: number;
}

export interface IdempotencyStore {
  /**
   * Reserves a key for a request. A key is free when unused, released, or stale; otherwise nothing is written and
   * the record there is returned.
   */
  reserve(scope: string, key: string, request: IdempotencyReservation): Promise<IdempotencyRecord | undefined>;
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Keeps the response, while the reservation is still this one. */
  complete(scope: string, key: string, reservation: string, response: unknown): Promise<void>;
  /** Gives up a reservation whose request failed, so a retry runs afresh. */
  release(scope: string, key: string, reservation: string): Promise<void>;
}

/** The list version active partners were last screened against. */
/** Where re-screening stands: the list version and matching rules partners were last screened against in full. */
export interface ScreeningState {
  list?: string;
  rules?: string;
  at?: string;
  /** A full pass under way, over several runs: what it screens against, and the last pointer it finished. */
  pass?: { list: string; rules: string; after?: string; partners: number; startedAt: string };
}

export interface ScreeningStateStore {
  get(): Promise<ScreeningState>;
  /**
   * Takes the right to re-screen until `until` (ISO time), unless another owner holds it past `now`: one run at a
   * time, whichever job or route starts it. False when another holds it.
   */
  lease(owner: string, until: string, now: string): Promise<boolean>;
  /** Keeps the state; this gives up the lease too. */
  set(state: ScreeningState): Promise<void>;
}

/** The webhooks, all in one record: publishing an event reads them with one GetItem. */
export interface WebhookStore {
  /** A Conflict when there are `max` already. */
  add(webhook: WebhookRecord, max: number): Promise<void>;
  list(): Promise<WebhookRecord[]>;
  /** Returns whether there was one. */
  remove(id: string): Promise<boolean>;
}

/** A stream of one webhook's deliveries: what goes out in order, one sender at a time. */
export type DeliveryStream = { webhookId: string; stream: string };

export interface DeliveryStore {
  /** Keeps a delivery due now; a second create of the same event for the same webhook is a no-op. */
  create(delivery: DeliveryRecord): Promise<void>;
  /** The stream's deliveries still to send, in order. */
  pending(stream: DeliveryStream): Promise<DeliveryRecord[]>;
  /** Streams with a delivery due by `asOf` (for the sweep), soonest first. */
  due(asOf: string, limit: number): Promise<DeliveryStream[]>;
  /** Adds an attempt and the outcome: PENDING again with `nextAttemptAt`, or DELIVERED or FAILED. */
  recordAttempt(
    delivery: DeliveryRecord,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryRecord['status']; nextAttemptAt?: string },
  ): Promise<void>;
  /** One webhook's deliveries, newest first. */
  list(webhookId: string, limit: number, nextToken?: string): Promise<Page<DeliveryRecord>>;
  /** Takes the stream for a sender until `until`, unless another sender holds it; returns whether it did. */
  lease(stream: DeliveryStream, holder: string, until: string, now: string): Promise<boolean>;
  release(stream: DeliveryStream, holder: string): Promise<void>;
}

/** Every store port, by the name services ask for it. */
export interface Stores {
  onboardings: OnboardingStore;
  history: HistoryStore;
  auditTrail: AuditTrailStore;
  decisions: DecisionStore;
  agreements: AgreementStore;
  activeAgreements: ActiveAgreementStore;
  partnerKeys: PartnerKeyStore;
  links: LinkStore;
  failedAttempts: FailedAttemptStore;
  idempotency: IdempotencyStore;
  screeningState: ScreeningStateStore;
  webhooks: WebhookStore;
  deliveries: DeliveryStore;
}
