import { z } from '@hono/zod-openapi';
import { Code, Locale, Timestamp } from './common.ts';
import { Channel, Complainant, Location, Place, SatisfactionRating } from './complaint.ts';

export { SatisfactionRating };
import { Priority } from './site.ts';

/** Who caused an event: the complainant, a staff member, or the system's own clock. */
export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('complainant') }),
  z.object({ kind: z.literal('staff'), id: z.string() }),
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof Actor>;

export const Severity = z.enum(['minor', 'normal', 'major']);
export type Severity = z.infer<typeof Severity>;

/** The stages whose clocks run (PROCEDURES.md: acknowledge, on site, investigate, resolve, feedback, return visit). */
export const ClockStage = z.enum(['acknowledge', 'onSite', 'investigate', 'resolve', 'feedback', 'returnVisit']);
export type ClockStage = z.infer<typeof ClockStage>;

/** Wall-clock stages count every minute; working-time stages count only the site's working hours. */
export const ClockBasis = z.enum(['wall', 'working']);
export type ClockBasis = z.infer<typeof ClockBasis>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const RegisteredData = z.object({
  siteKey: Code,
  reference: z.string(),
  /** SHA-256 of the access code: the code itself is never stored */
  accessCodeHash: z.string().regex(/^[0-9a-f]{64}$/),
  channel: Channel,
  category: Code,
  department: Code,
  priority: Priority,
  severity: Severity.default('normal'),
  vip: z.boolean().default(false),
  description: z.string(),
  place: Place,
  answers: z.record(z.string(), z.string()),
  complainant: Complainant.nullable(),
  language: Locale,
  /** the department or staff member complained about (被投訴部門、人員), when named */
  subject: z.string().max(200).optional(),
  attachments: z.array(z.string()).default([]),
  location: Location.optional(),
  /** a photo the filing client keeps on its own server (Open311 `media_url`) */
  mediaUrl: z.string().max(2000).optional(),
  /** the place's id in the filing client's address register (Open311 `address_id`) */
  addressId: z.string().max(200).optional(),
  /** the SHA-256 of the consent text the complainant agreed to, as it read then */
  consentTo: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type RegisteredData = z.infer<typeof RegisteredData>;

export const EscalationTarget = z.enum(['supervisor', 'manager', 'higher-level']);
export type EscalationTarget = z.infer<typeof EscalationTarget>;
export const EscalationReason = z.enum(['vip', 'major', 'breach', 'dissatisfied', 'unsolved', 'manual']);
export type EscalationReason = z.infer<typeof EscalationReason>;


export const CloseOutcome = z.enum(['resolved', 'unresolved', 'mediated', 'settled', 'referred']);
export type CloseOutcome = z.infer<typeof CloseOutcome>;

/** The data of every event type. The record is these events; the state is their fold. */
export const EVENT_SCHEMAS = {
  registered: RegisteredData,
  accepted: z.object({ notice: text(2000).optional(), expectedBy: Timestamp.optional() }),
  'not-accepted': z.object({ reason: text(2000), referTo: text(500).optional() }),
  'information-requested': z.object({ question: text(2000) }),
  'information-provided': z.object({ text: text(5000), attachments: z.array(z.string()).default([]) }),
  'information-waived': z.object({ note: text(2000) }),
  classified: z.object({ severity: Severity, priority: Priority, vip: z.boolean() }),
  escalated: z.object({
    to: EscalationTarget,
    /** who it went to, when the policy names them (a department's supervisor) */
    recipient: z.string().optional(),
    reason: EscalationReason,
    level: z.number().int().nonnegative(),
    stage: ClockStage.optional(),
    note: z.string().max(2000).optional(),
  }),
  dispatched: z.object({
    department: Code,
    assignee: text(200),
    requirements: z.string().max(2000).optional(),
  }),
  'arrived-on-site': z.object({ note: z.string().max(2000).optional() }),
  'investigation-started': z.object({ note: z.string().max(2000).optional() }),
  'plan-proposed': z.object({
    measures: text(5000),
    responsibility: text(500),
    schedule: text(1000),
    dueAt: Timestamp.optional(),
    seekOpinion: z.boolean(),
  }),
  'plan-opinion-recorded': z.object({ agrees: z.boolean(), comment: z.string().max(2000).optional() }),
  'work-started': z.object({ note: z.string().max(2000).optional() }),
  'note-added': z.object({ note: text(5000), public: z.boolean() }),
  resolved: z.object({ result: text(5000), basis: text(2000), improvement: z.string().max(2000).optional() }),
  'feedback-sent': z.object({ channel: z.enum(['phone', 'email', 'letter', 'online', 'in-person', 'sms']), message: text(5000) }),
  'satisfaction-recorded': z.object({
    rating: SatisfactionRating,
    comment: z.string().max(2000).optional(),
    via: z.enum(['survey', 'return-visit', 'phone']),
  }),
  'return-visit-recorded': z.object({ note: text(2000), rectified: z.boolean() }),
  reopened: z.object({ reason: text(2000), round: z.number().int().positive() }),
  closed: z.object({ outcome: CloseOutcome, note: z.string().max(2000).optional() }),
  archived: z.object({ signedOffBy: z.string().max(200).optional() }),
  merged: z.object({ intoReference: z.string().min(1).max(40) }),
  withdrawn: z.object({ reason: z.string().max(2000).optional() }),
  'mediation-assessed': z.object({ eligible: z.boolean(), note: text(2000), fileNumber: z.string().max(100).optional() }),
  'mediation-agreed': z.object({ text: text(20000), parties: z.array(text(200)).min(2), signedAt: Timestamp }),
  'mediation-failed': z.object({ advice: z.enum(['court', 'arbitration', 'other']), note: text(2000) }),
  settled: z.object({ text: text(20000) }),
  'finding-recorded': z.object({ staffMember: text(200), substantiated: z.boolean(), note: z.string().max(2000).optional() }),
  corrected: z.object({
    field: z.enum(['description', 'place', 'complainant', 'category', 'subject']),
    value: z.unknown(),
    reason: text(2000),
  }),
  'clock-started': z.object({
    stage: ClockStage,
    basis: ClockBasis,
    dueAt: Timestamp,
    warnAt: Timestamp,
    /** the time allowed, in the basis' milliseconds; a pause keeps what was left of it */
    budgetMs: z.number().nonnegative(),
    /** not before this (a return visit 3 days after, at the earliest) */
    notBefore: Timestamp.optional(),
  }),
  'clock-stopped': z.object({ stage: ClockStage, onTime: z.boolean().nullable() }),
  'clocks-paused': z.object({ stages: z.array(ClockStage) }),
  'clocks-resumed': z.object({
    clocks: z.array(z.object({ stage: ClockStage, dueAt: Timestamp, warnAt: Timestamp })),
  }),
  'deadline-extended': z.object({
    stage: ClockStage,
    dueAt: Timestamp,
    warnAt: Timestamp,
    budgetMs: z.number().nonnegative(),
    reason: text(2000),
    approvedBy: text(200),
  }),
  'deadline-warned': z.object({ stage: ClockStage, dueAt: Timestamp }),
  'deadline-breached': z.object({ stage: ClockStage, dueAt: Timestamp }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventData<T extends EventType> = z.output<(typeof EVENT_SCHEMAS)[T]>;

/** An event as the workflow core produces it, before the store gives it a place in the chain. */
export type NewEvent = {
  [T in EventType]: { type: T; data: EventData<T>; actor: Actor; at: string };
}[EventType];

/** An event as stored: numbered within its complaint and linked to its predecessor by hash. */
export type StoredEvent = NewEvent & {
  complaintId: string;
  seq: number;
  prevHash: string;
  hash: string;
};

export type EventOf<T extends EventType> = Extract<StoredEvent, { type: T }>;
