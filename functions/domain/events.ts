// The events Liaison tells other systems about (webhooks and the EventBridge bus), which history lines raise them,
// and the rules of delivering them: the Standard Webhooks payload, the retry schedule and the targets allowed.
import { isIP } from 'node:net';
import { ONBOARDING_ENDINGS } from './statuses.js';

export const EVENT_TYPES = [
  'onboarding.started',
  'onboarding.ended',
  'agreement.activated',
  'agreement.expiring',
  'agreement.expired',
  'agreement.suspended',
  'agreement.reinstated',
  'agreement.revoked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The history line (functions/services/history.ts) → the events it raises, in the order they are delivered. The
 * line that records how an onboarding ended carries that outcome (a signer's DECLINED line does not: the
 * onboarding ends when the workflow records the outcome).
 */
export function eventTypesFor(historyEvent: string, outcome?: string): EventType[] {
  if (historyEvent === 'STARTED') return ['onboarding.started'];
  if (outcome && outcome === historyEvent && ONBOARDING_ENDINGS.includes(outcome))
    return outcome === 'ACTIVE' ? ['agreement.activated', 'onboarding.ended'] : ['onboarding.ended'];
  if (historyEvent === 'EXPIRY_WARNING') return ['agreement.expiring'];
  const agreementChange: Record<string, EventType> = {
    AGREEMENT_SUSPENDED: 'agreement.suspended',
    AGREEMENT_ACTIVE: 'agreement.reinstated',
    AGREEMENT_REVOKED: 'agreement.revoked',
    AGREEMENT_EXPIRED: 'agreement.expired',
  };
  return agreementChange[historyEvent] ? [agreementChange[historyEvent]] : [];
}

/** An event as every receiver gets it: the Standard Webhooks payload (`type`, `timestamp`, `data`) and its id. */
export interface LiaisonEvent {
  /** The webhook-id header and the EventBridge entry's id: the same on every retry, so receivers can dedupe. */
  id: string;
  type: EventType;
  timestamp: string;
  data: {
    onboardingId: string;
    partnerId: string;
    legalName: string;
    agreementId?: string;
    /** onboarding.ended: how it ended. */
    outcome?: string;
    /** What the history line says (who acted and why, or what happened). */
    detail: string;
  } & Record<string, string | number | undefined>;
}

/** Events of one onboarding (and its agreement) reach each receiver in the order they happened. */
export const orderingKey = (event: LiaisonEvent) => event.data.onboardingId;

/** The exact bytes signed and sent, the same on every attempt. */
export const payloadOf = (event: LiaisonEvent) =>
  JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });

/**
 * After the n-th failed attempt, the wait before the next (the Standard Webhooks reference schedule: 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h); after the last, the delivery has failed.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

export function nextAttemptAt(failedAttempts: number, at: Date): Date | undefined {
  const delay = RETRY_DELAYS_SECONDS[failedAttempts - 1];
  return delay === undefined ? undefined : new Date(at.getTime() + delay * 1000);
}

/** A receiver's answer counts as delivered only with a 2xx status. */
export const delivered = (status: number) => status >= 200 && status < 300;

/** How long a receiver has to answer one attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_WEBHOOKS = 50;

/**
 * Where deliveries may go. On AWS only public https endpoints: never this machine or a private network (a webhook
 * must not become a way to reach what only the functions can reach). Offline, the deploy setting allows receivers on
 * the machine.
 */
export function webhookUrlProblem(raw: string, allowPrivateTargets: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a #fragment';
  if (allowPrivateTargets) return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'must be http(s)';
  if (url.protocol !== 'https:') return 'must be an https URL';
  return privateHostProblem(url.hostname);
}

/** A host name or address that is this machine or a private, link-local or reserved network. */
export function privateHostProblem(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local'))
    return 'must not point at this machine or a private network';
  return isIP(host) && isPrivateAddress(host) ? 'must not point at this machine or a private network' : undefined;
}

export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  const mapped = v6.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return isPrivateAddress(mapped[1]);
  return (
    v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('ff') || v6 === '::ffff:0'
  );
}
