// Request and record shapes: the one source of truth. Handlers validate with these, the
// OpenAPI document is generated from them, and TypeScript types are inferred from them.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { isValidLei } from './lei.js';
import { isCountryCode } from './countries.js';
import { EVENT_TYPES } from './events.js';
import { AGREEMENT_STATUSES, ONBOARDING_STATUSES } from './statuses.js';
import { DATA_CATEGORIES, DIRECTIONS, PURPOSES, SECTORS, SIGNING_ORDERS } from './vocabulary.js';

export { DATA_CATEGORIES, DIRECTIONS, PURPOSES, SECTORS, SIGNING_ORDERS } from './vocabulary.js';
export { ONBOARDING_STATUSES } from './statuses.js';
export { AGREEMENT_STATUSES } from './statuses.js';
// zod/mini carries no messages of its own (the full zod sets English on first use): the same English, set here
z.config(en());

export const ROLES = ['officer', 'approver', 'auditor', 'service'] as const;

/** A closed vocabulary, whose refusal lists what it takes. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of: ${values.join(', ')}` });

export const Sector = oneOf(SECTORS);
export const DataCategory = oneOf(DATA_CATEGORIES);
export type DataCategory = z.infer<typeof DataCategory>;
export const Purpose = oneOf(PURPOSES);
export const Direction = oneOf(DIRECTIONS);
export const OnboardingStatus = z.enum(ONBOARDING_STATUSES);
export const AgreementStatus = z.enum(AGREEMENT_STATUSES);
export type Role = (typeof ROLES)[number];

/** A schema with its name in the OpenAPI document. */
function named<T extends z.ZodMiniType>(schema: T, id: string): T {
  z.globalRegistry.add(schema, { id });
  return schema;
}

// Free text reaches emails, PDFs, logs and other people's screens: control characters (header and log injection),
// text-direction overrides and invisible characters (names that read differently than they are), and unpaired
// surrogates (text no encoder can write) are refused, each with its own message. Reasons may span lines.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\n\r\t]/u;
const INVISIBLE_OR_OVERRIDE = /[\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/u;
const UNPAIRED_SURROGATE = /\p{Cs}/u;

const cleanText = (max: number, control: RegExp, what: string) =>
  z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(max),
    z.superRefine((s, context) => {
      const problem = control.test(s)
        ? `must not contain control characters (${what})`
        : INVISIBLE_OR_OVERRIDE.test(s)
          ? 'must not contain invisible or text-direction override characters'
          : UNPAIRED_SURROGATE.test(s)
            ? 'must not contain unpaired surrogates (broken Unicode)'
            : undefined;
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  );
/** One line of text: a name, a title, a role. */
const text = (max: number) => cleanText(max, CONTROL, 'line breaks, tabs and the like');
/** A reason: line breaks and tabs allowed. */
const paragraph = (max: number) => cleanText(max, CONTROL_BUT_LINE_BREAKS, 'other than line breaks and tabs');
/** A whole number from min to max; in a query string, the digits of one. */
const whole = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));
const wholeInQuery = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));
/** Where the previous page of a list ended, as its answer said. */
const nextToken = z.optional(z.string().check(z.maxLength(2000)));

export const CountryCode = z
  .string()
  .check(
    z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "DE"'),
    z.refine(isCountryCode, 'is not an ISO 3166-1 country code'),
  );
const personName = text(200);
const email = z.email('must be an email address').check(z.maxLength(254));

export const Person = z.strictObject({ name: personName, role: text(100) });
export const Signer = z.strictObject({ name: personName, email, title: text(120) });
export type Signer = z.infer<typeof Signer>;

export const Company = z.strictObject({
  legalName: personName,
  country: CountryCode,
  registrationNumber: z.optional(text(64)),
  lei: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.toUpperCase(),
        z.regex(/^[0-9A-Z]{18}[0-9]{2}$/, 'must be 20 characters: 18 letters or digits and 2 check digits'),
        z.refine(isValidLei, 'check digits do not match (ISO 17442 / ISO 7064 MOD 97-10)'),
      ),
  ),
  website: z.optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).check(z.maxLength(300))),
  sector: Sector,
  people: z._default(z.array(Person).check(z.maxLength(50)), []),
});
export type Company = z.infer<typeof Company>;

const uniqueList = <T extends z.ZodMiniType<string>>(item: T, what: string) =>
  z.array(item).check(
    z.minLength(1, `at least one ${what} is required`),
    z.maxLength(20),
    z.refine((xs) => new Set(xs).size === xs.length, `${what} must not repeat`),
  );

export const Scope = z.strictObject({
  dataCategories: uniqueList(DataCategory, 'data category'),
  purposes: uniqueList(Purpose, 'purpose'),
  direction: Direction,
  retentionDays: whole(1, 3650),
  excludedCountries: z._default(z.array(CountryCode).check(z.maxLength(250)), []),
  /** Threat intelligence is about infrastructure unless this says it names people (then it is personal data). */
  threatIntelligenceIdentifiesPeople: z.optional(z.boolean()),
});
export type Scope = z.infer<typeof Scope>;

export const StartOnboardingRequest = named(
  z.strictObject({
    company: Company,
    signatories: z.array(Signer).check(
      z.minLength(1, 'at least one company signatory is required'),
      z.maxLength(10),
      z.refine(
        (xs) => new Set(xs.map((s) => s.email.toLowerCase())).size === xs.length,
        'signatory emails must not repeat',
      ),
    ),
    scope: Scope,
    termMonths: whole(1, 60),
    templateId: z._default(
      z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, 'must be a template id such as "dsa-standard"')),
      'dsa-standard',
    ),
    countersignatory: z.optional(Signer),
    signingOrder: z._default(z.enum(SIGNING_ORDERS), 'sequential'),
    signingLinkDays: z._default(whole(1, 90), 14),
  }),
  'StartOnboardingRequest',
);
export type StartOnboardingRequest = z.infer<typeof StartOnboardingRequest>;

/** The approver gates an onboarding may wait at. */
export const GATES = ['vetting-review', 'data-protection'] as const;
/** Each gate as people read it. */
export const GATE_NAMES: Record<(typeof GATES)[number], string> = {
  'vetting-review': 'Vetting review',
  'data-protection': 'Data-protection approval',
};

export const ReviewRequest = named(
  z.strictObject({
    /** The gate the approver saw and decides: a decision never lands on a gate its author did not see. */
    gate: z.enum(GATES),
    decision: z.enum(['approve', 'reject']),
    reason: paragraph(2000),
  }),
  'ReviewRequest',
);

export const ReasonRequest = named(z.strictObject({ reason: paragraph(2000) }), 'ReasonRequest');

/** A renewal's reason is optional (the body may be left out altogether). */
export const RenewRequest = named(z.strictObject({ reason: z.optional(paragraph(2000)) }), 'RenewRequest');

export const ReplaceSignerRequest = named(
  z.strictObject({ name: personName, email, title: text(120), reason: paragraph(2000) }),
  'ReplaceSignerRequest',
);

export const AccessCheckRequest = named(
  z.strictObject({
    partnerId: text(80),
    dataCategory: DataCategory,
    purpose: Purpose,
    direction: Direction,
    requestingCountry: CountryCode,
    at: z.optional(z.iso.datetime({ offset: true })),
    /** The data subject holds refugee status or other protection against these countries. */
    protectedFromCountries: z.optional(z.array(CountryCode).check(z.maxLength(250))),
  }),
  'AccessCheckRequest',
);
export type AccessCheckRequest = z.infer<typeof AccessCheckRequest>;

export const ScreeningRequest = named(
  z.strictObject({ name: text(300), country: z.optional(CountryCode) }),
  'ScreeningRequest',
);

export const ExpirySweepRequest = named(
  z.strictObject({
    asOf: z.optional(z.iso.datetime({ offset: true })),
    /** Report what the job would do and write and send nothing: the only way to look ahead (`asOf` later). */
    dryRun: z._default(z.boolean(), false),
  }),
  'ExpirySweepRequest',
);

/** A day (the whole day, UTC) or a moment. */
const DayOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
/** The longest period one query of the decision log reads. */
export const MAX_DECISION_QUERY_DAYS = 366;

export const AccessDecisionsQuery = z.strictObject({
  partnerId: z.optional(text(80)),
  decision: z.optional(z.enum(['ALLOW', 'DENY'])),
  requestingCountry: z.optional(CountryCode),
  dataCategory: z.optional(DataCategory),
  purpose: z.optional(Purpose),
  /** From this day or moment on (default: 30 days before `to`). */
  from: z.optional(DayOrTime),
  /** Until the end of this day, or this moment (default: now). */
  to: z.optional(DayOrTime),
  limit: z._default(wholeInQuery(1, 100), 50),
  nextToken,
});
export type AccessDecisionsQuery = z.infer<typeof AccessDecisionsQuery>;

export const TransparencyReportQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date() }).check(
  z.refine((q) => q.from <= q.to, { path: ['from'], message: 'must not be later than to' }),
  z.refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_DECISION_QUERY_DAYS * 86_400_000, {
    path: ['to'],
    message: `must be at most ${MAX_DECISION_QUERY_DAYS} days after from`,
  }),
);

export const WebhookRequest = z.strictObject({
  url: z.string().check(z.minLength(1), z.maxLength(2000)),
  events: z.array(z.enum(EVENT_TYPES)).check(z.minLength(1), z.maxLength(EVENT_TYPES.length)),
  description: z.optional(text(200)),
});
export type WebhookRequest = z.infer<typeof WebhookRequest>;

export const ListDeliveriesQuery = z.strictObject({ limit: z._default(wholeInQuery(1, 100), 25), nextToken });

/** Who may already be a partner: at least one of the name, the LEI or the registration number (with its country). */
export const PartnerMatchesQuery = z
  .strictObject({
    legalName: z.optional(personName),
    country: z.optional(CountryCode),
    lei: z.optional(z.string().check(z.trim(), z.toUpperCase(), z.maxLength(20))),
    registrationNumber: z.optional(text(64)),
  })
  .check(
    z.refine((q) => Boolean(q.legalName || q.lei || q.registrationNumber), {
      path: ['legalName'],
      message: 'give a legal name, an LEI or a registration number',
    }),
  );

export const ListOnboardingsQuery = z.strictObject({
  status: z.optional(OnboardingStatus),
  /** Part of the company's name: capitals, accents, punctuation and spacing aside. */
  company: z.optional(text(200)),
  limit: z._default(wholeInQuery(1, 100), 25),
  nextToken,
});

export const ListAgreementsQuery = z.strictObject({
  status: z.optional(AgreementStatus),
  /** Part of the partner's name: capitals, accents, punctuation and spacing aside. */
  company: z.optional(text(200)),
  expiringWithinDays: z.optional(wholeInQuery(0, 3650)),
  limit: z._default(wholeInQuery(1, 100), 25),
  nextToken,
});

export const SignFormRequest = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('sign'),
    fullName: personName,
    title: text(120),
    consent: z.literal('yes', { error: 'tick the box to confirm you agree' }),
  }),
  z.object({ action: z.literal('decline'), reason: paragraph(2000) }),
]);
export type SignFormRequest = z.infer<typeof SignFormRequest>;

export interface FieldIssue {
  path: string;
  message: string;
}

/** Every field at fault, with a dotted path, for the 400 body. */
export function fieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
