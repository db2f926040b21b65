// The access-decision log, as GET /api/access-decisions reads it: the records the platform delivered, filtered, a
// page at a time in the order they were kept.
import type { LoggedDecision } from '../domain/decision-log.js';

export interface DecisionQuery {
  from: Date;
  to: Date;
  partnerId?: string;
  decision?: LoggedDecision['decision'];
  requestingCountry?: string;
  dataCategory?: string;
  purpose?: string;
  limit: number;
  nextToken?: string;
}

export interface DecisionLog {
  query(query: DecisionQuery): Promise<{ items: LoggedDecision[]; nextToken?: string }>;
  /** Every matching decision in one pass (the transparency report reads a whole period). */
  scan(query: Omit<DecisionQuery, 'limit' | 'nextToken'>): AsyncIterable<LoggedDecision>;
}
