// The shape of every workflow step: a middy handler that validates its payload, logs, and calls a
// service. Errors that may pass (throttling, 5xx, network) leave as Liaison.TransientError, which
// the state machine retries with backoff; anything else fails the step for the workflow's Catch.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type * as z from 'zod/mini';
import { logger, metrics } from './telemetry.js';
import { TRANSIENT_ERROR } from '../domain/workflow-errors.js';

const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|ProvisionedThroughputExceeded|SlowDown|LimitExceeded/;
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'TimeoutError']);

/** Whether an error from an AWS SDK call (or the network under it) may succeed when tried again. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e?.$retryable) return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  return THROTTLING.test(e?.name ?? '') || NETWORK.has(e?.code ?? '') || NETWORK.has(e?.name ?? '');
}

export function step<S extends z.ZodMiniType, R>(name: string, schema: S, run: (input: z.infer<S>) => Promise<R>) {
  return middy(async (event: unknown) => {
    logger.appendKeys({ step: name, onboardingId: (event as { onboardingId?: string })?.onboardingId });
    const parsed = schema.safeParse(event);
    // a malformed payload is a definition bug, not a transient fault: fail loudly with the fields named
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`${name}: invalid payload: ${fields}`);
    }
    const started = Date.now();
    try {
      const result = await run(parsed.data);
      logger.info('step done', { ms: Date.now() - started });
      return result ?? {};
    } catch (error) {
      if (!isTransient(error)) {
        logger.error('step failed', { error: error as Error });
        throw error;
      }
      logger.warn('step failed; the workflow retries it', { error: error as Error });
      const transient = new Error(`${name}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
      transient.name = TRANSIENT_ERROR;
      throw transient;
    }
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
