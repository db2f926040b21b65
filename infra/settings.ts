// Deploy settings: the one list of what an operator can set, read from CDK context on AWS
// (`npx cdk deploy -c name=value`) and from environment variables by the local runtime.
// Every setting reaches the functions only through the environment the stack gives them.

export interface DeploySettings {
  /** Verified SES identity that sends every email (its domain is granted too). */
  senderEmail: string;
  /** Public base URL for links in emails; default: the HTTP API's own URL. */
  baseUrl?: string;
  /** Reply-To of every email (default: none, replies go to the sender). */
  replyToEmail?: string;
  officerEmail?: string;
  approverEmail?: string;
  /** The organisation's name as agreements and emails print it. */
  organisationName?: string;
  /** Who countersigns for the organisation unless an onboarding names someone. */
  countersignatoryName?: string;
  countersignatoryEmail?: string;
  countersignatoryTitle?: string;
  /** Days an approver has to decide a review. */
  reviewTimeoutDays?: number;
  /** Reminder policy for unsigned links: first after, then every, at most. */
  reminderFirstDays?: number;
  reminderEveryDays?: number;
  reminderMax?: number;
  /** Where alarms are emailed (an SNS subscription the recipient confirms). */
  alarmEmail?: string;
  /** Prefix of the sign-in domain, <prefix>.auth.<region>.amazoncognito.com (default liaison-<account>). */
  authDomainPrefix?: string;
  /** Federation to the organisation's identity provider: OIDC (issuer, client id and secret) or SAML. */
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecret?: string;
  samlMetadataUrl?: string;
  /** Where webhooks may deliver: "public" https endpoints only (default), or "any" (offline: this machine too). */
  webhookTargets?: string;
}

type Kind = 'text' | 'email' | 'url' | 'days';
/** Setting → its context key, environment variable and kind. */
export const SETTINGS: Record<keyof DeploySettings, { env: string; kind: Kind }> = {
  senderEmail: { env: 'SENDER_EMAIL', kind: 'email' },
  baseUrl: { env: 'BASE_URL', kind: 'url' },
  replyToEmail: { env: 'REPLY_TO_EMAIL', kind: 'email' },
  officerEmail: { env: 'OFFICER_EMAIL', kind: 'email' },
  approverEmail: { env: 'APPROVER_EMAIL', kind: 'email' },
  organisationName: { env: 'ORGANISATION_NAME', kind: 'text' },
  countersignatoryName: { env: 'COUNTERSIGNATORY_NAME', kind: 'text' },
  countersignatoryEmail: { env: 'COUNTERSIGNATORY_EMAIL', kind: 'email' },
  countersignatoryTitle: { env: 'COUNTERSIGNATORY_TITLE', kind: 'text' },
  reviewTimeoutDays: { env: 'LIAISON_REVIEW_TIMEOUT_DAYS', kind: 'days' },
  reminderFirstDays: { env: 'LIAISON_REMINDER_FIRST_DAYS', kind: 'days' },
  reminderEveryDays: { env: 'LIAISON_REMINDER_EVERY_DAYS', kind: 'days' },
  reminderMax: { env: 'LIAISON_REMINDER_MAX', kind: 'days' },
  alarmEmail: { env: 'ALARM_EMAIL', kind: 'email' },
  authDomainPrefix: { env: 'LIAISON_AUTH_DOMAIN_PREFIX', kind: 'text' },
  oidcIssuer: { env: 'LIAISON_OIDC_ISSUER', kind: 'url' },
  oidcClientId: { env: 'LIAISON_OIDC_CLIENT_ID', kind: 'text' },
  oidcClientSecret: { env: 'LIAISON_OIDC_CLIENT_SECRET', kind: 'text' },
  samlMetadataUrl: { env: 'LIAISON_SAML_METADATA_URL', kind: 'url' },
  webhookTargets: { env: 'WEBHOOK_TARGETS', kind: 'text' },
};

function parse(name: string, kind: Kind, raw: string): string | number {
  const value = raw.trim();
  const fail = (what: string) => {
    throw new Error(`setting ${name} must be ${what}, not "${raw}"`);
  };
  if (kind === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) fail('an email address');
  if (kind === 'url' && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(value)) fail('an http(s) URL');
  if (kind === 'text' && (!value || /\p{Cc}/u.test(value))) fail('a line of text');
  if (kind === 'days') {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 3650) fail('a whole number of days (0-3650)');
    return n;
  }
  return value;
}

/** Reads every setting through `lookup` (context or environment); unset or empty means default. */
export function readSettings(lookup: (name: keyof DeploySettings, env: string) => string | undefined): DeploySettings {
  const settings: Record<string, string | number> = {};
  for (const [name, { env, kind }] of Object.entries(SETTINGS)) {
    const raw = lookup(name as keyof DeploySettings, env);
    if (raw !== undefined && raw !== '') settings[name] = parse(name, kind, String(raw));
  }
  if (!settings.senderEmail)
    throw new Error('setting senderEmail is required: npx cdk deploy -c senderEmail=liaison@your-org.example');
  return settings as unknown as DeploySettings;
}

/** Settings the stack itself uses; no function reads them (a secret among them stays out of every environment). */
const DEPLOY_ONLY = new Set<keyof DeploySettings>([
  'baseUrl',
  'alarmEmail',
  'reviewTimeoutDays',
  'authDomainPrefix',
  'oidcIssuer',
  'oidcClientId',
  'oidcClientSecret',
  'samlMetadataUrl',
]);

/** The variables every function reads its configuration from (resources are added per function). */
export function configurationEnvironment(settings: DeploySettings): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, { env }] of Object.entries(SETTINGS)) {
    const value = settings[name as keyof DeploySettings];
    if (value !== undefined && !DEPLOY_ONLY.has(name as keyof DeploySettings)) {
      environment[env] = String(value);
    }
  }
  return environment;
}
