import { z } from '@hono/zod-openapi';
import { Code, Locale, LocalizedText, Text, Timestamp } from './common.ts';
import { Channel, Complainant, ComplaintStatus, Description, Place, SatisfactionRating } from './complaint.ts';
import { ANSWER_MAX } from './limits.ts';
import { ClockBasis, ClockStage, CloseOutcome, EscalationTarget, Severity } from './events.ts';
import { Duration, Priority } from './site.ts';
import { Membership, Role, StaffUser } from './staff.ts';

const note = (max: number) => Text(max).pipe(z.string().min(1));
const optionalNote = (max: number) => Text(max).optional();

/** Every workflow command a member of staff may give, as the API takes it. */
export const StaffCommand = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('accept'), notice: optionalNote(2000), expectedBy: Timestamp.optional() }),
    z.strictObject({ type: z.literal('not-accept'), reason: note(2000), referTo: optionalNote(500) }),
    z.strictObject({ type: z.literal('request-information'), question: note(2000) }),
    z.strictObject({ type: z.literal('provide-information'), text: note(5000) }),
    z.strictObject({ type: z.literal('waive-information'), note: note(2000) }),
    z.strictObject({ type: z.literal('classify'), severity: Severity, priority: Priority, vip: z.boolean() }),
    z.strictObject({
      type: z.literal('dispatch'),
      department: Code,
      assignee: note(200),
      requirements: optionalNote(2000),
      dueAt: Timestamp.optional(),
    }),
    z.strictObject({ type: z.literal('arrive-on-site'), note: optionalNote(2000) }),
    z.strictObject({ type: z.literal('start-investigation'), note: optionalNote(2000) }),
    z.strictObject({
      type: z.literal('propose-plan'),
      measures: note(5000),
      responsibility: note(500),
      schedule: note(1000),
      dueAt: Timestamp.optional(),
      seekOpinion: z.boolean(),
    }),
    z.strictObject({ type: z.literal('record-plan-opinion'), agrees: z.boolean(), comment: optionalNote(2000) }),
    z.strictObject({ type: z.literal('start-work'), note: optionalNote(2000) }),
    z.strictObject({ type: z.literal('add-note'), note: note(5000), public: z.boolean() }),
    z.strictObject({ type: z.literal('resolve'), result: note(5000), basis: note(2000), improvement: optionalNote(2000) }),
    z.strictObject({
      type: z.literal('send-feedback'),
      channel: z.enum(['phone', 'email', 'letter', 'online', 'in-person', 'sms']),
      message: note(5000),
    }),
    z.strictObject({
      type: z.literal('record-satisfaction'),
      rating: SatisfactionRating,
      comment: optionalNote(2000),
      via: z.enum(['survey', 'return-visit', 'phone']),
    }),
    z.strictObject({ type: z.literal('record-return-visit'), note: note(2000), rectified: z.boolean(), rating: SatisfactionRating.optional() }),
    z.strictObject({ type: z.literal('reopen'), reason: note(2000) }),
    z.strictObject({ type: z.literal('escalate'), to: EscalationTarget, note: note(2000) }),
    z.strictObject({
      type: z.literal('extend-deadline'),
      stage: ClockStage,
      by: Duration.optional(),
      until: Timestamp.optional(),
      reason: note(2000),
      approvedBy: note(200),
    }),
    z.strictObject({ type: z.literal('close'), outcome: CloseOutcome, note: optionalNote(2000) }),
    z.strictObject({ type: z.literal('archive'), signedOffBy: optionalNote(200) }),
    z.strictObject({ type: z.literal('merge'), intoReference: note(40) }),
    z.strictObject({ type: z.literal('withdraw'), reason: optionalNote(2000) }),
    z.strictObject({ type: z.literal('assess-mediation'), eligible: z.boolean(), note: note(2000), fileNumber: optionalNote(100) }),
    z.strictObject({
      type: z.literal('record-mediation-agreement'),
      text: note(20000),
      parties: z.array(note(200)).min(2).max(10),
      signedAt: Timestamp,
    }),
    z.strictObject({ type: z.literal('record-mediation-failure'), advice: z.enum(['court', 'arbitration', 'other']), note: note(2000) }),
    z.strictObject({ type: z.literal('record-settlement'), text: note(20000) }),
    z.strictObject({ type: z.literal('record-finding'), staffMember: note(200), substantiated: z.boolean(), note: optionalNote(2000) }),
    z.strictObject({
      type: z.literal('correct'),
      field: z.enum(['description', 'place', 'complainant', 'category', 'subject']),
      value: z.unknown(),
      reason: note(2000),
    }),
  ])
  .openapi('StaffCommand');
export type StaffCommand = z.infer<typeof StaffCommand>;
export type StaffCommandType = StaffCommand['type'];

export const CommandRequest = z
  .object({
    /** the version of the complaint the command was decided on; another change in between → 409 */
    expectedVersion: z.number().int().positive(),
    command: StaffCommand,
  })
  .openapi('CommandRequest');

/** A complaint registered by staff for someone who phoned, wrote or came in. */
export const IntakeRequest = z
  .strictObject({
    channel: z.enum(['phone', 'letter', 'walk-in', 'email', 'wechat', 'on-site']),
    category: Code,
    description: Description,
    place: Place.default({}),
    answers: z.record(Code, Text(ANSWER_MAX)).default({}),
    complainant: Complainant.optional(),
    language: Locale.optional(),
    severity: Severity.optional(),
    vip: z.boolean().optional(),
    /** the department or staff member complained about */
    subject: Text(200).optional(),
  })
  .openapi('IntakeRequest');
export type IntakeRequest = z.infer<typeof IntakeRequest>;

export const IntakeAnswer = z
  .object({ id: z.string(), reference: z.string(), accessCode: z.string(), registeredAt: Timestamp })
  .openapi('IntakeAnswer');

const MaskedComplainant = z
  .object({
    name: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    preferredContact: z.string().optional(),
    /** true when the values are shown in full (after a recorded reveal) */
    revealed: z.boolean(),
  })
  .openapi('ComplainantView');

export const ClockView = z
  .object({
    stage: ClockStage,
    basis: ClockBasis,
    startedAt: Timestamp,
    dueAt: Timestamp,
    warnAt: Timestamp,
    running: z.boolean(),
    paused: z.boolean(),
    warned: z.boolean(),
    breached: z.boolean(),
  })
  .openapi('Clock');

export const TimelineEntry = z
  .object({
    seq: z.number().int(),
    at: Timestamp,
    type: z.string(),
    actor: z.object({ kind: z.enum(['complainant', 'staff', 'system']), id: z.string().optional() }),
    /** the event's data, with the complainant's identity masked */
    data: z.record(z.string(), z.unknown()),
    /** whether the complainant sees this line on their timeline */
    public: z.boolean(),
  })
  .openapi('TimelineEntry');

/** A complaint as staff see it: everything the role may see, identity masked unless revealed. */
export const StaffComplaint = z
  .object({
    id: z.string(),
    reference: z.string(),
    site: Code,
    status: ComplaintStatus,
    channel: Channel,
    category: z.object({ code: Code, name: LocalizedText }),
    department: z.object({ code: Code, name: LocalizedText }),
    assignee: z.string().nullable(),
    priority: Priority,
    severity: Severity,
    vip: z.boolean(),
    description: z.string(),
    place: Place,
    answers: z.record(z.string(), z.string()),
    subject: z.string().nullable(),
    complainant: MaskedComplainant.nullable(),
    language: Locale,
    registeredAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
    reviewRound: z.number().int(),
    escalationLevel: z.number().int(),
    satisfaction: SatisfactionRating.nullable(),
    outcome: CloseOutcome.nullable(),
    clocks: z.array(ClockView),
    timeline: z.array(TimelineEntry),
    /** the commands this member may give now, for the buttons a screen shows */
    allowedCommands: z.array(z.string()),
  })
  .openapi('StaffComplaint');
export type StaffComplaint = z.infer<typeof StaffComplaint>;

export const QueueItem = StaffComplaint.omit({ timeline: true, answers: true }).openapi('QueueItem');
export type QueueItem = z.infer<typeof QueueItem>;

export const QueuePage = z
  .object({
    items: z.array(QueueItem),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
    overdue: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
  })
  .openapi('QueuePage');

export const SignInRequest = z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(200) }).openapi('SignIn');
export const SessionAnswer = z
  .object({ user: StaffUser, csrfToken: z.string(), expiresAt: Timestamp })
  .openapi('Session');

export const TokenRequest = z.strictObject({ label: note(100) }).openapi('TokenRequest');
export const TokenAnswer = z.object({ id: z.string(), label: z.string(), token: z.string(), createdAt: Timestamp }).openapi('NewToken');
export const TokenView = z
  .object({ id: z.string(), label: z.string(), createdAt: Timestamp, lastUsedAt: Timestamp.nullable(), revokedAt: Timestamp.nullable() })
  .openapi('Token');

export const PasswordChange = z.strictObject({ current: z.string().min(1).max(200), next: z.string().min(12).max(200) }).openapi('PasswordChange');

export const UserRequest = z
  .strictObject({
    email: z.email().max(254),
    name: note(100),
    password: z.string().min(12).max(200),
    roles: z.array(Role).min(1),
    departments: z.array(Code).default([]),
  })
  .openapi('NewMember');

export const MemberChange = z
  .strictObject({
    name: note(100).optional(),
    roles: z.array(Role).min(1).optional(),
    departments: z.array(Code).optional(),
    disabled: z.boolean().optional(),
  })
  .openapi('MemberChange');

export const MemberView = z
  .object({ id: z.string(), email: z.string(), name: z.string(), roles: z.array(Role), departments: z.array(Code), disabled: z.boolean() })
  .openapi('Member');

export const Reveal = z
  .object({ name: z.string().optional(), phone: z.string().optional(), email: z.string().optional(), preferredContact: z.string().optional() })
  .openapi('RevealedComplainant');

export const AuditView = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actor: z.string(),
    /** the acting member's name, when the actor is a member */
    actorName: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    /** the member's name, when the target is a member */
    targetName: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

export { Membership };
