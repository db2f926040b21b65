// Telling the parties to an agreement: the company's signatories and the organisation's people, each group its own
// copy (the organisation's copy may carry a link into the console, which the company cannot open).
import { deps } from '../adapters/dependencies.js';
import { settings } from '../adapters/config.js';
import type { OutgoingMail } from '../ports/mailer.js';
import { partiesOf } from './emails.js';

export async function tellParties(onboardingId: string, build: (to: string[], ours: boolean) => OutgoingMail) {
  const { onboardings, mailer } = deps();
  const onboarding = await onboardings.get(onboardingId);
  const { theirs, ours } = onboarding
    ? partiesOf(onboarding, settings().officerEmail)
    : { theirs: [], ours: [settings().officerEmail] };
  if (theirs.length) await mailer.send(build(theirs, false));
  await mailer.send(build(ours, true));
}
