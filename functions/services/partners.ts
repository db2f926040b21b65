// Partners that may be the company an officer is about to onboard: the same LEI or registration number as a partner
// that holds one, a near-identical name among partners in force, or an onboarding of the same company in progress.
// The vetting step reads the first two as duplicates; the console warns of all three before anything is sent.
import { activeAgreements } from '../adapters/dynamodb/active-agreements.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { partnerKeys } from '../adapters/dynamodb/partner-keys.js';
import type { Company } from '../domain/schemas.js';
import type { ListEntry } from '../domain/screening.js';
import { ScreeningIndex } from '../domain/screening-index.js';
import { ONBOARDING_ENDINGS, ONBOARDING_STATUSES } from '../domain/statuses.js';
import { type ExistingPartner, identifiersOf } from '../domain/vetting.js';
import { agreementsInForce } from './onboarding.js';
import { foldedName } from '../domain/names.js';

const NEAR_IDENTICAL = 0.95;
/** How many of the newest onboardings of each status in progress are compared. */
const IN_PROGRESS_COMPARED = 100;

export interface PartnerMatch extends ExistingPartner {
  /** Where to look: the agreement in force, or the onboarding in progress. */
  agreementId?: string;
  onboardingId?: string;
  status: string;
}

export type CompanyKeys = Partial<Pick<Company, 'legalName' | 'country' | 'lei' | 'registrationNumber'>>;

/** Partners in force whose legal name is near-identical to this one (a second partner, or a renewal?). */
export async function nearIdenticalPartners(legalName: string, exceptPartnerId?: string): Promise<PartnerMatch[]> {
  const partners = new Map<string, ListEntry & { agreementId: string }>();
  for await (const a of agreementsInForce()) {
    if (a.partnerId === exceptPartnerId) continue;
    const entry = { id: a.partnerId, schema: 'Company', name: a.legalName, aliases: [], countries: [] };
    partners.set(a.partnerId, { ...entry, identifiers: [], datasets: ['partners'], agreementId: a.agreementId });
  }
  const index = ScreeningIndex.fromEntries([...partners.values()], {
    sha256: '',
    rows: partners.size,
    source: 'partners',
  });
  return index
    .screen(legalName)
    .filter((hit) => hit.score >= NEAR_IDENTICAL)
    .map((hit) => ({
      partnerId: hit.entityId,
      legalName: hit.name,
      matchedOn: `near-identical name (${Math.round(hit.score * 100)}%)`,
      agreementId: partners.get(hit.entityId)?.agreementId,
      status: 'ACTIVE',
    }));
}

/** Partners holding one of this company's identifiers. */
export async function partnersWithIdentifiers(company: CompanyKeys, exceptPartnerId?: string) {
  const matches: PartnerMatch[] = [];
  for (const [kind, value] of identifiersOf(company)) {
    const holder = await partnerKeys.find(kind, value);
    if (!holder || holder.partnerId === exceptPartnerId) continue;
    const agreement = await activeAgreements.get(holder.partnerId);
    matches.push({
      ...holder,
      matchedOn: kind,
      agreementId: agreement?.agreementId,
      status: agreement?.status ?? 'PARTNER',
    });
  }
  return matches;
}

/** Onboardings still in progress for the same company: by LEI, registration number or name. */
async function onboardingsInProgress(company: CompanyKeys): Promise<PartnerMatch[]> {
  const matches: PartnerMatch[] = [];
  const name = company.legalName ? foldedName(company.legalName) : undefined;
  for (const status of ONBOARDING_STATUSES.filter((s) => !ONBOARDING_ENDINGS.includes(s))) {
    const page = await onboardings.list(status, IN_PROGRESS_COMPARED);
    for (const o of page.items) {
      const other = o.company;
      const matchedOn =
        company.lei && other.lei === company.lei
          ? 'LEI'
          : company.registrationNumber &&
              other.country === company.country &&
              other.registrationNumber === company.registrationNumber
            ? 'registration number'
            : name && foldedName(other.legalName) === name
              ? 'same name'
              : undefined;
      if (matchedOn)
        matches.push({
          partnerId: o.partnerId,
          legalName: other.legalName,
          matchedOn,
          onboardingId: o.onboardingId,
          status,
        });
    }
  }
  return matches;
}

export async function similarPartners(company: CompanyKeys): Promise<PartnerMatch[]> {
  const found = [
    ...(await partnersWithIdentifiers(company)),
    ...(company.legalName ? await nearIdenticalPartners(company.legalName) : []),
    ...(await onboardingsInProgress(company)),
  ];
  // one line per partner or onboarding: the first reason found
  const seen = new Set<string>();
  return found.filter((m) => {
    const key = m.onboardingId ?? m.partnerId;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
