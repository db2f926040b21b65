// When the screening list changes, every active partner is screened again; a new hit suspends its
// agreement (access checks then deny) until an officer reviews it, and the officer is told.
import { deps } from '../adapters/dependencies.js';
import { settings } from '../adapters/config.js';
import { screeningIndex } from '../adapters/screening-source.js';
import { changeAgreementStatus } from './agreements.js';
import { emails } from './emails.js';
import { activeAgreements } from './onboarding.js';
import { isConflict } from '../domain/errors.js';

export interface RescreenResult {
  list: string;
  skipped: boolean;
  partners: number;
  suspended: { agreementId: string; partnerId: string; findings: string[] }[];
}

export async function rescreenActivePartners(): Promise<RescreenResult> {
  const { screeningState, onboardings, mailer, now } = deps();
  const index = await screeningIndex();
  const version = index.version.sha256;
  // nothing to learn from the bundled sample list: re-screen once a real list is uploaded
  if (index.version.provisional) return { list: version, skipped: true, partners: 0, suspended: [] };
  if ((await screeningState.lastList()) === version)
    return { list: version, skipped: true, partners: 0, suspended: [] };
  const result: RescreenResult = { list: version, skipped: false, partners: 0, suspended: [] };
  for await (const agreement of activeAgreements()) {
    result.partners++;
    const onboarding = await onboardings.get(agreement.onboardingId);
    if (!onboarding) continue;
    const names: [string, string][] = [
      ['company', onboarding.company.legalName],
      ...onboarding.company.people.map((p) => [p.role, p.name] as [string, string]),
    ];
    const findings = names.flatMap(([who, name]) =>
      index.screen(name).map((hit) => `${who} "${name}" ~ ${hit.name} [${hit.entityId}]: ${hit.explanation}`),
    );
    if (onboarding.company.lei && index.findIdentifier(onboarding.company.lei))
      findings.push(`LEI ${onboarding.company.lei} is now listed`);
    if (findings.length === 0) continue;
    try {
      await changeAgreementStatus(
        agreement.agreementId,
        'suspend',
        `re-screening against list ${version.slice(0, 12)} (${index.version.rows} entries) ` +
          `found: ${findings.join('; ')}`,
        'system:rescreening',
      );
    } catch (error) {
      if (isConflict(error)) continue; // revoked or suspended meanwhile
      throw error;
    }
    await mailer.send(
      emails.suspended({
        to: [settings().officerEmail],
        legalName: agreement.legalName,
        agreementId: agreement.agreementId,
        findings,
      }),
    );
    result.suspended.push({ agreementId: agreement.agreementId, partnerId: agreement.partnerId, findings });
  }
  await screeningState.setLastList(version, now().toISOString());
  return result;
}
