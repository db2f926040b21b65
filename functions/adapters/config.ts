// Environment settings, read in one place. The stack sets them (infra/settings.ts lists them);
// `required` throws, so a function missing one fails at once and names it, offline as on AWS.
import { DEFAULT_REMINDER_POLICY } from '../domain/expiry.js';

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

const optional = (name: string) => process.env[name] || undefined;

function days(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`environment variable ${name} must be a number >= 0, not "${value}"`);
  return n;
}

export const DEFAULT_ORGANISATION_NAME = 'the International Police Cooperation Organisation';

export function settings() {
  return {
    get tableName() {
      return required('TABLE_NAME');
    },
    get documentsBucket() {
      return required('DOCUMENTS_BUCKET');
    },
    /** Where the platform delivers the access-decision log (GET /api/access-decisions reads it). */
    get decisionLogBucket() {
      return required('DECISION_LOG_BUCKET');
    },
    /** The EventBridge bus Liaison's events go to (every function that raises one). */
    get eventBusName() {
      return required('EVENT_BUS_NAME');
    },
    /** WEBHOOK_TARGETS=any lets webhooks reach this machine and private networks (offline only); default public. */
    get webhookPrivateTargets() {
      return optional('WEBHOOK_TARGETS') === 'any';
    },
    get stateMachineArn() {
      return required('STATE_MACHINE_ARN');
    },
    get senderEmail() {
      return required('SENDER_EMAIL');
    },
    get replyToEmail() {
      return optional('REPLY_TO_EMAIL');
    },
    /** Read on use: only the functions that send links need it. */
    get baseUrl() {
      return required('BASE_URL').replace(/\/+$/, '');
    },
    /** The same, where a link only helps (the API has it only when the deployment sets one). */
    get baseUrlIfSet() {
      return optional('BASE_URL')?.replace(/\/+$/, '');
    },
    get organisationName() {
      return optional('ORGANISATION_NAME') ?? DEFAULT_ORGANISATION_NAME;
    },
    get officerEmail() {
      return optional('OFFICER_EMAIL') ?? required('SENDER_EMAIL');
    },
    get approverEmail() {
      return optional('APPROVER_EMAIL') ?? required('SENDER_EMAIL');
    },
    /** The screening list in S3 (LIAISON_SANCTIONS_BUCKET + LIAISON_SANCTIONS_KEY). */
    get sanctionsList() {
      return { bucket: required('LIAISON_SANCTIONS_BUCKET'), key: required('LIAISON_SANCTIONS_KEY') };
    },
    /** LIAISON_REMINDER_FIRST_DAYS / _EVERY_DAYS / _MAX (the domain's defaults otherwise). */
    get reminders() {
      return {
        firstAfterDays: days('LIAISON_REMINDER_FIRST_DAYS', DEFAULT_REMINDER_POLICY.firstAfterDays),
        everyDays: days('LIAISON_REMINDER_EVERY_DAYS', DEFAULT_REMINDER_POLICY.everyDays),
        max: days('LIAISON_REMINDER_MAX', DEFAULT_REMINDER_POLICY.max),
      };
    },
    /** Where the function's code is (Lambda's LAMBDA_TASK_ROOT; the project folder when run from the sources). */
    get taskRoot() {
      return optional('LAMBDA_TASK_ROOT') ?? process.cwd();
    },
    /** The user pool people and machine clients get their tokens from, and Liaison's own apps people use. */
    get identity() {
      return {
        issuer: required('USER_POOL_ISSUER').replace(/\/+$/, ''),
        /** The issuer's last segment names the pool (https://cognito-idp.<region>.amazonaws.com/<pool id>). */
        get userPoolId() {
          return this.issuer.split('/').pop()!;
        },
        peopleClients: required('PEOPLE_CLIENT_IDS').split(','),
        consoleClientId: required('CONSOLE_CLIENT_ID'),
        cliClientId: required('CLI_CLIENT_ID'),
        hostedUiUrl: required('HOSTED_UI_URL').replace(/\/+$/, ''),
      };
    },
    /** Who countersigns unless the onboarding names someone; by default the partnership officer. */
    get countersignatory() {
      return {
        name: optional('COUNTERSIGNATORY_NAME') ?? 'Head of Legal Affairs',
        email: optional('COUNTERSIGNATORY_EMAIL') ?? this.officerEmail,
        title: optional('COUNTERSIGNATORY_TITLE') ?? 'Head of Legal Affairs',
      };
    },
  };
}
