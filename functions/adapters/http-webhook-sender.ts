// Deliveries over HTTPS with fetch: no redirects followed (a receiver answers where it was registered), a time
// limit per attempt, and unless private targets are allowed, the host's addresses are resolved and refused when
// one is this machine or a private network, so a public name pointing inward does not pass either.
import { lookup } from 'node:dns/promises';
import { isPrivateAddress } from '../domain/events.js';
import type { WebhookAnswer, WebhookSender } from '../ports/events.js';
import { lazyPort } from './dependencies.js';
import { settings } from './config.js';

export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly allowPrivateTargets: boolean) {}

  async send(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookAnswer> {
    if (!this.allowPrivateTargets) {
      const refused = await this.privateAddress(new URL(url).hostname);
      if (refused) return { error: refused };
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Liaison-Webhooks/1', ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return { status: response.status };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      if ((error as Error).name === 'TimeoutError') return { error: `no answer within ${timeoutMs / 1000} s` };
      return { error: cause ? `could not connect (${cause})` : (error as Error).message };
    }
  }

  private async privateAddress(hostname: string) {
    try {
      const addresses = await lookup(hostname.replace(/^\[|\]$/g, ''), { all: true });
      const inward = addresses.find((a) => isPrivateAddress(a.address));
      return inward ? `${hostname} resolves to a private address (${inward.address})` : undefined;
    } catch {
      return `${hostname} could not be resolved`;
    }
  }
}

/** The webhook sender over HTTPS. */
export const webhookSender = /* @__PURE__ */ lazyPort(
  'webhookSender',
  () => new HttpWebhookSender(settings().webhookPrivateTargets),
);
