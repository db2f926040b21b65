// Environment settings, read in one place. `required` throws so a misconfigured function fails at once.
export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const optional = (name: string, fallback: string) => process.env[name] || fallback;

function positiveNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`environment variable ${name} must be a number >= 0, not "${value}"`);
  return n;
}

export function settings() {
  return {
    tableName: optional('TABLE_NAME', 'liaison'),
    /** Read on use: only the functions that send links need it. */
    get baseUrl() { return required('BASE_URL').replace(/\/+$/, ''); },
    organisationName: optional('ORGANISATION_NAME', 'the International Police Cooperation Organisation'),
    officerEmail: optional('OFFICER_EMAIL', 'partnerships@liaison.local'),
    approverEmail: optional('APPROVER_EMAIL', 'dpo@liaison.local'),
    /** LIAISON_REMINDER_FIRST_DAYS / _EVERY_DAYS / _MAX (Documenso's 5 / 2 / 5 by default). */
    reminders: {
      firstAfterDays: positiveNumber('LIAISON_REMINDER_FIRST_DAYS', 5),
      everyDays: positiveNumber('LIAISON_REMINDER_EVERY_DAYS', 2),
      max: positiveNumber('LIAISON_REMINDER_MAX', 5),
    },
    countersignatory: {
      name: optional('COUNTERSIGNATORY_NAME', 'Head of Legal Affairs'),
      email: optional('COUNTERSIGNATORY_EMAIL', 'legal@liaison.local'),
      title: optional('COUNTERSIGNATORY_TITLE', 'Head of Legal Affairs'),
    },
  };
}
