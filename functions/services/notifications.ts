// Telling the parties to an agreement: the company's signatories and the organisation's people, each group its own
// copy (the organisation's copy may carry a link into the console, which the company cannot open).
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { mailer } from '../adapters/ses-mailer.js';
import { settings } from '../adapters/config.js';
import type { OutgoingMail } from '../ports/mailer.js';
import { partiesOf } from './emails.js';

/** The two groups told about an agreement: the company's signatories, and the organisation's people. */
async function partiesOfOnboarding(onboardingId: string) {
  const onboarding = await onboardings.get(onboardingId);
  return onboarding
    ? partiesOf(onboarding, settings().officerEmail)
    : { theirs: [] as string[], ours: [settings().officerEmail] };
}

export async function tellParties(onboardingId: string, build: (to: string[], ours: boolean) => OutgoingMail) {
  const { theirs, ours } = await partiesOfOnboarding(onboardingId);
  if (theirs.length) await mailer.send(build(theirs, false));
  await mailer.send(build(ours, true));
}

/** Tells the company now; returns the organisation's people, who hear of it in the day's digest instead. */
export async function tellCompany(onboardingId: string, build: (to: string[]) => OutgoingMail) {
  const { theirs, ours } = await partiesOfOnboarding(onboardingId);
  if (theirs.length) await mailer.send(build(theirs));
  return ours;
}
