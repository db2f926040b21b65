// The store port: every read and write Liaison makes, as single-item conditional operations
// (no transactions, so the same code runs on DynamoDB, DynamoDB Local and dynalite).
import type {
  AgreementRecord,
  Gate,
  HistoryEvent,
  LinkRecord,
  OnboardingRecord,
  ReviewDecisionRecord,
} from '../domain/records.js';
import type { AgreementForAccess } from '../domain/access.js';
import type { Role } from '../domain/schemas.js';
import type { AuditEvent } from '../domain/audit-chain.js';

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

export interface Store {
  createOnboarding(record: OnboardingRecord): Promise<void>;
  getOnboarding(id: string): Promise<OnboardingRecord | undefined>;
  updateOnboarding(
    id: string,
    patch: Partial<OnboardingRecord>,
    expectStatus?: OnboardingRecord['status'][],
  ): Promise<OnboardingRecord>;
  listOnboardings(status: string | undefined, limit: number, nextToken?: string): Promise<Page<OnboardingRecord>>;
  addHistory(onboardingId: string, event: HistoryEvent): Promise<void>;
  history(onboardingId: string): Promise<HistoryEvent[]>;
  /** Appends to the agreement's hash-chained audit trail (serialised by conditional writes). */
  appendAudit(
    agreementId: string,
    entry: { at: string; event: string; detail: string; data?: Record<string, string> },
  ): Promise<AuditEvent>;
  auditTrail(agreementId: string): Promise<AuditEvent[]>;

  /**
   * Keeps a gate decision before the workflow is told (one per gate: the conditional write settles a race between
   * approvers). Returns the decision recorded earlier, if there is one, and writes nothing then.
   */
  recordDecision(decision: ReviewDecisionRecord): Promise<ReviewDecisionRecord | undefined>;
  getDecision(onboardingId: string, gate: Gate): Promise<ReviewDecisionRecord | undefined>;
  /** Points a decision at the review task now waiting (a retried step) and queues it for redelivery. */
  handDecisionToTask(onboardingId: string, gate: Gate, taskToken: string): Promise<void>;
  markDecisionDelivered(onboardingId: string, gate: Gate, at: string): Promise<void>;
  undeliveredDecisions(): Promise<ReviewDecisionRecord[]>;

  putAgreement(record: AgreementRecord): Promise<void>;
  getAgreement(id: string): Promise<AgreementRecord | undefined>;
  updateAgreement(
    id: string,
    patch: Partial<AgreementRecord>,
    expectStatus: AgreementRecord['status'][],
  ): Promise<AgreementRecord>;
  addSignature(id: string, signature: AgreementRecord['signatures'][number]): Promise<void>;
  listAgreements(status: string | undefined, limit: number, nextToken?: string): Promise<Page<AgreementRecord>>;
  agreementsDueBy(until: string): Promise<AgreementRecord[]>;

  putActiveAgreement(partnerId: string, agreement: AgreementForAccess): Promise<void>;
  getActiveAgreement(partnerId: string): Promise<AgreementForAccess | undefined>;
  setActiveAgreementStatus(partnerId: string, agreementId: string, status: string): Promise<void>;

  claimPartnerKey(
    kind: string,
    value: string,
    partnerId: string,
    legalName: string,
  ): Promise<{ partnerId: string; legalName: string } | undefined>;
  findPartnerKey(kind: string, value: string): Promise<{ partnerId: string; legalName: string } | undefined>;

  /**
   * Claims a signer's slot for a task token. Not claimed when this very token holds it (the same invocation twice);
   * otherwise returns the slot's current link, which a retried step takes over instead of sending a second one.
   */
  claimSignerSlot(
    agreementId: string,
    signerId: string,
    taskTokenHash: string,
  ): Promise<{ claimed: boolean; linkTokenHash?: string }>;
  /** Points a link at the task now waiting for it; an answer already given is queued for redelivery to that task. */
  handLinkToTask(tokenHash: string, taskToken: string): Promise<void>;
  markLinkEmailed(tokenHash: string, at: string): Promise<void>;
  /** The signer's current link (for resend and the officer's view). */
  signerSlots(agreementId: string): Promise<{ signerId: string; tokenHash?: string }[]>;
  putLink(link: LinkRecord): Promise<void>;
  getLink(tokenHash: string): Promise<LinkRecord | undefined>;
  /** PENDING → status, once: the conditional write that makes a link single-use. */
  useLink(tokenHash: string, status: LinkRecord['status'], at: string, declineReason?: string): Promise<LinkRecord>;
  markLinkViewed(tokenHash: string, at: string): Promise<void>;
  pendingLinks(): Promise<LinkRecord[]>;
  /** Used links whose answer has not yet reached the workflow (SendTaskSuccess/Failure failed). */
  unresumedLinks(): Promise<LinkRecord[]>;
  markLinkResumed(tokenHash: string, at: string): Promise<void>;
  /** Counts a failed attempt in a fixed window and returns the count so far. */
  countFailure(scope: string, client: string, windowStart: string, expiresAtEpoch: number): Promise<number>;
  failures(scope: string, client: string, windowStart: string): Promise<number>;
  recordReminder(tokenHash: string, remindersSent: number, at: string): Promise<void>;

  /** The list version active partners were last screened against. */
  lastScreenedList(): Promise<string | undefined>;
  setLastScreenedList(sha256: string, at: string): Promise<void>;

  putApiToken(tokenHash: string, role: Role, label: string): Promise<void>;
  getApiTokenRole(tokenHash: string): Promise<Role | undefined>;

  /** Reserves an idempotency key; returns the earlier record when the key was used before. */
  reserveIdempotencyKey(
    scope: string,
    key: string,
    requestHash: string,
  ): Promise<{ requestHash: string; response?: unknown } | undefined>;
  completeIdempotencyKey(scope: string, key: string, response: unknown): Promise<void>;
}
