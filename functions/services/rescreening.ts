// Partners are screened again whenever the screening list changes; a new hit suspends the agreement (access checks
// then deny) until an officer reviews it, and the officer is told.
// - When the index-list function listed what changed since the version partners were last screened against, only
//   those entries are compared, with an index of the partners' names (kept in S3, brought up to date from the
//   pointers written since); each partner they may match is then screened in full. The cost follows the change.
// - Otherwise (the first list, more changes than are listed, new matching rules) every partner is screened against
//   the whole list: a full pass in runs of at most RUN_BUDGET_MS, which the five-minute job continues until done.
import { randomUUID } from 'node:crypto';
import { settings } from '../adapters/config.js';
import { now } from '../adapters/dependencies.js';
import { activeAgreements } from '../adapters/dynamodb/active-agreements.js';
import { screeningState } from '../adapters/dynamodb/screening-state.js';
import { mailer } from '../adapters/ses-mailer.js';
import {
  listChanges,
  publishedIndex,
  readPartnerIndex,
  screeningIndexOf,
  writePartnerIndex,
} from '../adapters/screening-source.js';
import { isConflict } from '../domain/errors.js';
import { type ListEntry, MATCHING_RULES } from '../domain/screening.js';
import { ScreeningIndex } from '../domain/screening-index.js';
import { type PartnerNames, identifierFindings, nameFindings } from '../domain/vetting.js';
import type { ListedPartner, ScreeningState } from '../ports/store.js';
import { logger } from '../lib/telemetry.js';
import { changeAgreementStatus } from './agreements.js';
import { emails } from './emails.js';

/** How long one run of a full pass may screen before it stops and leaves the rest to the next run. */
export const RUN_BUDGET_MS = 20_000;
/** How long past its budget a run's lease lasts: a run that died lets the next one in after that. */
const LEASE_MARGIN_MS = 60_000;
/** Partners written since the stored index of their names past which that index is rebuilt with them. */
const PARTNER_INDEX_REBUILD = 1_000;
const PAGE = 100;

export interface RescreenResult {
  list: string;
  skipped: boolean;
  /** Compared with the list's changes only, or a full pass (over several runs when it is long). */
  mode?: 'changes' | 'full';
  /** The list entries compared with the partners (changes), or the partners screened in full this run. */
  compared: number;
  partners: number;
  /** False while a full pass has partners left for the next run. */
  done: boolean;
  /** Another run was re-screening: this one did nothing. */
  busy?: boolean;
  suspended: { agreementId: string; partnerId: string; findings: string[] }[];
}

const skipped = (list: string): RescreenResult => ({
  list,
  skipped: true,
  compared: 0,
  partners: 0,
  done: true,
  suspended: [],
});

/** Screens partners again if the list or the matching rules changed since they last were; see the file's head. */
export async function rescreenPartners(deadline = Date.now() + RUN_BUDGET_MS): Promise<RescreenResult> {
  const { bucket, key } = settings().sanctionsList;
  // the version published now (what current.json names): the list itself is opened only when a partner is screened
  const published = await publishedIndex(bucket, key);
  // no list indexed yet: re-screen once one is
  if (!published) return skipped('');
  const list = published.version.sha256;
  const upToDate = (s: ScreeningState) => s.list === list && s.rules === MATCHING_RULES && !s.pass;
  if (upToDate(await screeningState.get())) return skipped(list);
  // one run at a time (the daily job, the five-minute job, the API's sweep route): a page is never screened twice
  const owner = randomUUID();
  const until = new Date(deadline + LEASE_MARGIN_MS).toISOString();
  if (!(await screeningState.lease(owner, until, now().toISOString()))) return { ...skipped(list), busy: true };
  const state = await screeningState.get();
  if (upToDate(state)) {
    await screeningState.set(state); // another run finished meanwhile: give the lease back
    return skipped(list);
  }
  const changes =
    !state.pass && state.rules === MATCHING_RULES && published.previous === state.list
      ? await listChanges(bucket, published)
      : undefined;
  const listIndex = () => screeningIndexOf(list);
  if (changes) {
    const result = await compareChanges(list, listIndex, changes);
    await screeningState.set({ list, rules: MATCHING_RULES, at: now().toISOString() });
    return result;
  }
  return fullPass(await listIndex(), state, deadline);
}

/** Continues a full pass under way (the five-minute job), if there is one. */
export async function continueRescreening(deadline = Date.now() + RUN_BUDGET_MS): Promise<RescreenResult | undefined> {
  const state = await screeningState.get();
  return state.pass ? rescreenPartners(deadline) : undefined;
}

async function compareChanges(
  list: string,
  listIndex: () => Promise<ScreeningIndex>,
  changes: ListEntry[],
): Promise<RescreenResult> {
  const result: RescreenResult = {
    list,
    skipped: false,
    mode: 'changes',
    compared: changes.length,
    partners: 0,
    done: true,
    suspended: [],
  };
  if (changes.length === 0) return result;
  const partners = await partnerIndexes();
  const candidates = new Set<string>();
  for (const entry of changes) {
    for (const partnerIndex of partners) {
      for (const name of [entry.name, ...entry.aliases])
        for (const hit of partnerIndex.screen(name)) candidates.add(hit.entityId);
      for (const identifier of entry.identifiers) {
        const partner = partnerIndex.findIdentifier(identifier);
        if (partner) candidates.add(partner.id);
      }
    }
  }
  for (const partnerId of candidates) {
    const pointer = await activeAgreements.get(partnerId);
    if (pointer?.status !== 'ACTIVE' || !pointer.names) continue;
    result.partners++;
    await screenPartner(await listIndex(), { partnerId, names: pointer.names }, result, pointer);
  }
  return result;
}

/** The partners' names, as an index: the stored one, and one of the partners written since it. */
async function partnerIndexes(): Promise<ScreeningIndex[]> {
  const { bucket, key } = settings().sanctionsList;
  const stored = await readPartnerIndex(bucket, key);
  const since = await pointersAfter(stored?.through || undefined);
  const version = (rows: number) => ({ sha256: '', rows, source: 'partners' });
  if (stored && since.length < PARTNER_INDEX_REBUILD) {
    return [stored.index, ScreeningIndex.fromEntries(since.flatMap(partnerEntry), version(since.length))];
  }
  const entries = new Map((stored?.index.entries() ?? []).map((e) => [e.id, e]));
  for (const pointer of since) for (const entry of partnerEntry(pointer)) entries.set(entry.id, entry);
  const rebuilt = ScreeningIndex.fromEntries([...entries.values()], version(entries.size));
  const through = since.at(-1)?.mark ?? stored?.through ?? '';
  await writePartnerIndex(bucket, key, rebuilt, through);
  logger.info('partner names index rebuilt', { partners: entries.size, through });
  return [rebuilt];
}

async function pointersAfter(mark: string | undefined): Promise<ListedPartner[]> {
  const pointers: ListedPartner[] = [];
  let nextToken: string | undefined;
  do {
    const page = await activeAgreements.listAfter(mark, 1_000, nextToken);
    pointers.push(...page.items);
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
  return pointers;
}

const partnerEntry = (pointer: ListedPartner): ListEntry[] =>
  pointer.names
    ? [
        {
          id: pointer.partnerId,
          schema: 'Company',
          name: pointer.names.legalName,
          aliases: pointer.names.people.map((p) => p.name),
          countries: [],
          identifiers: [pointer.names.lei, pointer.names.registrationNumber].filter((v): v is string => !!v),
          datasets: ['partners'],
        },
      ]
    : [];

async function fullPass(index: ScreeningIndex, state: ScreeningState, deadline: number): Promise<RescreenResult> {
  const list = index.version.sha256;
  const pass =
    state.pass?.list === list && state.pass.rules === MATCHING_RULES
      ? state.pass
      : { list, rules: MATCHING_RULES, partners: 0, startedAt: now().toISOString() };
  const result: RescreenResult = {
    list,
    skipped: false,
    mode: 'full',
    compared: 0,
    partners: 0,
    done: false,
    suspended: [],
  };
  // a page at least per run, so a pass always moves on
  do {
    const page = await activeAgreements.listAfter(pass.after, PAGE);
    for (const listed of page.items) {
      // the listing holds names only: a partner whose agreement ended is screened too, and left alone on a hit
      if (listed.names) {
        await screenPartner(index, { partnerId: listed.partnerId, names: listed.names }, result);
        result.partners++;
      }
      pass.after = listed.mark;
    }
    pass.partners += page.items.length;
    result.done = !page.nextToken;
  } while (!result.done && Date.now() < deadline);
  result.compared = result.partners;
  await screeningState.set(
    result.done
      ? { list, rules: MATCHING_RULES, at: now().toISOString() }
      : { list: state.list, rules: state.rules, at: state.at, pass },
  );
  if (!result.done) logger.info('re-screening continues in the next run', { partners: pass.partners });
  return result;
}

/**
 * Screens one partner against the whole list; a hit suspends the agreement its pointer names, if that agreement is in
 * force, and tells the officer.
 */
async function screenPartner(
  index: ScreeningIndex,
  partner: { partnerId: string; names: PartnerNames },
  result: RescreenResult,
  pointer?: { agreementId: string; status: string },
) {
  const findings = [...nameFindings(partner.names, index), ...identifierFindings(partner.names, index)];
  if (findings.length === 0) return;
  const { partnerId } = partner;
  const current = pointer ?? (await activeAgreements.get(partnerId));
  if (current?.status !== 'ACTIVE') return;
  const { agreementId } = current;
  try {
    await changeAgreementStatus(
      agreementId,
      'suspend',
      `re-screening against list ${index.version.sha256.slice(0, 12)} (${index.version.rows} entries) ` +
        `found: ${findings.join('; ')}`,
      'system:rescreening',
    );
  } catch (error) {
    if (isConflict(error)) return; // revoked or suspended meanwhile
    throw error;
  }
  await mailer.send(
    emails.suspended({ to: [settings().officerEmail], legalName: partner.names.legalName, agreementId, findings }),
  );
  result.suspended.push({ agreementId, partnerId, findings });
}
