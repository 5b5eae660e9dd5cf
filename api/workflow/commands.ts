import type { Locale } from '../contract/common.ts';
import type { Channel, Complainant, Location, Place } from '../contract/complaint.ts';
import type {
  Actor,
  ClockStage,
  CloseOutcome,
  EscalationTarget,
  EventData,
  SatisfactionRating,
  Severity,
} from '../contract/events.ts';
import type { Duration, Priority } from '../contract/site.ts';

/** What someone asks of a complaint. The workflow answers with events or a typed rejection. */
export type Command =
  | FileCommand
  | { type: 'accept'; notice?: string; expectedBy?: string }
  | { type: 'not-accept'; reason: string; referTo?: string }
  | { type: 'request-information'; question: string }
  | { type: 'provide-information'; text: string; attachments?: string[] }
  | { type: 'waive-information'; note: string }
  | { type: 'classify'; severity: Severity; priority: Priority; vip: boolean }
  | { type: 'dispatch'; department: string; assignee: string; requirements?: string; dueAt?: string }
  | { type: 'arrive-on-site'; note?: string }
  | { type: 'start-investigation'; note?: string }
  | { type: 'propose-plan'; measures: string; responsibility: string; schedule: string; dueAt?: string; seekOpinion: boolean }
  | { type: 'record-plan-opinion'; agrees: boolean; comment?: string }
  | { type: 'start-work'; note?: string }
  | { type: 'add-note'; note: string; public: boolean }
  | { type: 'resolve'; result: string; basis: string; improvement?: string }
  | { type: 'send-feedback'; channel: EventData<'feedback-sent'>['channel']; message: string }
  | { type: 'record-satisfaction'; rating: SatisfactionRating; comment?: string; via: 'survey' | 'return-visit' | 'phone' }
  | { type: 'record-return-visit'; note: string; rectified: boolean; rating?: SatisfactionRating }
  | { type: 'reopen'; reason: string }
  | { type: 'escalate'; to: EscalationTarget; note: string }
  | { type: 'extend-deadline'; stage: ClockStage; by?: Duration; until?: string; reason: string; approvedBy: string }
  | { type: 'close'; outcome: CloseOutcome; note?: string }
  | { type: 'archive'; signedOffBy?: string }
  | { type: 'merge'; intoReference: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'assess-mediation'; eligible: boolean; note: string; fileNumber?: string }
  | { type: 'record-mediation-agreement'; text: string; parties: string[]; signedAt: string }
  | { type: 'record-mediation-failure'; advice: 'court' | 'arbitration' | 'other'; note: string }
  | { type: 'record-settlement'; text: string }
  | { type: 'record-finding'; staffMember: string; substantiated: boolean; note?: string }
  | { type: 'correct'; field: EventData<'corrected'>['field']; value: unknown; reason: string }
  | { type: 'raise-deadlines' };

/** Filing: from the public form (channel web) or registered by staff for the complainant. */
export interface FileCommand {
  type: 'file';
  complaintId: string;
  siteKey: string;
  reference: string;
  accessCodeHash: string;
  channel: Channel;
  category: string;
  description: string;
  place: Place;
  answers: Record<string, string>;
  complainant: Complainant | null;
  language: Locale;
  severity?: Severity;
  vip?: boolean;
  subject?: string;
  /** photos, already uploaded and checked to belong to the site */
  attachments?: string[];
  location?: Location;
  /** a photo kept by the filing client, by its URL (Open311) */
  mediaUrl?: string;
  /** the place's id in the filing client's address register (Open311) */
  addressId?: string;
  /** the complainant ticked the site's consent box */
  consent?: boolean;
  /** the SHA-256 of the consent text as the complainant saw it (the service computes it) */
  consentTo?: string;
}

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** A command together with who gives it. */
export type Issued = Command & { actor: Actor };

export type RejectionCode =
  | 'illegal_transition'
  | 'unknown_category'
  | 'unknown_department'
  | 'missing_answer'
  | 'unknown_question'
  | 'anonymous_not_allowed'
  | 'consent_required'
  | 'review_limit_reached'
  | 'reopen_window_passed'
  | 'sign_off_required'
  | 'no_such_clock'
  | 'extension_not_later'
  | 'return_visit_too_early'
  | 'not_allowed_for_actor'
  | 'invalid_value';

/** Why a command was refused; `field` points at the input that caused it, when one did. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  field?: (string | number)[];
}
