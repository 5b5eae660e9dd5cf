import { z } from '@hono/zod-openapi';
import { Code, Locale, LocalizedText, Timestamp } from './common.ts';
import { ANSWER_MAX, DESCRIPTION_MAX, NAME_MAX, PHONE_PATTERN, PLACE_MAX } from './limits.ts';

/** Where a complaint arrived (PROCEDURES.md, "Channels"). */
export const Channel = z
  .enum(['web', 'phone', 'letter', 'walk-in', 'email', 'wechat', 'on-site', 'open311'])
  .openapi('Channel');
export type Channel = z.infer<typeof Channel>;

export const Place = z
  .strictObject({
    unit: z.string().trim().max(PLACE_MAX.unit).optional(),
    room: z.string().trim().max(PLACE_MAX.room).optional(),
    address: z.string().trim().max(PLACE_MAX.address).optional(),
  })
  .openapi('Place');
export type Place = z.infer<typeof Place>;

export const Complainant = z
  .strictObject({
    name: z.string().trim().max(NAME_MAX).optional(),
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

export const FileComplaintRequest = z
  .strictObject({
    category: Code.openapi({ example: 'repair-water-electric' }),
    description: z
      .string()
      .trim()
      .min(1, 'describe what happened')
      .max(DESCRIPTION_MAX, `at most ${DESCRIPTION_MAX} characters`)
      .openapi({ example: '3号楼2单元楼道灯坏了一周,晚上很黑。' }),
    place: Place.default({}),
    /** answers to the category's own questions, by question id */
    answers: z.record(Code, z.string().trim().max(ANSWER_MAX)).default({}),
    complainant: Complainant.optional(),
    language: Locale.optional(),
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

export const COMPLAINT_STATUSES = [
  'registered',
  'awaiting-information',
  'accepted',
  'not-accepted',
  'dispatched',
  'investigating',
  'plan-proposed',
  'in-progress',
  'resolved',
  'follow-up',
  'reopened',
  'in-mediation',
  'mediated',
  'mediation-failed',
  'settled',
  'closed',
  'archived',
  'merged',
  'withdrawn',
] as const;
export const ComplaintStatus = z.enum(COMPLAINT_STATUSES).openapi('ComplaintStatus');
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;

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
    timeline: z.array(PublicTimelineEntry),
  })
  .openapi('PublicComplaint');
export type PublicComplaint = z.infer<typeof PublicComplaint>;
