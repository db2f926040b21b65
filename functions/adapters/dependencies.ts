// How a port meets its one AWS adapter. Each adapter module exports its port as a `lazyPort`, built on first use,
// so a service imports the ports it calls and a function bundles the adapters (and SDK clients) its code reaches,
// no others. Unit tests replace ports with the in-memory fakes of test/support/memory-store.ts.
import type { DecisionLog } from '../ports/decision-log.js';
import type { ClientDirectory } from '../ports/directory.js';
import type { Documents } from '../ports/documents.js';
import type { EventBus, WebhookSender } from '../ports/events.js';
import type { Mailer } from '../ports/mailer.js';
import type { Stores } from '../ports/store.js';
import type { Workflow } from '../ports/workflow.js';

export interface Dependencies extends Stores {
  mailer: Mailer;
  documents: Documents;
  workflow: Workflow;
  clients: ClientDirectory;
  decisionLog: DecisionLog;
  bus: EventBus;
  webhookSender: WebhookSender;
  now: () => Date;
}

let overrides: Partial<Dependencies> = {};

/** Unit tests: put ports on fakes. Each call replaces the previous set; `{}` restores the AWS adapters. */
export function configureDependencies(replacements: Partial<Dependencies>) {
  overrides = { ...replacements };
}

/**
 * A port that stands for its adapter: the adapter is made on the first call through it (so a function needs only the
 * settings of the ports it calls), unless a test has put the port on a fake.
 */
export function lazyPort<K extends Exclude<keyof Dependencies, 'now'>>(
  name: K,
  create: () => Dependencies[K],
): Dependencies[K] {
  let adapter: Dependencies[K] | undefined;
  const current = (): Dependencies[K] => {
    const replaced = overrides[name];
    if (replaced) return replaced as Dependencies[K];
    adapter ??= create();
    return adapter;
  };
  return new Proxy({} as Dependencies[K] & object, {
    get(_, property) {
      const target = current() as object;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The time: the clock's, unless a test has set its own. */
export const now = (): Date => (overrides.now ? overrides.now() : new Date());
