// In-memory fakes of the mail, document and workflow ports, and one call that puts every port of the composition
// root on fakes with a clock the test moves: service rules then run in milliseconds.
import { nextExpiryActionAt } from '../../functions/domain/expiry.js';
import { partnerNamesOf } from '../../functions/domain/vetting.js';
import { onTestFinished } from 'vitest';
import { configureDependencies } from '../../functions/adapters/dependencies.js';
import type { LiaisonEvent } from '../../functions/domain/events.js';
import type { Documents } from '../../functions/ports/documents.js';
import type { EventBus, WebhookAnswer, WebhookSender } from '../../functions/ports/events.js';
import type { Mailer, OutgoingMail } from '../../functions/ports/mailer.js';
import { TaskGoneError, type Workflow } from '../../functions/ports/workflow.js';
import { AT, agreementRecord, onboardingRecord, scope } from './records.js';
import { memoryStores } from './memory-store.js';

export class FakeMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
  }
  to(address: string) {
    return this.sent.filter((m) => m.to.includes(address));
  }
}

export class FakeDocuments implements Documents {
  readonly objects = new Map<string, Uint8Array>();
  async put(key: string, body: Uint8Array | string) {
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }
  async get(key: string) {
    return this.objects.get(key);
  }
}

export class FakeBus implements EventBus {
  readonly published: LiaisonEvent[] = [];
  async publish(events: LiaisonEvent[]) {
    this.published.push(...structuredClone(events));
  }
}

/** Answers each delivery with the next of `answers` (200 when none are left) and keeps what was sent. */
export class FakeWebhookSender implements WebhookSender {
  readonly sent: { url: string; headers: Record<string, string>; body: string }[] = [];
  readonly answers: WebhookAnswer[] = [];
  async send(url: string, headers: Record<string, string>, body: string) {
    this.sent.push({ url, headers, body });
    return this.answers.shift() ?? { status: 200 };
  }
}

type Answer = { taskToken: string; output?: unknown; error?: string; cause?: string };

/** Records what the services tell the workflow; `failNext` makes the next answers fail as Step Functions would. */
export class FakeWorkflow implements Workflow {
  readonly started: { name: string; input: unknown }[] = [];
  readonly answers: Answer[] = [];
  readonly executions = new Map<string, { status: string; error?: string; cause?: string }>();
  private failures: ('throttled' | 'gone')[] = [];
  failNext(...failures: ('throttled' | 'gone')[]) {
    this.failures.push(...failures);
  }
  private answer(answer: Answer) {
    const failure = this.failures.shift();
    if (failure === 'gone') throw new TaskGoneError('Task Timed Out');
    if (failure === 'throttled') throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    this.answers.push(answer);
  }
  async start(name: string, input: unknown) {
    this.started.push({ name, input });
    this.executions.set(name, { status: 'RUNNING' });
    return `arn:aws:states:us-east-1:000000000000:execution:test:${name}`;
  }
  async succeed(taskToken: string, output: unknown) {
    this.answer({ taskToken, output });
  }
  async fail(taskToken: string, error: string, cause: string) {
    this.answer({ taskToken, error, cause });
  }
  async describe(name: string) {
    return this.executions.get(name);
  }
  async stop(name: string, cause: string) {
    const execution = this.executions.get(name);
    if (execution?.status === 'RUNNING') Object.assign(execution, { status: 'ABORTED', error: 'Withdrawn', cause });
  }
}

const ENVIRONMENT = {
  BASE_URL: 'https://liaison.example',
  SENDER_EMAIL: 'liaison@liaison.example',
  OFFICER_EMAIL: 'officer@liaison.example',
  APPROVER_EMAIL: 'approver@liaison.example',
  ORGANISATION_NAME: 'the Test Organisation',
};

/** Every port on a fake, the clock at `AT` until the test moves it; undone when the test finishes. */
export function useFakes() {
  const stores = memoryStores();
  const clock = { now: new Date(AT) };
  const fakes = {
    ...stores,
    mailer: new FakeMailer(),
    documents: new FakeDocuments(),
    workflow: new FakeWorkflow(),
    bus: new FakeBus(),
    webhookSender: new FakeWebhookSender(),
    clock,
    /** Moves the clock on by minutes. */
    advance(minutes: number) {
      clock.now = new Date(clock.now.getTime() + minutes * 60_000);
    },
  };
  const saved = Object.fromEntries(Object.keys(ENVIRONMENT).map((name) => [name, process.env[name]]));
  Object.assign(process.env, ENVIRONMENT);
  configureDependencies({ ...fakes, now: () => new Date(clock.now) });
  onTestFinished(() => {
    configureDependencies({});
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  return fakes;
}

/**
 * An onboarding that ended ACTIVE (onb_1), its agreement in force until `expiresAt` (agr_1), and its partner
 * (ptn_onb_1) pointing at it, as activation leaves them.
 */
export async function inForce(fakes: ReturnType<typeof useFakes>, expiresAt = '2027-11-23T09:00:00.000Z') {
  await fakes.onboardings.create(onboardingRecord({ status: 'ACTIVE', agreementId: 'agr_1' }));
  const expiryNextActionAt = nextExpiryActionAt(expiresAt, undefined);
  await fakes.agreements.create(agreementRecord({ status: 'ACTIVE', effectiveAt: AT, expiresAt, expiryNextActionAt }));
  await fakes.activeAgreements.put(
    'ptn_onb_1',
    { agreementId: 'agr_1', status: 'ACTIVE', scope, effectiveAt: AT, expiresAt },
    partnerNamesOf(onboardingRecord().company),
    AT,
  );
}
