import { msg } from '@lit/localize';
import type { Channel, Complainant, ComplaintStatus, SatisfactionRating } from '../../api/contract/complaint.ts';
import type { ClockStage, Severity } from '../../api/contract/events.ts';
import type { Duration, PlaceField, Priority } from '../../api/contract/site.ts';
import type { StaffCommandType } from '../../api/contract/staff-api.ts';
import type { Role } from '../../api/contract/staff.ts';
import type { MessageKind } from '../../api/contract/webhooks.ts';
import { COMPLAINT_STATUSES } from '../../api/contract/statuses.ts';

/*
 * The words every screen uses for the codes of the API, in the member's language: one table per
 * meaning, so a status or a channel reads the same on the queue, the desk, the complaint and the
 * dashboard. The lists are the contract's, written out here because its own carry the schemas.
 */

/**
 * A code's words from its table (made at each call, in the language of the moment); a code the
 * table does not know — from a newer server — is shown as it comes rather than hidden.
 */
export function wordFor<K extends string>(code: K | string, table: Record<K, string>): string {
  return Object.hasOwn(table, code) ? table[code as K] : code;
}

/** Every status, in the order of the procedure. */
export const STATUSES: readonly ComplaintStatus[] = COMPLAINT_STATUSES;

export const statusLabel = (status: ComplaintStatus | string): string =>
  wordFor<ComplaintStatus>(status, {
    registered: msg('Registered'),
    'awaiting-information': msg('Waiting for information'),
    accepted: msg('Accepted'),
    'not-accepted': msg('Not accepted'),
    dispatched: msg('Dispatched'),
    investigating: msg('Investigating'),
    'plan-proposed': msg('Plan proposed'),
    'in-progress': msg('In progress'),
    resolved: msg('Resolved'),
    'follow-up': msg('Follow-up'),
    reopened: msg('Reopened for review'),
    'in-mediation': msg('In mediation'),
    mediated: msg('Mediation agreement signed'),
    'mediation-failed': msg('Mediation failed'),
    settled: msg('Settled'),
    closed: msg('Closed'),
    archived: msg('Archived'),
    merged: msg('Merged'),
    withdrawn: msg('Withdrawn'),
  });

/** Every way a complaint comes in. */
export const CHANNELS: readonly Channel[] = ['web', 'phone', 'letter', 'walk-in', 'email', 'wechat', 'on-site', 'open311'];

/** How a complaint came in. */
export const channelLabel = (channel: Channel | string): string =>
  wordFor<Channel>(channel, {
    web: msg('Website'),
    phone: msg('Phone'),
    letter: msg('Letter'),
    'walk-in': msg('Walk-in'),
    email: msg('Email'),
    wechat: msg('WeChat'),
    'on-site': msg('On site'),
    open311: msg('Open311'),
  });

/** The priorities, lowest first. */
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

export const priorityLabel = (priority: Priority | string): string =>
  wordFor<Priority>(priority, { low: msg('Low'), normal: msg('Normal'), high: msg('High'), urgent: msg('Urgent') });

/** The severities, least first. */
export const SEVERITIES: readonly Severity[] = ['minor', 'normal', 'major'];

export const severityLabel = (severity: Severity | string): string =>
  wordFor<Severity>(severity, { minor: msg('Minor'), normal: msg('Normal'), major: msg('Major') });

/** The complainant's satisfaction, most satisfied first. */
export const RATINGS: readonly SatisfactionRating[] = ['satisfied', 'partly', 'dissatisfied'];

export const ratingLabel = (rating: SatisfactionRating | string): string =>
  wordFor<SatisfactionRating>(rating, { satisfied: msg('Satisfied'), partly: msg('Partly satisfied'), dissatisfied: msg('Not satisfied') });

/** The stages whose deadlines the procedure sets, in its order. */
export const STAGES = ['acknowledge', 'onSite', 'investigate', 'resolve', 'feedback', 'returnVisit'] as const satisfies readonly ClockStage[];

/** A stage whose deadline the procedure sets. */
export const stageName = (stage: ClockStage | string): string =>
  wordFor<ClockStage>(stage, {
    acknowledge: msg('Acknowledge'),
    onSite: msg('Arrival on site'),
    investigate: msg('Investigate'),
    resolve: msg('Resolve'),
    feedback: msg('Answer the complainant'),
    returnVisit: msg('Return visit'),
  });

/** A member's role on a site. */
export const roleName = (role: Role | string): string =>
  wordFor<Role>(role, {
    admin: msg('Administrator'),
    'front-desk': msg('Front desk'),
    handler: msg('Handler'),
    supervisor: msg('Supervisor'),
    manager: msg('Manager'),
    auditor: msg('Auditor'),
  });

/** A message the service sends, to a complainant or to staff. */
export const messageKindLabel = (kind: MessageKind | string): string =>
  wordFor<MessageKind>(kind, {
    receipt: msg('Receipt'),
    'acceptance-notice': msg('Acceptance notice'),
    'not-accepted': msg('Not accepted, with the reason'),
    'information-requested': msg('Information requested'),
    progress: msg('Progress'),
    result: msg('Result'),
    'satisfaction-survey': msg('Satisfaction survey'),
    'reopen-confirmation': msg('Review confirmed'),
    assignment: msg('Assignment'),
    escalation: msg('Escalation'),
    'deadline-warning': msg('Deadline warning'),
    'deadline-breach': msg('Deadline missed'),
  });

/** The unit of a length of time, after its number ("3 working days"). */
export const durationUnitLabel = (unit: Duration['unit']): string =>
  ({
    minutes: msg('minutes'),
    hours: msg('hours'),
    days: msg('days'),
    workingHours: msg('working hours'),
    workingDays: msg('working days'),
  })[unit];

/** A part of the place a complaint is about. */
export const placeFieldLabel = (field: PlaceField | string): string =>
  wordFor<PlaceField>(field, { unit: msg('Building and unit'), room: msg('Room'), address: msg('Address') });

/** The place in one line: building or unit, room, address. */
export function placeLine(place: { unit?: string | undefined; room?: string | undefined; address?: string | undefined }): string {
  return [place.unit, place.room, place.address].filter((part) => part?.trim()).join(' · ');
}

type PreferredContact = NonNullable<Complainant['preferredContact']>;

/** How the complainant wants to hear back. */
export const contactLabel = (contact: PreferredContact | string): string =>
  wordFor<PreferredContact>(contact, { phone: msg('Phone'), email: msg('Email'), letter: msg('Letter'), none: msg('No reply wanted') });

/** The button that opens a command's form, in plain words. */
export const commandLabel = (command: StaffCommandType | string): string =>
  wordFor<StaffCommandType>(command, {
    accept: msg('Accept'),
    'not-accept': msg('Do not accept'),
    'request-information': msg('Ask for information'),
    'provide-information': msg('Record information received'),
    'waive-information': msg('Go on without the information'),
    classify: msg('Classify'),
    dispatch: msg('Dispatch'),
    'arrive-on-site': msg('Arrived on site'),
    'start-investigation': msg('Start investigation'),
    'propose-plan': msg('Propose a plan'),
    'record-plan-opinion': msg('Record opinion on the plan'),
    'start-work': msg('Start work'),
    'add-note': msg('Add a note or reply'),
    resolve: msg('Resolve'),
    'send-feedback': msg('Tell the result'),
    'record-satisfaction': msg('Record satisfaction'),
    'record-return-visit': msg('Record return visit'),
    reopen: msg('Reopen for review'),
    escalate: msg('Escalate'),
    'extend-deadline': msg('Extend a deadline'),
    close: msg('Close the complaint'),
    archive: msg('Archive'),
    merge: msg('Merge into another'),
    withdraw: msg('Record withdrawal'),
    'assess-mediation': msg('Assess for mediation'),
    'record-mediation-agreement': msg('Record mediation agreement'),
    'record-mediation-failure': msg('Record mediation failure'),
    'record-settlement': msg('Record settlement'),
    'record-finding': msg('Record conduct finding'),
    correct: msg('Correct the record'),
  });
