// The client directory on Cognito: DescribeUserPoolClient, kept for a minute per warm function (Cognito limits how
// often a pool's clients may be read, and a data-exchange system asks many times a minute): a removed client is
// refused within a minute, though its token has up to an hour left.
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClientDirectory } from '../../ports/directory.js';
import { lazyPort } from '../dependencies.js';
import { settings } from '../config.js';

const KEPT_MS = 60_000;

export class CognitoClientDirectory implements ClientDirectory {
  private readonly cognito = new CognitoIdentityProviderClient({});
  private readonly known = new Map<string, { name: string | undefined; until: number }>();

  constructor(
    private readonly userPoolId: string,
    private readonly now: () => number = Date.now,
  ) {}

  async clientName(clientId: string): Promise<string | undefined> {
    const kept = this.known.get(clientId);
    if (kept && kept.until > this.now()) return kept.name;
    let name: string | undefined;
    try {
      const { UserPoolClient } = await this.cognito.send(
        new DescribeUserPoolClientCommand({ UserPoolId: this.userPoolId, ClientId: clientId }),
      );
      name = UserPoolClient?.ClientName || clientId;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    this.known.set(clientId, { name, until: this.now() + KEPT_MS });
    return name;
  }
}

/** The directory of machine clients in the user pool. */
export const clients = /* @__PURE__ */ lazyPort(
  'clients',
  () => new CognitoClientDirectory(settings().identity.userPoolId),
);
