// Request and record shapes: the one source of truth. Handlers validate with these, the
// OpenAPI document is generated from them, and TypeScript types are inferred from them.
import * as z from 'zod';
import { isValidLei } from './lei.js';
import { isCountryCode } from './countries.js';
import { EVENT_TYPES } from './events.js';
import { AGREEMENT_STATUSES, ONBOARDING_STATUSES } from './statuses.js';
import { DATA_CATEGORIES, DIRECTIONS, PURPOSES, SECTORS, SIGNING_ORDERS } from './vocabulary.js';

export { DATA_CATEGORIES, DIRECTIONS, PURPOSES, SECTORS, SIGNING_ORDERS } from './vocabulary.js';
export { ONBOARDING_STATUSES } from './statuses.js';
export { AGREEMENT_STATUSES } from './statuses.js';
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

// Free text reaches emails, PDFs, logs and other people's screens: control characters (header and log injection),
// text-direction overrides and invisible characters (names that read differently than they are), and unpaired
// surrogates (text no encoder can write) are refused, each with its own message. Reasons may span lines.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\n\r\t]/u;
const INVISIBLE_OR_OVERRIDE = /[\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/u;
const UNPAIRED_SURROGATE = /\p{Cs}/u;

const cleanText = (max: number, control: RegExp, what: string) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .superRefine((s, context) => {
      const problem = control.test(s)
        ? `must not contain control characters (${what})`
        : INVISIBLE_OR_OVERRIDE.test(s)
          ? 'must not contain invisible or text-direction override characters'
          : UNPAIRED_SURROGATE.test(s)
            ? 'must not contain unpaired surrogates (broken Unicode)'
            : undefined;
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });
/** One line of text: a name, a title, a role. */
const text = (max: number) => cleanText(max, CONTROL, 'line breaks, tabs and the like');
/** A reason: line breaks and tabs allowed. */
const paragraph = (max: number) => cleanText(max, CONTROL_BUT_LINE_BREAKS, 'other than line breaks and tabs');
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "DE"')
  .refine(isCountryCode, 'is not an ISO 3166-1 country code');
const personName = text(200);
const email = z.email('must be an email address').max(254);

export const Person = z.object({ name: personName, role: text(100) }).strict();
export const Signer = z.object({ name: personName, email, title: text(120) }).strict();
export type Signer = z.infer<typeof Signer>;

export const Company = z
  .object({
    legalName: personName,
    country: CountryCode,
    registrationNumber: text(64).optional(),
    lei: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]{18}[0-9]{2}$/, 'must be 20 characters: 18 letters or digits and 2 check digits')
      .refine(isValidLei, 'check digits do not match (ISO 17442 / ISO 7064 MOD 97-10)')
      .optional(),
    website: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(300)
      .optional(),
    sector: Sector,
    people: z.array(Person).max(50).default([]),
  })
  .strict();
export type Company = z.infer<typeof Company>;

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `at least one ${what} is required`)
    .max(20)
    .refine((xs) => new Set(xs).size === xs.length, `${what} must not repeat`);

export const Scope = z
  .object({
    dataCategories: uniqueList(DataCategory, 'data category'),
    purposes: uniqueList(Purpose, 'purpose'),
    direction: Direction,
    retentionDays: z.number().int().min(1).max(3650),
    excludedCountries: z.array(CountryCode).max(250).default([]),
    /** Threat intelligence is about infrastructure unless this says it names people (then it is personal data). */
    threatIntelligenceIdentifiesPeople: z.boolean().optional(),
  })
  .strict();
export type Scope = z.infer<typeof Scope>;

export const StartOnboardingRequest = z
  .object({
    company: Company,
    signatories: z
      .array(Signer)
      .min(1, 'at least one company signatory is required')
      .max(10)
      .refine(
        (xs) => new Set(xs.map((s) => s.email.toLowerCase())).size === xs.length,
        'signatory emails must not repeat',
      ),
    scope: Scope,
    termMonths: z.number().int().min(1).max(60),
    templateId: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'must be a template id such as "dsa-standard"')
      .default('dsa-standard'),
    countersignatory: Signer.optional(),
    signingOrder: z.enum(SIGNING_ORDERS).default('sequential'),
    signingLinkDays: z.number().int().min(1).max(90).default(14),
  })
  .strict()
  .meta({ id: 'StartOnboardingRequest' });
export type StartOnboardingRequest = z.infer<typeof StartOnboardingRequest>;

/** The approver gates an onboarding may wait at. */
export const GATES = ['vetting-review', 'data-protection'] as const;
/** Each gate as people read it. */
export const GATE_NAMES: Record<(typeof GATES)[number], string> = {
  'vetting-review': 'Vetting review',
  'data-protection': 'Data-protection approval',
};

export const ReviewRequest = z
  .object({
    /** The gate the approver saw and decides: a decision never lands on a gate its author did not see. */
    gate: z.enum(GATES),
    decision: z.enum(['approve', 'reject']),
    reason: paragraph(2000),
  })
  .strict()
  .meta({ id: 'ReviewRequest' });

export const ReasonRequest = z
  .object({ reason: paragraph(2000) })
  .strict()
  .meta({ id: 'ReasonRequest' });

/** A renewal's reason is optional (the body may be left out altogether). */
export const RenewRequest = z
  .object({ reason: paragraph(2000).optional() })
  .strict()
  .meta({ id: 'RenewRequest' });

export const ReplaceSignerRequest = z
  .object({ name: personName, email, title: text(120), reason: paragraph(2000) })
  .strict()
  .meta({ id: 'ReplaceSignerRequest' });

export const AccessCheckRequest = z
  .object({
    partnerId: text(80),
    dataCategory: DataCategory,
    purpose: Purpose,
    direction: Direction,
    requestingCountry: CountryCode,
    at: z.iso.datetime({ offset: true }).optional(),
    /** The data subject holds refugee status or other protection against these countries. */
    protectedFromCountries: z.array(CountryCode).max(250).optional(),
  })
  .strict()
  .meta({ id: 'AccessCheckRequest' });
export type AccessCheckRequest = z.infer<typeof AccessCheckRequest>;

export const ScreeningRequest = z
  .object({
    name: text(300),
    country: CountryCode.optional(),
  })
  .strict()
  .meta({ id: 'ScreeningRequest' });

export const ExpirySweepRequest = z
  .object({
    asOf: z.iso.datetime({ offset: true }).optional(),
    /** Report what the job would do and write and send nothing: the only way to look ahead (`asOf` later). */
    dryRun: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'ExpirySweepRequest' });

/** A day (the whole day, UTC) or a moment. */
const DayOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
/** The longest period one query of the decision log reads. */
export const MAX_DECISION_QUERY_DAYS = 366;

export const AccessDecisionsQuery = z
  .object({
    partnerId: text(80).optional(),
    decision: z.enum(['ALLOW', 'DENY']).optional(),
    requestingCountry: CountryCode.optional(),
    dataCategory: DataCategory.optional(),
    purpose: Purpose.optional(),
    /** From this day or moment on (default: 30 days before `to`). */
    from: DayOrTime.optional(),
    /** Until the end of this day, or this moment (default: now). */
    to: DayOrTime.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    nextToken: z.string().max(2000).optional(),
  })
  .strict();
export type AccessDecisionsQuery = z.infer<typeof AccessDecisionsQuery>;

export const TransparencyReportQuery = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['from'], message: 'must not be later than to' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_DECISION_QUERY_DAYS * 86_400_000, {
    path: ['to'],
    message: `must be at most ${MAX_DECISION_QUERY_DAYS} days after from`,
  });

export const WebhookRequest = z
  .object({
    url: z.string().min(1).max(2000),
    events: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length),
    description: text(200).optional(),
  })
  .strict();
export type WebhookRequest = z.infer<typeof WebhookRequest>;

export const ListDeliveriesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    nextToken: z.string().max(2000).optional(),
  })
  .strict();

/** Who may already be a partner: at least one of the name, the LEI or the registration number (with its country). */
export const PartnerMatchesQuery = z
  .object({
    legalName: personName.optional(),
    country: CountryCode.optional(),
    lei: z.string().trim().toUpperCase().max(20).optional(),
    registrationNumber: text(64).optional(),
  })
  .strict()
  .refine((q) => q.legalName || q.lei || q.registrationNumber, {
    path: ['legalName'],
    message: 'give a legal name, an LEI or a registration number',
  });

export const ListOnboardingsQuery = z
  .object({
    status: OnboardingStatus.optional(),
    /** Part of the company's name: capitals, accents, punctuation and spacing aside. */
    company: text(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    nextToken: z.string().max(2000).optional(),
  })
  .strict();

export const ListAgreementsQuery = z
  .object({
    status: AgreementStatus.optional(),
    /** Part of the partner's name: capitals, accents, punctuation and spacing aside. */
    company: text(200).optional(),
    expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    nextToken: z.string().max(2000).optional(),
  })
  .strict();

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
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
