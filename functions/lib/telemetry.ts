// Logs and metrics, through Powertools: JSON log records (the function's log format is JSON too, so CloudWatch
// keeps them as structured records) and CloudWatch metrics in the embedded metric format, namespace Liaison.
// Service name and namespace come from the function's environment (POWERTOOLS_SERVICE_NAME, _METRICS_NAMESPACE).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'liaison' });
export const metrics = new Metrics({
  namespace: 'Liaison',
  serviceName: 'liaison',
  // most invocations count nothing: that is not worth a warning line each time
  logger: {
    trace: (...args) => logger.trace(...(args as [string])),
    debug: (...args) => logger.debug(...(args as [string])),
    info: (...args) => logger.info(...(args as [string])),
    error: (...args) => logger.error(...(args as [string])),
    warn: (message, ...rest) =>
      String(message).startsWith('No application metrics')
        ? logger.debug(String(message))
        : logger.warn(String(message), ...(rest as [])),
  },
});

/** Counts one event of a business metric, optionally under one dimension (its own EMF record). */
export function count(
  name:
    | 'OnboardingsStarted'
    | 'OnboardingsActivated'
    | 'OnboardingsFailed'
    | 'WebhookDeliveries'
    | 'WebhookDeliveriesFailed',
): void;
export function count(name: 'AccessDecisions', dimension: { decision: string }): void;
export function count(name: string, dimension?: Record<string, string>) {
  if (!dimension) {
    metrics.addMetric(name, MetricUnit.Count, 1);
    return;
  }
  const single = metrics.singleMetric();
  for (const [key, value] of Object.entries(dimension)) single.addDimension(key, value);
  single.addMetric(name, MetricUnit.Count, 1);
}

/** How old the screening list vetting uses is: an alarm can say when nobody refreshed it. */
export function screeningListAge(hours: number) {
  metrics.addMetric('ScreeningListAgeHours', MetricUnit.NoUnit, Math.round(hours * 10) / 10);
}
