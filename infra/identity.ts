// Who may call Liaison. People sign in to a Cognito user pool (groups officer, approver, auditor; MFA; the hosted UI
// with the authorization-code flow and PKCE; optionally federated to the organisation's own identity provider);
// data-exchange systems use the client-credentials grant with a scope per capability. Nothing in the table grants
// access. The local runtime serves the same flows from the same resources (local/services/identity.ts).
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolIdentityProviderOidc,
  UserPoolIdentityProviderSaml,
  UserPoolIdentityProviderSamlMetadata,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import {
  CAPABILITY_SCOPES,
  CLI_CALLBACK,
  PASSWORD_POLICY,
  PEOPLE_GROUPS,
  RESOURCE_SERVER,
} from '../functions/domain/identity.js';

export interface FederationSettings {
  /** OIDC: the provider's issuer URL, with a client id and secret registered there. */
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecret?: string;
  /** SAML: the provider's metadata URL. */
  samlMetadataUrl?: string;
}

export interface IdentityProps {
  /** Where the console lives (the API's own URL unless a base URL is set): sign-in returns there. */
  consoleUrl: string;
  /** Prefix of the hosted UI's domain (<prefix>.auth.<region>.amazoncognito.com); unique per region. */
  domainPrefix: string;
  federation?: FederationSettings;
}

export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;
  readonly cliClient: UserPoolClient;
  readonly resourceServer: UserPoolResourceServer;
  readonly hostedUiUrl: string;
  private readonly providers: Construct[] = [];

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'People', {
      selfSignUpEnabled: false, // people are invited: `liaison users invite`
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      // Cognito fills in {username} and {####} (the temporary password); the first sign-in sets both factors
      userInvitation: {
        emailSubject: 'Your Liaison account',
        emailBody:
          `<p>You have been given an account in Liaison, the partner-onboarding system.</p>` +
          `<p>Sign in at <a href="${props.consoleUrl}/console">${props.consoleUrl}/console</a> with your email ` +
          `address {username} and the temporary password <b>{####}</b>. You will choose your own password and set ` +
          `up an authenticator app; the temporary password expires in 7 days.</p>`,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { ...PASSWORD_POLICY, tempPasswordValidity: Duration.days(7) },
      // compromised-credential and risk checks on every sign-in of the people who hold this data
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const group of PEOPLE_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `Liaison ${group}s`,
      });
    }
    this.resourceServer = this.userPool.addResourceServer('Api', {
      identifier: RESOURCE_SERVER,
      scopes: Object.entries(CAPABILITY_SCOPES).map(
        ([name, description]) => new ResourceServerScope({ scopeName: name, scopeDescription: description }),
      ),
    });
    const domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.hostedUiUrl = domain.baseUrl();

    const identityProviders = [UserPoolClientIdentityProvider.COGNITO, ...this.federate(props.federation)];
    const people = {
      generateSecret: false,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: identityProviders,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      authFlows: {},
    };
    const personScopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];
    this.consoleClient = this.userPool.addClient('Console', {
      ...people,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: personScopes,
        callbackUrls: [`${props.consoleUrl}/console/callback`],
        logoutUrls: [`${props.consoleUrl}/console/signed-out`],
      },
    });
    this.cliClient = this.userPool.addClient('Cli', {
      ...people,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: personScopes,
        callbackUrls: [CLI_CALLBACK],
        logoutUrls: [CLI_CALLBACK],
      },
    });
    for (const client of [this.consoleClient, this.cliClient]) {
      for (const provider of this.providers) client.node.addDependency(provider);
    }
  }

  /** The issuer of the pool's tokens (what the JWT authorizer and the functions verify against). */
  get issuer() {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  private federate(federation: FederationSettings | undefined): UserPoolClientIdentityProvider[] {
    if (!federation) return [];
    const attributeMapping = {
      email: { attributeName: 'email' },
      fullname: { attributeName: 'name' },
    };
    if (federation.oidcIssuer && federation.oidcClientId && federation.oidcClientSecret) {
      const oidc = new UserPoolIdentityProviderOidc(this, 'Organisation', {
        userPool: this.userPool,
        name: 'Organisation',
        issuerUrl: federation.oidcIssuer,
        clientId: federation.oidcClientId,
        clientSecret: federation.oidcClientSecret,
        scopes: ['openid', 'email', 'profile'],
        attributeMapping,
      });
      this.providers.push(oidc);
      return [UserPoolClientIdentityProvider.custom(oidc.providerName)];
    }
    if (federation.samlMetadataUrl) {
      const saml = new UserPoolIdentityProviderSaml(this, 'Organisation', {
        userPool: this.userPool,
        name: 'Organisation',
        metadata: UserPoolIdentityProviderSamlMetadata.url(federation.samlMetadataUrl),
        attributeMapping,
      });
      this.providers.push(saml);
      return [UserPoolClientIdentityProvider.custom(saml.providerName)];
    }
    return [];
  }
}
