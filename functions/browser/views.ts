// What the console reads from the API and the local mailbox, typed from the code that writes it, so a change to a
// response shape fails the console's type check rather than a person's screen. Type-only: nothing of the server
// reaches the browser bundle.
import type { AuditEvent } from '../domain/audit-chain.js';
import type { LoggedDecision } from '../domain/decision-log.js';
import type { HistoryEvent } from '../domain/records.js';
import type { TransparencyReport } from '../domain/transparency.js';
import type { presentAgreement } from '../services/agreements.js';
import type { presentOnboarding } from '../services/presentation.js';
import type { MailMessage, MailSummary } from '../../local/services/ses.js';

export type { MailMessage, MailSummary };
export type OnboardingView = Awaited<ReturnType<typeof presentOnboarding>>;
export type AgreementView = ReturnType<typeof presentAgreement>;
export type HistoryLine = HistoryEvent | AuditEvent;
export type ReportView = TransparencyReport & { sha256: string };
export type DecisionView = Omit<LoggedDecision, 'callerSubject'>;
export interface Page<T> {
  items: T[];
  nextToken: string | null;
}
