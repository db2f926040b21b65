// Signature collection: the callback step that emails a link, and the signing page's actions.
import { createHash } from 'node:crypto';
import { deps } from '../adapters/dependencies.js';
import { settings } from '../adapters/config.js';
import { ConflictError } from '../adapters/store.js';
import { TaskGoneError } from '../adapters/workflow.js';
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from '../domain/link-token.js';
import type { AgreementRecord, LinkRecord, OnboardingRecord } from '../domain/records.js';
import type { SignFormRequest } from '../domain/schemas.js';
import { COUNTERSIGNATORY, companySignerId } from './agreements.js';
import { emails } from './emails.js';
import { record } from './history.js';

export interface SignatureTask { onboardingId: string; agreementId: string; signerId: string; timeoutSeconds: number; taskToken: string }

export const SIGNATURE_DECLINED = 'SignatureDeclined';

function signerOf(onboarding: OnboardingRecord, signerId: string) {
  if (signerId === COUNTERSIGNATORY) return { signer: onboarding.countersignatory, role: 'countersignatory' as const };
  const signer = onboarding.signatories.find((_, i) => companySignerId(i) === signerId);
  if (!signer) throw new Error(`onboarding ${onboarding.onboardingId} has no signer ${signerId}`);
  return { signer, role: 'company' as const };
}

/** Callback step: store the task token server-side under a fresh link and email the link. */
export async function requestSignature(task: SignatureTask) {
  const { store, mailer, now } = deps();
  const onboarding = await store.getOnboarding(task.onboardingId);
  const agreement = await store.getAgreement(task.agreementId);
  if (!onboarding || !agreement) throw new Error(`onboarding ${task.onboardingId} or agreement ${task.agreementId} not found`);
  const taskTokenHash = createHash('sha256').update(task.taskToken).digest('hex');
  if (!(await store.claimSignerSlot(task.agreementId, task.signerId, taskTokenHash))) return; // retried step: link already sent
  const { signer, role } = signerOf(onboarding, task.signerId);
  const { token, hash } = newLinkToken();
  const sent = now();
  const expiresAt = new Date(sent.getTime() + task.timeoutSeconds * 1000).toISOString();
  await store.putLink({
    tokenHash: hash, kind: 'signature', status: 'PENDING', onboardingId: task.onboardingId, agreementId: task.agreementId,
    signerId: task.signerId, signer, role, taskToken: task.taskToken, documentSha256: agreement.documentSha256,
    legalName: onboarding.company.legalName, sentAt: sent.toISOString(), expiresAt, remindersSent: 0,
  });
  await mailer.send(emails.signatureRequest({
    to: signer.email, name: signer.name, legalName: onboarding.company.legalName, link: `${settings().baseUrl}/sign/${token}`,
    expiresAt, scope: onboarding.scope, role,
  }));
  await record(task.onboardingId, 'SIGNATURE_REQUESTED', `${signer.name} <${signer.email}> (${role}), link expires ${expiresAt}`, task.agreementId);
}

export type LinkState =
  | { state: 'open'; link: LinkRecord; agreement: AgreementRecord; onboarding: OnboardingRecord; documentHtml: string }
  | { state: 'unknown' }
  | { state: 'used' | 'expired' | 'withdrawn'; link: LinkRecord };

export async function openLink(token: string): Promise<LinkState> {
  const { store, documents, now } = deps();
  if (!isWellFormedLinkToken(token)) return { state: 'unknown' };
  const link = await store.getLink(hashLinkToken(token));
  if (!link) return { state: 'unknown' };
  if (link.status === 'SIGNED' || link.status === 'DECLINED') return { state: 'used', link };
  if (link.status === 'VOID') return { state: 'withdrawn', link };
  if (Date.parse(link.expiresAt) <= now().getTime()) return { state: 'expired', link };
  const [agreement, onboarding, html] = await Promise.all([
    store.getAgreement(link.agreementId), store.getOnboarding(link.onboardingId), documents.get(`agreements/${link.agreementId}/agreement.html`),
  ]);
  if (!agreement || !onboarding || !html) return { state: 'unknown' };
  if (agreement.documentSha256 !== link.documentSha256) return { state: 'withdrawn', link }; // the document changed: this link signed another
  return { state: 'open', link, agreement, onboarding, documentHtml: new TextDecoder().decode(html) };
}

export async function markViewed(link: LinkRecord) {
  const { store, now } = deps();
  if (!link.firstViewedAt) await store.markLinkViewed(link.tokenHash, now().toISOString());
}

export type SubmitResult = { outcome: 'signed' | 'declined'; link: LinkRecord } | { outcome: 'gone'; reason: string } | { outcome: 'late'; link: LinkRecord };

/** One action per link: the conditional PENDING → SIGNED/DECLINED write decides, then the workflow resumes. */
export async function submit(token: string, form: SignFormRequest, client: { ip: string; userAgent: string }): Promise<SubmitResult> {
  const { store, workflow, now } = deps();
  const at = now().toISOString();
  let link: LinkRecord;
  try {
    link = await store.useLink(hashLinkToken(token), form.action === 'sign' ? 'SIGNED' : 'DECLINED', at);
  } catch (error) {
    if (error instanceof ConflictError) return { outcome: 'gone', reason: error.message };
    throw error;
  }
  try {
    if (form.action === 'sign') {
      await store.addSignature(link.agreementId, {
        signerId: link.signerId, name: link.signer.name, email: link.signer.email, title: form.title, role: link.role,
        typedName: form.fullName, sentAt: link.sentAt, firstViewedAt: link.firstViewedAt, signedAt: at,
        documentSha256: link.documentSha256, ip: client.ip, userAgent: client.userAgent.slice(0, 300),
      });
      await record(link.onboardingId, 'SIGNED', `${link.signer.name} (${link.role}) signed as "${form.fullName}", ${form.title}`, link.agreementId);
      await workflow.succeed(link.taskToken, { signerId: link.signerId, signedAt: at });
      return { outcome: 'signed', link };
    }
    await record(link.onboardingId, 'DECLINED', `${link.signer.name} (${link.role}) declined: ${form.reason}`, link.agreementId);
    await workflow.fail(link.taskToken, SIGNATURE_DECLINED, `${link.signer.name} declined: ${form.reason}`);
    return { outcome: 'declined', link };
  } catch (error) {
    if (error instanceof TaskGoneError) {
      await record(link.onboardingId, 'SIGNATURE_TOO_LATE', `${link.signer.name}: the workflow no longer waits for this signature (${error.message})`, link.agreementId);
      return { outcome: 'late', link };
    }
    throw error;
  }
}

/** When signing ends without everyone: links still out stop working. */
export async function withdrawPendingLinks(agreementId: string) {
  const { store, now } = deps();
  const pending = (await store.pendingLinks()).filter((l) => l.agreementId === agreementId);
  for (const link of pending) await store.useLink(link.tokenHash, 'VOID', now().toISOString()).catch(() => undefined);
  return pending;
}
