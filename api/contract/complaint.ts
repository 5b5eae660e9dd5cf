import { z } from '@hono/zod-openapi';
import { COMPLAINT_STATUSES } from './statuses.ts';
import { Code, Locale, LocalizedText, Text, Timestamp } from './common.ts';
import { ANSWER_MAX, ATTACHMENTS_MAX, DESCRIPTION_MAX, NAME_MAX, PHONE_PATTERN, PLACE_MAX } from './limits.ts';

/** Where a complaint arrived (PROCEDURES.md, "Channels"). */
export const Channel = z
  .enum(['web', 'phone', 'letter', 'walk-in', 'email', 'wechat', 'on-site', 'open311'])
  .openapi('Channel');
export type Channel = z.infer<typeof Channel>;

export const Place = z
  .strictObject({
    unit: Text(PLACE_MAX.unit).optional(),
    room: Text(PLACE_MAX.room).optional(),
    address: Text(PLACE_MAX.address).optional(),
  })
  .openapi('Place');
export type Place = z.infer<typeof Place>;

export const Complainant = z
  .strictObject({
    name: Text(NAME_MAX).optional(),
    phone: z
      .string()
      .trim()
      .regex(PHONE_PATTERN, 'a phone number: digits, spaces, dashes, an optional leading +')
      .optional(),
    email: z.email().max(254).optional(),
    /** how the complainant wants to hear back (001 一(四)4) */
    preferredContact: z.enum(['phone', 'email', 'letter', 'none']).optional(),
  })
  .openapi('Complainant');
export type Complainant = z.infer<typeof Complainant>;

/** What happened, in the complainant's words. */
export const Description = Text(DESCRIPTION_MAX).pipe(z.string().min(1, 'describe what happened'));

/** A photo, by the SHA-256 of its bytes: the same picture uploaded twice is one attachment. */
export const AttachmentId = z.string().regex(/^[0-9a-f]{64}$/, 'an attachment id from the upload').openapi('AttachmentId');
export { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, ATTACHMENTS_MAX } from './limits.ts';

/** Where it happened, from the browser, only when the complainant agreed to share it. */
export const Location = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    /** metres */
    accuracy: z.number().nonnegative().max(100_000).optional(),
  })
  .openapi('Location');
export type Location = z.infer<typeof Location>;

export const FileComplaintRequest = z
  .strictObject({
    category: Code.openapi({ example: 'repair-water-electric' }),
    description: Description.openapi({ example: '3号楼2单元楼道灯坏了一周,晚上很黑。' }),
    place: Place.default({}),
    /** answers to the category's own questions, by question id */
    answers: z.record(Code, Text(ANSWER_MAX)).default({}),
    complainant: Complainant.optional(),
    language: Locale.optional(),
    /** photos uploaded first with POST …/attachments */
    attachments: z.array(AttachmentId).max(ATTACHMENTS_MAX).default([]),
    location: Location.optional(),
    /** the complainant agreed to the site's consent text, where the site has one */
    consent: z.boolean().optional(),
    /**
     * Leave it out. The form has a field of this name that people neither see nor hear; a
     * program that fills in every field fills it too, and the complaint is refused.
     */
    website: z.string().max(2000).optional().openapi({ description: 'leave out: a filled one is refused as automated (`automated_submission`)' }),
  })
  .openapi('FileComplaintRequest');
/** what a client sends */
export type FileComplaintRequest = z.input<typeof FileComplaintRequest>;
/** the same after validation, defaults filled in */
export type FileComplaint = z.output<typeof FileComplaintRequest>;

export const FiledComplaint = z
  .object({
    reference: z.string().openapi({ example: '20261125-0007' }),
    /** shown once: with the reference it opens the complaint's status page */
    accessCode: z.string().openapi({ example: 'K7QM-2XW9-PD4R-8HJN-C3TB' }),
    status: z.literal('registered'),
    registeredAt: Timestamp,
  })
  .openapi('FiledComplaint');
export type FiledComplaint = z.infer<typeof FiledComplaint>;

export { COMPLAINT_STATUSES };
export const ComplaintStatus = z.enum(COMPLAINT_STATUSES).openapi('ComplaintStatus');
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;

export const SatisfactionRating = z.enum(['satisfied', 'partly', 'dissatisfied']).openapi('SatisfactionRating');
export type SatisfactionRating = z.infer<typeof SatisfactionRating>;

/** What a complainant may do about their own complaint, with its access code. */
export const ComplainantAction = z
  .discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('provide-information'),
      text: Text(5000).pipe(z.string().min(1)),
      attachments: z.array(AttachmentId).max(ATTACHMENTS_MAX).default([]),
    }),
    z.strictObject({ action: z.literal('answer-plan'), agrees: z.boolean(), comment: Text(2000).optional() }),
    z.strictObject({ action: z.literal('rate'), rating: SatisfactionRating, comment: Text(2000).optional() }),
    z.strictObject({ action: z.literal('request-review'), reason: Text(2000).pipe(z.string().min(1)) }),
    z.strictObject({ action: z.literal('withdraw'), reason: Text(2000).optional() }),
  ])
  .openapi('ComplainantAction');
export type ComplainantAction = z.infer<typeof ComplainantAction>;
/** The action as a client sends it (defaults not yet applied). */
export type ComplainantActionRequest = z.input<typeof ComplainantAction>;

/** One line of the history a complainant may see; internal notes never appear here. */
export const PublicTimelineEntry = z
  .object({
    at: Timestamp,
    kind: z.string().openapi({ example: 'registered' }),
    status: ComplaintStatus,
    /** a message written for the complainant, in the staff member's words */
    message: z.string().optional(),
  })
  .openapi('PublicTimelineEntry');
export type PublicTimelineEntry = z.infer<typeof PublicTimelineEntry>;

export const PublicComplaint = z
  .object({
    reference: z.string(),
    status: ComplaintStatus,
    category: z.object({ code: Code, name: LocalizedText }),
    department: z.object({ code: Code, name: LocalizedText }).optional(),
    registeredAt: Timestamp,
    updatedAt: Timestamp,
    /** the stage the complainant is waiting on, and when the site promises it by */
    expectedBy: z.object({ stage: z.enum(['acknowledge', 'onSite', 'investigate', 'resolve', 'feedback', 'returnVisit']), dueAt: Timestamp }).optional(),
    /** the question the office asked, while it waits for the answer */
    question: z.string().optional(),
    /** photos given with the complaint or later */
    attachments: z.array(AttachmentId),
    /** until when a closed complaint may still be reopened for review */
    reviewUntil: Timestamp.optional(),
    /** what the complainant may do now */
    can: z.object({
      provideInformation: z.boolean(),
      /** the office asked for the complainant's opinion on its plan */
      answerPlan: z.boolean(),
      rate: z.boolean(),
      requestReview: z.boolean(),
      withdraw: z.boolean(),
    }),
    timeline: z.array(PublicTimelineEntry),
  })
  .openapi('PublicComplaint');
export type PublicComplaint = z.infer<typeof PublicComplaint>;
