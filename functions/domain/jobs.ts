// The scheduled jobs, by the name their schedule passes to the jobs function.
/** Daily: expiry warnings and expiry, reminders, re-screening, answers and executions to reconcile. */
export const DAILY_JOB = 'daily';
/** Every few minutes: answers (signatures, review decisions) recorded but not yet received by the workflow. */
export const REDELIVERY_JOB = 'redeliver';
export const JOBS = [DAILY_JOB, REDELIVERY_JOB] as const;
/** Every minute, to the events function: webhook deliveries due (retries, and events whose wake-up was lost). */
export const SEND_DUE_DELIVERIES = 'send-due';
/** The events function's timeout; a run stops starting attempts well before it. */
export const DELIVERY_RUN_SECONDS = 60;
