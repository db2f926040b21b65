// Starting onboardings, recording their outcomes, and presenting them to the API.
import { now } from '../adapters/dependencies.js';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { workflow } from '../adapters/step-functions-workflow.js';
import { settings } from '../adapters/config.js';
import type { OnboardingRecord, OnboardingStatus } from '../domain/records.js';
import { foldedName } from '../domain/names.js';
import { ONBOARDING_STATUSES } from '../domain/statuses.js';
import type { StartOnboardingRequest } from '../domain/schemas.js';
import { DAY_MS } from '../domain/time.js';
import type { Actor } from '../domain/identity.js';
import { newId } from '../domain/ids.js';
import { announce, historyLine } from './history.js';
import { searchPages } from './search.js';
import { count } from '../lib/telemetry.js';
import { notFound } from '../domain/errors.js';

/** What the state machine is started with: ids and settings only, the records stay in the table. */
export interface ExecutionInput {
  onboardingId: string;
  signing: { maxConcurrency: number; timeoutSeconds: number };
}

/** How the workflow collects signatures: in routing order (one at a time) or all at once, each link for `days`. */
export function signingSettings(order: OnboardingRecord['signingOrder'], days: number): ExecutionInput['signing'] {
  return { maxConcurrency: order === 'sequential' ? 1 : 0, timeoutSeconds: Math.round((days * DAY_MS) / 1000) };
}

export async function loadOnboarding(onboardingId: string): Promise<OnboardingRecord> {
  const onboarding = await onboardings.get(onboardingId);
  if (!onboarding) throw notFound(`onboarding ${onboardingId}`);
  return onboarding;
}

/** Every ACTIVE agreement, page by page. */
export async function* agreementsInForce() {
  let nextToken: string | undefined;
  do {
    const page = await agreements.list('ACTIVE', 100, nextToken);
    yield* page.items;
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
}

export async function startOnboarding(
  request: StartOnboardingRequest,
  by: Actor,
  options: { partnerId?: string; renewsAgreementId?: string; reason?: string } = {},
) {
  const at = now().toISOString();
  const onboarding: OnboardingRecord = {
    onboardingId: newId('onboarding'),
    partnerId: options.partnerId ?? newId('partner'),
    status: 'VETTING',
    company: request.company,
    scope: request.scope,
    signatories: request.signatories,
    countersignatory: request.countersignatory ?? settings().countersignatory,
    termMonths: request.termMonths,
    templateId: request.templateId,
    signingOrder: request.signingOrder,
    signingLinkDays: request.signingLinkDays,
    createdAt: at,
    updatedAt: at,
    createdBy: by.label,
    createdBySubject: by.subject,
    renewsAgreementId: options.renewsAgreementId,
  };
  const why = options.reason ? `: ${options.reason}` : '';
  const renews = options.renewsAgreementId ? `renews ${options.renewsAgreementId}${why}` : '';
  const started = historyLine(
    'STARTED',
    `onboarding of ${request.company.legalName} started by ${by.label}${renews ? ` (${renews})` : ''}`,
  );
  await onboardings.create({ ...onboarding, lines: [started] });
  await announce(onboarding.onboardingId, started);
  const input: ExecutionInput = {
    onboardingId: onboarding.onboardingId,
    signing: signingSettings(request.signingOrder, request.signingLinkDays),
  };
  await workflow.start(executionName(onboarding.onboardingId), input);
  count('OnboardingsStarted');
  const response = {
    onboardingId: onboarding.onboardingId,
    partnerId: onboarding.partnerId,
    status: onboarding.status,
  };
  return response;
}

/** The name of an onboarding's current execution: its id, then one per signing restart. */
export const executionName = (onboardingId: string, signingRestarts = 0) =>
  signingRestarts ? `${onboardingId}-restart-${signingRestarts}` : onboardingId;

/** Onboardings newest first, of one status or all, optionally those whose company's name contains a text. */
export async function findOnboardings(q: {
  status?: OnboardingStatus;
  company?: string;
  limit: number;
  nextToken?: string;
}) {
  if (!q.company) return onboardings.list(q.status, q.limit, q.nextToken);
  const wanted = foldedName(q.company);
  return searchPages(
    (limit, nextToken) => onboardings.list(q.status, limit, nextToken),
    (o) => foldedName(o.company.legalName).includes(wanted),
    q.limit,
    q.nextToken,
  );
}

/** How many onboardings are in each status, all of them. */
export async function countOnboardings(): Promise<Record<OnboardingStatus, number>> {
  const counts = Object.fromEntries(ONBOARDING_STATUSES.map((s) => [s, 0])) as Record<OnboardingStatus, number>;
  for (const status of ONBOARDING_STATUSES) {
    let nextToken: string | undefined;
    do {
      const page = await onboardings.list(status, 100, nextToken);
      counts[status] += page.items.length;
      nextToken = page.nextToken ?? undefined;
    } while (nextToken);
  }
  return counts;
}
