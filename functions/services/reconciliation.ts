// Daily: onboardings the workflow left behind. An execution that ended without recording how it ended (a Catch
// that failed too, a StopExecution by hand, the execution's own timeout) would leave its onboarding in progress
// for good; this records it as FAILED, tells the officer, and withdraws its links.
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { workflow } from '../adapters/step-functions-workflow.js';
import type { OnboardingRecord } from '../domain/records.js';
import { executionName } from './onboarding.js';
import { recordOutcome } from './outcomes.js';

const IN_PROGRESS: OnboardingRecord['status'][] = ['VETTING', 'IN_REVIEW', 'AWAITING_SIGNATURES'];
/** An onboarding changed this recently may be between an execution ending and its last step's write. */
const QUIET_FOR_MS = 60 * 60_000;

export async function reconcileExecutions(asOf: Date) {
  const ended: { onboardingId: string; execution: string }[] = [];
  for (const status of IN_PROGRESS) {
    let nextToken: string | undefined;
    do {
      const page = await onboardings.list(status, 100, nextToken);
      for (const onboarding of page.items) {
        if (asOf.getTime() - Date.parse(onboarding.updatedAt) < QUIET_FOR_MS) continue;
        const name = executionName(onboarding.onboardingId, onboarding.signingRestarts);
        const execution = await workflow.describe(name);
        if (execution?.status === 'RUNNING') continue;
        const how = execution
          ? `ended ${execution.status}${execution.error ? ` (${execution.error}: ${execution.cause ?? ''})` : ''}`
          : 'does not exist';
        await recordOutcome(
          onboarding.onboardingId,
          'FAILED',
          `its workflow ${name} ${how} without recording an outcome`,
        );
        ended.push({ onboardingId: onboarding.onboardingId, execution: execution?.status ?? 'MISSING' });
      }
      nextToken = page.nextToken ?? undefined;
    } while (nextToken);
  }
  return ended;
}
