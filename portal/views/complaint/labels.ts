import { msg } from '@lit/localize';
import type { ClockBasis, CloseOutcome, EscalationReason, EscalationTarget } from '../../../api/contract/events.ts';
import { wordFor } from '../../shared/labels.ts';

/*
 * The words of the complaint screen for the codes only its record and its forms use; the codes
 * every screen shows (status, channel, priority…) are in shared/labels.ts.
 */

export const outcomeLabel = (outcome: CloseOutcome | string): string =>
  wordFor<CloseOutcome>(outcome, {
    resolved: msg('Resolved'),
    unresolved: msg('Not resolved'),
    mediated: msg('Mediated'),
    settled: msg('Settled by the parties'),
    referred: msg('Referred to court or arbitration'),
  });

export const basisLabel = (basis: ClockBasis | string): string => (basis === 'working' ? msg('Working time') : msg('Wall clock'));

export const escalationTargetLabel = (to: EscalationTarget | string): string =>
  wordFor<EscalationTarget>(to, { supervisor: msg('Supervisor'), manager: msg('Manager'), 'higher-level': msg('Higher authority') });

export const escalationReasonLabel = (reason: EscalationReason | string): string =>
  wordFor<EscalationReason>(reason, {
    vip: msg('VIP complainant'),
    major: msg('Major complaint'),
    breach: msg('Deadline missed'),
    dissatisfied: msg('Complainant not satisfied'),
    unsolved: msg('Could not be solved'),
    manual: msg('Raised by staff'),
  });

/** How the result was told to the complainant. */
export const feedbackChannelLabel = (channel: string): string =>
  wordFor(channel, {
    phone: msg('Phone'),
    email: msg('Email'),
    letter: msg('Letter'),
    online: msg('Online'),
    'in-person': msg('In person'),
    sms: msg('Text message'),
  });

/** How the complainant's satisfaction was asked. */
export const surveyViaLabel = (via: string): string =>
  wordFor(via, { survey: msg('Survey'), 'return-visit': msg('Return visit'), phone: msg('Phone call') });

/** Where a failed mediation sends the parties. */
export const adviceLabel = (advice: string): string =>
  wordFor(advice, { court: msg('Go to court'), arbitration: msg('Apply for arbitration'), other: msg('Another route') });

/** The part of the record a correction changes. */
export const correctionFieldLabel = (field: string): string =>
  wordFor(field, {
    description: msg('Description'),
    place: msg('Place'),
    complainant: msg('Complainant'),
    category: msg('Category'),
    subject: msg('Person or department complained about'),
  });

/** What happened, for a line of the staff timeline: every event type the record holds. */
export const eventLabel = (type: string): string =>
  wordFor(type, {
    registered: msg('Complaint registered'),
    accepted: msg('Accepted, acceptance notice given'),
    'not-accepted': msg('Not accepted'),
    'information-requested': msg('Information asked of the complainant'),
    'information-provided': msg('Information received'),
    'information-waived': msg('Went on without the information'),
    classified: msg('Classified'),
    escalated: msg('Escalated'),
    dispatched: msg('Dispatched to a department'),
    'arrived-on-site': msg('Arrived on site'),
    'investigation-started': msg('Investigation started'),
    'plan-proposed': msg('Handling plan proposed'),
    'plan-opinion-recorded': msg('Complainant’s opinion on the plan'),
    'work-started': msg('Work started'),
    'note-added': msg('Note'),
    resolved: msg('Resolved'),
    'feedback-sent': msg('Result told to the complainant'),
    'satisfaction-recorded': msg('Satisfaction recorded'),
    'return-visit-recorded': msg('Return visit'),
    reopened: msg('Reopened for review'),
    closed: msg('Closed'),
    archived: msg('Archived'),
    merged: msg('Merged into another complaint'),
    withdrawn: msg('Withdrawn'),
    'mediation-assessed': msg('Assessed for mediation'),
    'mediation-agreed': msg('Mediation agreement signed'),
    'mediation-failed': msg('Mediation failed'),
    settled: msg('Settled between the parties'),
    'finding-recorded': msg('Conduct finding recorded'),
    corrected: msg('Record corrected'),
    'clock-started': msg('Deadline started'),
    'clock-stopped': msg('Deadline stopped'),
    'clocks-paused': msg('Deadlines paused'),
    'clocks-resumed': msg('Deadlines resumed'),
    'deadline-extended': msg('Deadline extended'),
    'deadline-warned': msg('Deadline warning'),
    'deadline-breached': msg('Deadline missed'),
  });
