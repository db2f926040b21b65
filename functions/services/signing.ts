// Signature collection: the callback step that emails a link, and the signing page's actions.
import { createHash } from 'node:crypto';
import { now } from '../adapters/dependencies.js';
import { agreements } from '../adapters/dynamodb/agreements.js';
import { auditTrail } from '../adapters/dynamodb/audit-trail.js';
import { links } from '../adapters/dynamodb/links.js';
import { onboardings } from '../adapters/dynamodb/onboardings.js';
import { documents } from '../adapters/s3-documents.js';
import { mailer } from '../adapters/ses-mailer.js';
import { workflow } from '../adapters/step-functions-workflow.js';
import { settings } from '../adapters/config.js';
import { TaskGoneError } from '../ports/workflow.js';
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from '../domain/link-token.js';
import type { AgreementRecord, LinkRecord, OnboardingRecord, SignatureRecord } from '../domain/records.js';
import { signatureDigest } from '../domain/audit-chain.js';
import type { SignFormRequest, Signer } from '../domain/schemas.js';
import { SIGNATURE_DECLINED, SIGNATURE_RESENT } from '../domain/workflow-errors.js';
import { COUNTERSIGNATORY, companySignerId, everyoneSigned } from '../domain/signers.js';
import { agreementTerm } from '../domain/time.js';
import { emails } from './emails.js';
import { executionName, loadOnboarding, signingSettings } from './onboarding.js';
import { documentKeys } from '../ports/documents.js';
import { record } from './history.js';
import { logger } from '../lib/telemetry.js';
import { conflict, ignoreConflict, invalid, isConflict, notFound } from '../domain/errors.js';

export interface SignatureTask {
  onboardingId: string;
  agreementId: string;
  signerId: string;
  timeoutSeconds: number;
  taskToken: string;
}

function signerOf(onboarding: OnboardingRecord, signerId: string) {
  if (signerId === COUNTERSIGNATORY) return { signer: onboarding.countersignatory, role: 'countersignatory' as const };
  const signer = onboarding.signatories.find((_, i) => companySignerId(i) === signerId);
  if (!signer) throw new Error(`onboarding ${onboarding.onboardingId} has no signer ${signerId}`);
  return { signer, role: 'company' as const };
}

/** Callback step: store the task token server-side under a fresh link and email the link. */
export async function requestSignature(task: SignatureTask) {
  const onboarding = await onboardings.get(task.onboardingId);
  const agreement = await agreements.get(task.agreementId);
  if (!onboarding || !agreement)
    throw new Error(`onboarding ${task.onboardingId} or agreement ${task.agreementId} not found`);
  const taskTokenHash = createHash('sha256').update(task.taskToken).digest('hex');
  const { token, hash } = newLinkToken();
  // the first claim of a slot points it at the link made below, in the same write
  const slot = await links.claimSignerSlot(task.agreementId, task.signerId, taskTokenHash, hash);
  if (!slot.claimed) return; // this very task is being handled
  // a retried step (new task token): the signer keeps the one link they were sent, now answering this task
  const previous = slot.linkTokenHash ? await links.get(slot.linkTokenHash) : undefined;
  if (previous && (await takeOverLink(previous, agreement, task))) return;
  const { signer, role } = signerOf(onboarding, task.signerId);
  const sent = now();
  const expiresAt = new Date(sent.getTime() + task.timeoutSeconds * 1000).toISOString();
  await links.create(
    {
      tokenHash: hash,
      kind: 'signature',
      status: 'PENDING',
      onboardingId: task.onboardingId,
      agreementId: task.agreementId,
      signerId: task.signerId,
      signer,
      role,
      taskToken: task.taskToken,
      documentSha256: agreement.documentSha256,
      legalName: onboarding.company.legalName,
      sentAt: sent.toISOString(),
      expiresAt,
      remindersSent: 0,
    },
    { slotClaimed: slot.linkTokenHash === undefined },
  );
  await mailer.send(
    emails.signatureRequest({
      to: signer.email,
      name: signer.name,
      legalName: onboarding.company.legalName,
      link: `${settings().baseUrl}/sign/${token}`,
      expiresAt,
      scope: onboarding.scope,
      role,
    }),
  );
  // the audit line, written once the email is out, is what says the link was sent (a retried step keeps it then);
  // when that line cannot be written, the link itself is marked, so the signer keeps the link they were sent
  try {
    await record(
      task.onboardingId,
      'SIGNATURE_REQUESTED',
      `${signer.name} <${signer.email}> (${role}), link expires ${expiresAt}`,
      task.agreementId,
      { link: linkMark(hash) },
    );
  } catch (error) {
    await links.markEmailed(hash, now().toISOString()).catch(() => undefined);
    throw error;
  }
}

/** How an audit line names a link: the start of its token's hash (which opens nothing). */
const linkMark = (tokenHash: string) => tokenHash.slice(0, 16);

/** When the link was emailed: marked on a reminder's link, said by the audit line of a request's. */
async function emailedAt(link: LinkRecord): Promise<string | undefined> {
  if (link.emailedAt) return link.emailedAt;
  const trail = await auditTrail.list(link.agreementId);
  return trail.find((e) => e.event === 'SIGNATURE_REQUESTED' && e.data?.link === linkMark(link.tokenHash))?.at;
}

/**
 * Whether a retried signature step can keep the slot's link: one the signer received and can still use, or an answer
 * they gave that the earlier task never took. A link never emailed is withdrawn instead (nobody holds it).
 */
async function takeOverLink(link: LinkRecord, agreement: AgreementRecord, task: SignatureTask) {
  if (link.documentSha256 !== agreement.documentSha256) return false;
  const answered = (link.status === 'SIGNED' || link.status === 'DECLINED') && link.resumedAt === undefined;
  const sent = link.status === 'PENDING' ? await emailedAt(link) : undefined;
  const usable = sent !== undefined && Date.parse(link.expiresAt) > now().getTime();
  if (answered || usable) {
    await links.handToTask(link.tokenHash, task.taskToken);
    await record(
      task.onboardingId,
      'SIGNATURE_STEP_RETRIED',
      `${link.signer.name} <${link.signer.email}>: the step was retried; ` +
        (answered ? 'their answer is passed on to it' : `the link sent ${sent} stays the one to use`),
      task.agreementId,
    );
    return true;
  }
  if (link.status === 'PENDING') {
    await links.use(link.tokenHash, 'VOID', now().toISOString()).catch(ignoreConflict);
  }
  return false;
}

export type LinkState =
  | { state: 'open'; link: LinkRecord; agreement: AgreementRecord; onboarding: OnboardingRecord; documentHtml: string }
  | { state: 'unknown' }
  | { state: 'used' | 'expired' | 'withdrawn'; link: LinkRecord };

export async function openLink(token: string): Promise<LinkState> {
  if (!isWellFormedLinkToken(token)) return { state: 'unknown' };
  const link = await links.get(hashLinkToken(token));
  if (!link) return { state: 'unknown' };
  if (link.status === 'SIGNED' || link.status === 'DECLINED') return { state: 'used', link };
  if (link.status === 'VOID') return { state: 'withdrawn', link };
  if (Date.parse(link.expiresAt) <= now().getTime()) return { state: 'expired', link };
  const [agreement, onboarding, html] = await Promise.all([
    agreements.get(link.agreementId),
    onboardings.get(link.onboardingId),
    documents.get(documentKeys.agreementHtml(link.agreementId)),
  ]);
  if (!agreement || !onboarding || !html) return { state: 'unknown' };
  // the document changed: this link signed another
  if (agreement.documentSha256 !== link.documentSha256) return { state: 'withdrawn', link };
  return { state: 'open', link, agreement, onboarding, documentHtml: new TextDecoder().decode(html) };
}

export async function markViewed(link: LinkRecord) {
  if (!link.firstViewedAt) await links.markViewed(link.tokenHash, now().toISOString());
}

export type SubmitResult =
  | { outcome: 'signed' | 'declined' | 'late' | 'queued'; link: LinkRecord }
  | { outcome: 'gone'; reason: string };

/** One action per link: the conditional PENDING → SIGNED/DECLINED write decides, then the workflow resumes. */
export async function submit(
  token: string,
  form: SignFormRequest,
  client: { ip: string; userAgent: string },
): Promise<SubmitResult> {
  const at = now().toISOString();
  let link: LinkRecord;
  try {
    link = await links.use(
      hashLinkToken(token),
      form.action === 'sign' ? 'SIGNED' : 'DECLINED',
      at,
      form.action === 'decline' ? form.reason : undefined,
    );
  } catch (error) {
    if (isConflict(error)) return { outcome: 'gone', reason: (error as Error).message };
    throw error;
  }
  if (form.action === 'sign') {
    const signature: SignatureRecord = {
      signerId: link.signerId,
      name: link.signer.name,
      email: link.signer.email,
      title: form.title,
      role: link.role,
      typedName: form.fullName,
      sentAt: link.sentAt,
      firstViewedAt: link.firstViewedAt,
      signedAt: at,
      documentSha256: link.documentSha256,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, 300),
    };
    // the last signature fixes the term with it (activation does when two last signatures could not tell)
    const [agreement, onboarding] = await Promise.all([
      agreements.get(link.agreementId),
      onboardings.get(link.onboardingId),
    ]);
    const signedBy = [...(agreement?.signatures ?? []).map((s) => s.signerId), link.signerId];
    const last = agreement && onboarding && everyoneSigned(onboarding, signedBy);
    await agreements.addSignature(
      link.agreementId,
      signature,
      last ? agreementTerm(new Date(at), agreement.termMonths) : undefined,
    );
    // the audit chain seals the signature record field for field
    await record(
      link.onboardingId,
      'SIGNED',
      `${link.signer.name} (${link.role}) signed as "${form.fullName}", ${form.title}`,
      link.agreementId,
      { signerId: link.signerId, signatureSha256: signatureDigest(signature), documentSha256: link.documentSha256 },
    );
  } else {
    await record(
      link.onboardingId,
      'DECLINED',
      `${link.signer.name} (${link.role}) declined: ${form.reason}`,
      link.agreementId,
    );
  }
  const resumed = await resumeWorkflow(link);
  if (resumed === 'resumed') return { outcome: form.action === 'sign' ? 'signed' : 'declined', link };
  return { outcome: resumed, link };
}

/**
 * Passes a recorded answer to the workflow. The answer is already stored, so a failure here never
 * loses it: the link stays in the UNRESUMED index and the daily job tries again.
 */
async function resumeWorkflow(link: LinkRecord): Promise<'resumed' | 'late' | 'queued'> {
  try {
    if (link.status === 'SIGNED')
      await workflow.succeed(link.taskToken, { signerId: link.signerId, signedAt: link.usedAt });
    else
      await workflow.fail(
        link.taskToken,
        SIGNATURE_DECLINED,
        `${link.signer.name} declined: ${link.declineReason ?? 'no reason recorded'}`,
      );
    await links.markResumed(link.tokenHash, now().toISOString());
    return 'resumed';
  } catch (error) {
    if (error instanceof TaskGoneError && (await retriedStepMayTakeIt(link))) return 'queued';
    if (error instanceof TaskGoneError) {
      await links.markResumed(link.tokenHash, now().toISOString());
      await record(
        link.onboardingId,
        'SIGNATURE_TOO_LATE',
        `${link.signer.name}: the workflow no longer waits for this answer (${error.message})`,
        link.agreementId,
      );
      return 'late';
    }
    logger.warn('could not resume the workflow; will retry', {
      onboardingId: link.onboardingId,
      error: (error as Error).message,
    });
    return 'queued';
  }
}

/** The answer is fresh and the onboarding still waits: a retried signature step is about to take this link over. */
async function retriedStepMayTakeIt(link: LinkRecord) {
  if (now().getTime() - Date.parse(link.usedAt ?? link.sentAt) > TAKE_OVER_WINDOW_MS) return false;
  const onboarding = await onboardings.get(link.onboardingId);
  return onboarding?.status === 'AWAITING_SIGNATURES';
}

/** Far longer than the workflow's retries of a signature step (five attempts within about a minute). */
const TAKE_OVER_WINDOW_MS = 60 * 60_000;

/** Daily job: retries answers that were recorded but did not reach the workflow. */
export async function resumeUnresumed(asOf: Date) {
  const retried: { onboardingId: string; signer: string; result: string }[] = [];
  for (const link of await links.unresumed()) {
    // its own request may still be running
    if (asOf.getTime() - Date.parse(link.usedAt ?? link.sentAt) < 60_000) continue;
    retried.push({ onboardingId: link.onboardingId, signer: link.signer.email, result: await resumeWorkflow(link) });
  }
  return retried;
}

/** Officer: a new link with a new expiry for a signer still waiting; the old link stops working. */
export async function resendSignature(onboardingId: string, signerId: string, by: string) {
  const onboarding = await onboardings.get(onboardingId);
  if (!onboarding) throw notFound(`onboarding ${onboardingId}`);
  if (onboarding.status !== 'AWAITING_SIGNATURES' || !onboarding.agreementId)
    throw conflict(`onboarding ${onboardingId} is ${onboarding.status}: no signature is awaited`);
  const link = await waitingLink(onboarding.agreementId, signerId);
  if (!link)
    throw conflict(
      `no link is waiting for signer ${signerId} ` +
        '(signers are asked in turn; a signer who answered cannot be asked again)',
    );
  await askAgain(
    onboarding,
    link,
    'SIGNATURE_RESENT',
    `${by} resent the link of ${link.signer.name} <${link.signer.email}>; the previous link no longer works`,
    `resent by ${by}`,
  );
  return loadOnboarding(onboardingId);
}

/** Officer: remind a waiting signer now, as the daily job would: a fresh link, the same request and expiry. */
export async function remindSigner(onboardingId: string, signerId: string, by: string, baseUrl: string) {
  const onboarding = await onboardings.get(onboardingId);
  if (!onboarding) throw notFound(`onboarding ${onboardingId}`);
  if (onboarding.status !== 'AWAITING_SIGNATURES' || !onboarding.agreementId)
    throw conflict(`onboarding ${onboardingId} is ${onboarding.status}: no signature is awaited`);
  const link = await waitingLink(onboarding.agreementId, signerId);
  if (!link) throw conflict(`no link is waiting for signer ${signerId}`);
  const reminder = link.remindersSent + 1;
  const at = now();
  // counted on the link it reminds of, as the job counts: a concurrent reminder finds it counted
  try {
    await links.recordReminder(link.tokenHash, reminder, at.toISOString());
  } catch (error) {
    if (isConflict(error)) throw conflict(`a reminder to ${link.signer.email} went out meanwhile`);
    throw error;
  }
  if (!(await remindWithFreshLink(link, reminder, at, baseUrl)))
    throw conflict(`the link for ${signerId} was used or expired meanwhile`);
  await record(
    onboardingId,
    'SIGNATURE_REMINDER',
    `${by} reminded ${link.signer.name} <${link.signer.email}> (reminder ${reminder}, a fresh link, same expiry)`,
    onboarding.agreementId,
  );
  return loadOnboarding(onboardingId);
}

/** The signer's current link, while it waits for them. */
async function waitingLink(agreementId: string, signerId: string) {
  const slot = (await links.signerSlots(agreementId)).find((s) => s.signerId === signerId);
  const link = slot?.tokenHash ? await links.get(slot.tokenHash) : undefined;
  return link?.status === 'PENDING' ? link : undefined;
}

/** Withdraws a waiting link and has the workflow ask the signer's slot again: fresh token, link and timeout. */
async function askAgain(onboarding: OnboardingRecord, link: LinkRecord, event: string, detail: string, cause: string) {
  try {
    await links.use(link.tokenHash, 'VOID', now().toISOString());
  } catch (error) {
    if (isConflict(error)) throw conflict(`the link for ${link.signerId} was used or expired meanwhile`);
    throw error;
  }
  await record(onboarding.onboardingId, event, detail, onboarding.agreementId);
  // the workflow catches this error and runs the signer's task again, for whoever the slot names now
  await workflow.fail(link.taskToken, SIGNATURE_RESENT, cause);
}

/** Before anyone signed in it, a signer's slot may go to another person (a wrong address, a delegation). */
const REPLACEABLE: OnboardingRecord['status'][] = ['VETTING', 'IN_REVIEW', 'AWAITING_SIGNATURES'];

/**
 * Officer: a signer's slot goes to another person. The onboarding names them from now on; a link already sent stops
 * working and the new person gets one (a signer not asked yet is asked in turn).
 */
export async function replaceSigner(
  onboardingId: string,
  signerId: string,
  person: Signer,
  reason: string,
  by: string,
) {
  const onboarding = await loadOnboarding(onboardingId);
  if (!REPLACEABLE.includes(onboarding.status))
    throw conflict(`onboarding ${onboardingId} is ${onboarding.status}: its signers can no longer change`);
  const { signer: previous } = signerOf(onboarding, signerId);
  const agreement = onboarding.agreementId ? await agreements.get(onboarding.agreementId) : undefined;
  if (agreement?.signatures.some((s) => s.signerId === signerId))
    throw conflict(`${previous.name} has signed already: a signature given is not replaced`);
  const others = [...onboarding.signatories, onboarding.countersignatory].filter((s) => s !== previous);
  if (others.some((s) => s.email.toLowerCase() === person.email.toLowerCase()))
    throw invalid('the request is invalid: see issues', [{ path: 'email', message: 'already signs this agreement' }]);
  const patch =
    signerId === COUNTERSIGNATORY
      ? { countersignatory: person }
      : { signatories: onboarding.signatories.map((s) => (s === previous ? person : s)) };
  const updated = await onboardings.update(onboardingId, { ...patch, updatedAt: now().toISOString() }, [
    onboarding.status,
  ]);
  const detail = `${by} replaced ${previous.name} <${previous.email}> with ${person.name} <${person.email}>: ${reason}`;
  const link = onboarding.agreementId ? await waitingLink(onboarding.agreementId, signerId) : undefined;
  if (link) await askAgain(updated, link, 'SIGNER_REPLACED', detail, `signer replaced by ${by}`);
  else await record(onboardingId, 'SIGNER_REPLACED', detail, onboarding.agreementId);
  return loadOnboarding(onboardingId);
}

/**
 * A reminder with a link that works: a fresh link for the same request (same task, same expiry) takes the signer's
 * slot, then the one before is withdrawn; if the signer answered with it meanwhile, the fresh one is withdrawn
 * instead and nothing is sent. Returns whether the reminder went out.
 */
export async function remindWithFreshLink(link: LinkRecord, reminder: number, at: Date, baseUrl = settings().baseUrl) {
  const agreement = await agreements.get(link.agreementId);
  if (!agreement) return false;
  const { token, hash } = newLinkToken();
  const { emailedAt: _, ...request } = link;
  await links.create({ ...request, tokenHash: hash, remindersSent: reminder, lastReminderAt: at.toISOString() });
  try {
    await links.use(link.tokenHash, 'VOID', now().toISOString());
  } catch (error) {
    if (!isConflict(error)) throw error;
    await links.use(hash, 'VOID', now().toISOString()).catch(ignoreConflict);
    return false;
  }
  await mailer.send(
    emails.signatureRequest({
      to: link.signer.email,
      name: link.signer.name,
      legalName: link.legalName,
      link: `${baseUrl}/sign/${token}`,
      expiresAt: link.expiresAt,
      scope: agreement.scope,
      role: link.role,
      reminder,
    }),
  );
  await links.markEmailed(hash, now().toISOString());
  return true;
}

/** Officer: after SIGNATURE_EXPIRED, ask again for the signatures still missing (signatures given stay). */
export async function restartSigning(onboardingId: string, by: string) {
  const onboarding = await onboardings.get(onboardingId);
  if (!onboarding) throw notFound(`onboarding ${onboardingId}`);
  if (onboarding.status !== 'SIGNATURE_EXPIRED' || !onboarding.agreementId)
    throw conflict(`onboarding ${onboardingId} is ${onboarding.status}: only an expired signing can be restarted`);
  const round = (onboarding.signingRestarts ?? 0) + 1;
  const updated = await onboardings.update(
    onboardingId,
    {
      status: 'AWAITING_SIGNATURES',
      signingRestarts: round,
      outcomeReason: '',
      outcomeRecordedAt: '',
      outcomeNotifiedAt: '',
      updatedAt: now().toISOString(),
    },
    ['SIGNATURE_EXPIRED'],
  );
  await agreements.update(
    onboarding.agreementId,
    { status: 'PENDING_SIGNATURES', statusReason: `signing restarted by ${by}` },
    ['DECLINED'],
  );
  await record(
    onboardingId,
    'SIGNING_RESTARTED',
    `${by} restarted signing (round ${round + 1})`,
    onboarding.agreementId,
  );
  await workflow.start(executionName(onboardingId, round), {
    onboardingId,
    restart: true,
    signing: signingSettings(onboarding.signingOrder, onboarding.signingLinkDays),
  });
  return updated;
}

/** Who has signed, who is waiting, and their links' state, for the officer. */
export async function signingStatus(onboarding: OnboardingRecord, agreement: AgreementRecord | undefined) {
  if (!onboarding.agreementId) return [];
  const slots = await links.signerSlots(onboarding.agreementId);
  const current = new Map(
    await Promise.all(
      slots.filter((s) => s.tokenHash).map(async (s) => [s.signerId, await links.get(s.tokenHash!)] as const),
    ),
  );
  const signers = [
    ...onboarding.signatories.map((s, i) => ({ signerId: companySignerId(i), ...s, role: 'company' })),
    { signerId: COUNTERSIGNATORY, ...onboarding.countersignatory, role: 'countersignatory' },
  ];
  return signers.map((s) => {
    const signature = agreement?.signatures.find((x) => x.signerId === s.signerId);
    const link = current.get(s.signerId);
    return {
      signerId: s.signerId,
      name: s.name,
      email: s.email,
      role: s.role,
      state: signature
        ? 'signed'
        : link?.status === 'PENDING'
          ? 'waiting'
          : link?.status === 'DECLINED'
            ? 'declined'
            : link
              ? 'link withdrawn'
              : 'not asked yet',
      signedAt: signature?.signedAt ?? null,
      linkSentAt: link?.sentAt ?? null,
      linkExpiresAt: link?.expiresAt ?? null,
      firstViewedAt: link?.firstViewedAt ?? null,
      remindersSent: link?.remindersSent ?? 0,
    };
  });
}

/** When signing ends without everyone: links still out stop working. */
export async function withdrawPendingLinks(agreementId: string) {
  // each signer's slot points at their current link: read those, not every pending link there is
  const current = await Promise.all(
    (await links.signerSlots(agreementId)).filter((s) => s.tokenHash).map((s) => links.get(s.tokenHash!)),
  );
  const pending = current.filter((l): l is LinkRecord => l?.status === 'PENDING');
  for (const link of pending) {
    await links.use(link.tokenHash, 'VOID', now().toISOString()).catch(ignoreConflict);
  }
  return pending;
}
