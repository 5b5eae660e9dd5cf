import { z } from '@hono/zod-openapi';
import { Code, LocalizedText, Locale } from './common.ts';

/**
 * How long a stage may take. Working days and working hours follow the site's business
 * calendar; minutes, hours and days are counted on the wall clock (an emergency does not wait
 * for Monday).
 */
export const Duration = z
  .object({
    amount: z.number().int().positive(),
    unit: z.enum(['minutes', 'hours', 'days', 'workingDays', 'workingHours']),
  })
  .openapi('Duration');
export type Duration = z.infer<typeof Duration>;

/** The stages whose clocks the procedures set (PROCEDURES.md, "Response-time table" and "Feedback"). */
export const DeadlinePolicy = z
  .object({
    /** register → acceptance notice / confirmation with the complainant (24 h in 000, 2 working days in 001) */
    acknowledge: Duration,
    /** report → handler on site (3 min fire and emergencies, 5–15 min repairs, 002 篇1 6) */
    onSite: Duration.optional(),
    /** dispatch → investigation started (48 h, 000 §三3.1) */
    investigate: Duration.optional(),
    /** dispatch → handling done: the published service commitment (001 二) */
    resolve: Duration.optional(),
    /** handling done → result told to the complainant (7 working days 000, 15 working days 001) */
    feedback: Duration.optional(),
    /** result → return visit, not before `after`, at the latest `within` (3–5 days, 003) */
    returnVisit: z.object({ after: Duration, within: Duration }).optional(),
  })
  .openapi('DeadlinePolicy');
export type DeadlinePolicy = z.infer<typeof DeadlinePolicy>;
export type DeadlineStage = keyof DeadlinePolicy;

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']).openapi('Priority');
export type Priority = z.infer<typeof Priority>;

/** A question a category asks on the form, beyond the description and the place. */
export const Question = z
  .object({
    id: Code,
    label: LocalizedText,
    kind: z.enum(['text', 'choice']),
    required: z.boolean().default(false),
    options: z.array(z.object({ value: Code, label: LocalizedText })).optional(),
  })
  .openapi('Question');
export type Question = z.infer<typeof Question>;

export const Department = z
  .object({
    code: Code,
    name: LocalizedText,
    /** who a breach or an escalation of this department's work goes to */
    supervisor: z.string().optional(),
  })
  .openapi('Department');
export type Department = z.infer<typeof Department>;

/** What the form shows at once for an emergency instead of taking a report. */
export const Emergency = z.object({ phone: z.string(), instruction: LocalizedText }).openapi('Emergency');

export const Category = z
  .object({
    code: Code,
    name: LocalizedText,
    /** the department this kind of complaint is routed to */
    department: Code,
    priority: Priority.default('normal'),
    /** emergencies are not queued: the form shows whom to call at once */
    emergency: Emergency.optional(),
    questions: z.array(Question).default([]),
    /** stage clocks that differ from the site's defaults */
    deadlines: DeadlinePolicy.partial().optional(),
  })
  .openapi('Category');
export type Category = z.infer<typeof Category>;

export const PlaceField = z.enum(['unit', 'room', 'address']);
export type PlaceField = z.infer<typeof PlaceField>;

const LocalTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM');
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** The site's business calendar: which days are worked, and when. */
export const CalendarSettings = z
  .object({
    /** official public holidays and make-up working days (调休) to follow; "CN" is mainland China */
    region: z.enum(['CN', 'none']).default('CN'),
    /** local weekdays that are rest days, 0 = Sunday … 6 = Saturday */
    weekend: z.array(z.number().int().min(0).max(6)).default([0, 6]),
    /** working intervals of a working day, local time; none means the whole day */
    workingHours: z.array(z.object({ start: LocalTime, end: LocalTime })).default([{ start: '09:00', end: '18:00' }]),
    /** the site's own rest days and working days, over the official calendar */
    holidays: z.array(LocalDate).default([]),
    workdays: z.array(LocalDate).default([]),
  })
  .openapi('CalendarSettings');
export type CalendarSettings = z.infer<typeof CalendarSettings>;

/** Substantiated conduct findings per person per year → the measure (002 篇2 第十二條). */
export const AccountabilityMeasure = z.object({ count: z.number().int().positive(), measure: LocalizedText });
export type AccountabilityMeasure = z.infer<typeof AccountabilityMeasure>;

export const SitePolicy = z.object({
  categories: z.array(Category).min(1),
  departments: z.array(Department).min(1),
  deadlines: DeadlinePolicy,
  calendar: CalendarSettings.default(CalendarSettings.parse({})),
  /** share of a stage's time after which a warning is raised */
  warningShare: z.number().gt(0).lt(1).default(0.75),
  /** who hears of major and VIP complaints at once (002 篇3 四4) and of escalations past a supervisor */
  manager: z.string().default('manager'),
  /** reviews (复审) before a still-dissatisfied complainant goes to a higher level (003) */
  reviewRounds: z.number().int().min(0).max(5).default(2),
  /** how long after closing the complainant may ask for a review */
  reopenWindow: Duration.default({ amount: 15, unit: 'days' }),
  /** filing needs a manager's sign-off (002 篇3 五2: 上報總經理批示後歸檔) */
  archiveSignOff: z.boolean().default(false),
  accountability: z.array(AccountabilityMeasure).default([]),
  /** shown on the form with a box to tick; filing needs the tick when it is set */
  consentText: LocalizedText.optional(),
  /** which parts of the place the form asks for: a flat, a hotel room, a village address */
  placeFields: z.array(PlaceField).min(1),
  /** 002 篇2 第七條 encourages but does not require a real name */
  allowAnonymous: z.boolean().default(true),
  /** share of satisfied answers the organisation commits to (002 篇1: 95%) */
  satisfactionTarget: z.number().min(0).max(1).default(0.95),
});
export type SitePolicy = z.infer<typeof SitePolicy>;

export const SiteKind = z.enum(['community', 'hotel', 'bureau', 'other']);

export const Site = z.object({
  key: Code,
  kind: SiteKind,
  name: LocalizedText,
  timezone: z.string().min(1),
  defaultLocale: Locale,
  /** origins whose pages may embed the public form; "*" lets any page do so */
  allowedOrigins: z.array(z.string()).default([]),
  /** the colours of the site's own resident app (its installable web app) */
  theme: z
    .object({ accent: z.string().regex(/^#[0-9a-fA-F]{6}$/), background: z.string().regex(/^#[0-9a-fA-F]{6}$/) })
    .default({ accent: '#1d4ed8', background: '#ffffff' }),
  policy: SitePolicy,
});
export type Site = z.infer<typeof Site>;
/** a site as written in configuration, before defaults are filled in */
export type SiteInput = z.input<typeof Site>;

/** What the widget needs to draw the form: no staff names, no internal routing. */
export const PublicSite = z
  .object({
    key: Code,
    kind: SiteKind,
    name: LocalizedText,
    timezone: z.string(),
    defaultLocale: Locale,
    allowAnonymous: z.boolean(),
    placeFields: z.array(PlaceField),
    consentText: LocalizedText.optional(),
    theme: z.object({ accent: z.string(), background: z.string() }),
    categories: z.array(
      z.object({
        code: Code,
        name: LocalizedText,
        emergency: Emergency.optional(),
        questions: z.array(Question),
      }),
    ),
  })
  .openapi('PublicSite');
export type PublicSite = z.infer<typeof PublicSite>;
