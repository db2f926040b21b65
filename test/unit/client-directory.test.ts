// The machine-client directory on Cognito (aws-sdk-client-mock): a client's name, kept for a minute, and a removed
// client known as removed.
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoClientDirectory } from '../../functions/adapters/cognito/client-directory.js';

const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

describe('Cognito client directory', () => {
  it('names a client from the pool and asks again only after a minute', async () => {
    let now = 0;
    cognito.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: { ClientName: 'Telco X' } });
    const directory = new CognitoClientDirectory('eu-west-1_Pool', () => now);
    expect(await directory.clientName('c1')).toBe('Telco X');
    now = 59_000;
    expect(await directory.clientName('c1')).toBe('Telco X');
    expect(cognito.commandCalls(DescribeUserPoolClientCommand)).toHaveLength(1);
    expect(cognito.commandCalls(DescribeUserPoolClientCommand)[0].args[0].input).toEqual({
      UserPoolId: 'eu-west-1_Pool',
      ClientId: 'c1',
    });
    now = 61_000;
    cognito
      .on(DescribeUserPoolClientCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    expect(await directory.clientName('c1')).toBeUndefined();
  });

  it('lets any other failure through, so the caller is refused rather than let in unnamed', async () => {
    cognito.on(DescribeUserPoolClientCommand).rejects(new Error('throttled'));
    await expect(new CognitoClientDirectory('p').clientName('c1')).rejects.toThrow('throttled');
  });
});
