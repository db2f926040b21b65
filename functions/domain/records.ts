// What Liaison keeps: the records behind the API shapes.
import type { EventType } from './events.js';
import type { Company, GATES, Scope, Signer } from './schemas.js';
import type { VettingReport } from './vetting.js';

export type OnboardingStatus =
  | 'VETTING'
  | 'IN_REVIEW'
  | 'REJECTED'
  | 'AWAITING_SIGNATURES'
  | 'DECLINED'
  | 'SIGNATURE_EXPIRED'
  | 'ACTIVE'
  | 'FAILED'
  | 'WITHDRAWN';
export type AgreementStatus =
  | 'PENDING_SIGNATURES'
  | 'ACTIVE'
  | 'EXPIRED'
  | 'REVOKED'
  | 'SUSPENDED'
  | 'SUPERSEDED'
  | 'DECLINED'
  | 'WITHDRAWN';
export type Gate = (typeof GATES)[number];
export interface GateDecision {
  decision: 'approve' | 'reject';
  reason: string;
  /** Who decided, by name and email. */
  by: string;
  /** Their token's subject, kept for audit. */
  bySubject?: string;
  at: string;
}

/** An approver's decision at a gate, kept until the workflow has taken it (redelivered if passing it on failed). */
export interface ReviewDecisionRecord extends GateDecision {
  onboardingId: string;
  gate: Gate;
  /** The task token of the review step that waits for it: server-side only. */
  taskToken: string;
  deliveredAt?: string;
}

export interface OnboardingRecord {
  onboardingId: string;
  partnerId: string;
  status: OnboardingStatus;
  company: Company;
  scope: Scope;
  signatories: Signer[];
  countersignatory: Signer;
  termMonths: number;
  templateId: string;
  signingOrder: 'sequential' | 'parallel';
  signingLinkDays: number;
  createdAt: string;
  updatedAt: string;
  /** Who started it, by name and email, and their token's subject (separation of duties compares subjects). */
  createdBy: string;
  createdBySubject?: string;
  renewsAgreementId?: string;
  /** History lines written with the record itself (its start, its vetting): one write for both, never one alone. */
  lines?: HistoryEvent[];
  vetting?: VettingReport;
  agreementId?: string;
  pendingGate?: Gate;
  /** Step Functions task token of the pending review: server-side only, never presented. */
  reviewTaskToken?: string;
  /** The vetting review, when vetting asked for one. */
  review?: GateDecision;
  /** The data-protection approval, for scopes with personal data. */
  dataProtection?: GateDecision;
  outcomeReason?: string;
  /** When the outcome was written to the record and history (a retried step does not write it twice). */
  outcomeRecordedAt?: string;
  /** When everyone was told of the outcome: the outcome step is complete. */
  outcomeNotifiedAt?: string;
  /** Signing rounds started after the first (restarts after expiry). */
  signingRestarts?: number;
}

export interface SignatureRecord {
  signerId: string;
  name: string;
  email: string;
  title: string;
  role: 'company' | 'countersignatory';
  typedName: string;
  sentAt: string;
  firstViewedAt?: string;
  signedAt: string;
  documentSha256: string;
  ip: string;
  userAgent: string;
}

export interface AgreementRecord {
  agreementId: string;
  onboardingId: string;
  partnerId: string;
  status: AgreementStatus;
  scope: Scope;
  termMonths: number;
  templateId: string;
  templateVersion: string;
  templateSha256: string;
  documentSha256: string;
  documentKey: string;
  pdfKey?: string;
  /** When the executed copies were emailed: activation sends them once, before the agreement goes ACTIVE. */
  executedCopiesSentAt?: string;
  signatures: SignatureRecord[];
  createdAt: string;
  effectiveAt?: string;
  expiresAt?: string;
  expiryFlaggedDays?: number;
  /** While ACTIVE: when the daily job next has something to do (a warning not yet sent, or the expiry). */
  expiryNextActionAt?: string;
  statusReason?: string;
  renewsAgreementId?: string;
  legalName: string;
  /** Scopes with personal data: the approver's data-protection approval, before any signature request. */
  dataProtectionApproval?: GateDecision;
}

/** A signing or review link; the plain token is never stored, only its hash (the key). */
export interface LinkRecord {
  tokenHash: string;
  kind: 'signature';
  status: 'PENDING' | 'SIGNED' | 'DECLINED' | 'VOID';
  onboardingId: string;
  agreementId: string;
  signerId: string;
  signer: Signer;
  role: 'company' | 'countersignatory';
  taskToken: string;
  documentSha256: string;
  legalName: string;
  sentAt: string;
  /** When the link's email went out; a link never emailed is replaced, not reused, by a retried step. */
  emailedAt?: string;
  expiresAt: string;
  remindersSent: number;
  lastReminderAt?: string;
  firstViewedAt?: string;
  usedAt?: string;
  declineReason?: string;
  resumedAt?: string;
}

/** A receiver of events (POST /api/webhooks): its signing secret is shown once, when it is created. */
export interface WebhookRecord {
  id: string;
  url: string;
  events: EventType[];
  /** Standard Webhooks secret, whsec_<base64>. */
  secret: string;
  description?: string;
  createdAt: string;
  createdBy: string;
}

export interface DeliveryAttempt {
  at: string;
  durationMs: number;
  /** The receiver's HTTP status, when it answered. */
  responseStatus?: number;
  /** Why the attempt failed without an answer (refused, timed out, not allowed). */
  error?: string;
}

/** One event on its way to one webhook: kept before the first attempt, so nothing is lost across a restart. */
export interface DeliveryRecord {
  webhookId: string;
  eventId: string;
  type: EventType;
  /** The ordering key: deliveries with the same one go out in `order`. */
  stream: string;
  /** Sorts the stream's deliveries in the order the events happened. */
  order: string;
  /** The signed body, byte for byte the same on every attempt. */
  payload: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';
  attempts: DeliveryAttempt[];
  nextAttemptAt?: string;
  createdAt: string;
}

export interface HistoryEvent {
  at: string;
  event: string;
  detail: string;
}
