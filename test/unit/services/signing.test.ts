// Signature collection on the in-memory store: one live link per signer, each link used once, answers never lost.
import { describe, expect, it } from 'vitest';
import { hashLinkToken } from '../../../functions/domain/link-token.js';
import { documentKeys } from '../../../functions/ports/documents.js';
import { openLink, requestSignature, submit } from '../../../functions/services/signing.js';
import { useFakes } from '../../support/fakes.js';
import { agreementRecord, onboardingRecord, signer } from '../../support/records.js';

const task = (taskToken: string) => ({
  onboardingId: 'onb_1',
  agreementId: 'agr_1',
  signerId: 'company-0',
  timeoutSeconds: 14 * 86_400,
  taskToken,
});
const form = { action: 'sign' as const, fullName: 'Sam Signer', title: 'CEO', consent: 'yes' as const };
const client = { ip: '192.0.2.1', userAgent: 'test' };

async function awaitingSignatures(fakes: ReturnType<typeof useFakes>) {
  await fakes.onboardings.create(onboardingRecord({ status: 'AWAITING_SIGNATURES', agreementId: 'agr_1' }));
  await fakes.agreements.create(agreementRecord());
  await fakes.documents.put(documentKeys.agreementHtml('agr_1'), '<p>the agreement</p>');
}

/** The signing link in the one email a signer got. */
function linkIn(fakes: ReturnType<typeof useFakes>) {
  const mails = fakes.mailer.to(signer.email);
  expect(mails).toHaveLength(1);
  const token = mails[0].text.match(/\/sign\/([A-Za-z0-9_-]+)/)?.[1];
  expect(token).toBeDefined();
  return token!;
}

describe('Service rule: signature collection', () => {
  it('emails one link for a step, even when the same step is invoked twice', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    await requestSignature(task('task-1'));
    await requestSignature(task('task-1'));
    const token = linkIn(fakes);
    // the audit line, written once the email is out, names the link by the start of its token's hash
    const requested = (await fakes.auditTrail.list('agr_1')).filter((e) => e.event === 'SIGNATURE_REQUESTED');
    expect(requested.map((e) => e.data?.link)).toEqual([hashLinkToken(token).slice(0, 16)]);
    expect(await openLink(token)).toMatchObject({ state: 'open', documentHtml: '<p>the agreement</p>' });
  });

  it('keeps the link the signer was sent when its audit line failed and the step is retried', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    const append = fakes.auditTrail.append.bind(fakes.auditTrail);
    fakes.auditTrail.append = async () => {
      throw new Error('DynamoDB is down');
    };
    await expect(requestSignature(task('task-1'))).rejects.toThrow('DynamoDB is down');
    fakes.auditTrail.append = append;
    await requestSignature(task('task-2'));
    const token = linkIn(fakes); // one email: the retried step kept the link
    expect((await fakes.links.get(hashLinkToken(token)))?.emailedAt).toBeDefined();
    expect(await submit(token, form, client)).toMatchObject({ outcome: 'signed' });
    expect(fakes.workflow.answers.map((a) => a.taskToken)).toEqual(['task-2']);
  });

  it('withdraws a link whose email never went out when the step is retried, and sends a new one', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    fakes.mailer.send = async () => {
      throw new Error('SES is down');
    };
    await expect(requestSignature(task('task-1'))).rejects.toThrow('SES is down');
    const [unsent] = await fakes.links.pending();
    fakes.mailer.send = async (mail) => void fakes.mailer.sent.push(mail);
    await requestSignature(task('task-2'));
    const token = linkIn(fakes);
    expect(hashLinkToken(token)).not.toBe(unsent.tokenHash);
    expect((await fakes.links.get(unsent.tokenHash))?.status).toBe('VOID');
    expect(await openLink(token)).toMatchObject({ state: 'open' });
  });

  it('lets a retried step take over the link the signer holds instead of sending a second one', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    await requestSignature(task('task-1'));
    await requestSignature(task('task-2'));
    const token = linkIn(fakes);
    expect(await submit(token, form, client)).toMatchObject({ outcome: 'signed' });
    expect(fakes.workflow.answers.map((a) => a.taskToken)).toEqual(['task-2']);
  });

  it('records a signature once: the same link used again is gone, and the workflow hears one answer', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    await requestSignature(task('task-1'));
    const token = linkIn(fakes);
    expect(await submit(token, form, client)).toMatchObject({ outcome: 'signed' });
    expect(await submit(token, { action: 'decline', reason: 'changed my mind' }, client)).toMatchObject({
      outcome: 'gone',
    });
    expect((await fakes.agreements.get('agr_1'))?.signatures.map((s) => s.typedName)).toEqual(['Sam Signer']);
    expect(fakes.workflow.answers).toHaveLength(1);
    expect(await openLink(token)).toMatchObject({ state: 'used' });
    const sealed = (await fakes.auditTrail.list('agr_1')).find((e) => e.event === 'SIGNED');
    expect(sealed?.data).toMatchObject({ signerId: 'company-0', documentSha256: 'd'.repeat(64) });
  });

  it('keeps an answer the workflow could not take, queued for the job that passes it on', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    await requestSignature(task('task-1'));
    fakes.workflow.failNext('throttled');
    expect(await submit(linkIn(fakes), form, client)).toMatchObject({ outcome: 'queued' });
    expect(await fakes.links.unresumed()).toMatchObject([{ status: 'SIGNED', taskToken: 'task-1' }]);
  });

  it('refuses a link after it expires, and says so to the signer', async () => {
    const fakes = useFakes();
    await awaitingSignatures(fakes);
    await requestSignature(task('task-1'));
    const token = linkIn(fakes);
    fakes.advance(15 * 24 * 60);
    expect(await openLink(token)).toMatchObject({ state: 'expired' });
    expect(await submit(token, form, client)).toMatchObject({ outcome: 'gone' });
    expect(fakes.workflow.answers).toEqual([]);
  });

  it('answers an unknown or malformed token as unknown, without reading anything else', async () => {
    useFakes();
    expect(await openLink('not-a-token')).toEqual({ state: 'unknown' });
    expect(await openLink('A'.repeat(43))).toEqual({ state: 'unknown' });
  });
});
