import { msg } from '@lit/localize';
import type { ComplaintStatus } from '../../api/contract/complaint.ts';
import type { ApiFailure } from '../shared/api.ts';
import { failureMessage } from '../shared/messages.ts';

/** What each status means to the complainant. */
export function statusLabel(status: ComplaintStatus): string {
  switch (status) {
    case 'registered':
      return msg('Received');
    case 'awaiting-information':
      return msg('Waiting for information from you');
    case 'accepted':
      return msg('Accepted');
    case 'not-accepted':
      return msg('Not accepted');
    case 'dispatched':
      return msg('Passed to the department in charge');
    case 'investigating':
      return msg('Being investigated');
    case 'plan-proposed':
      return msg('Solution proposed');
    case 'in-progress':
      return msg('Being handled');
    case 'resolved':
      return msg('Resolved');
    case 'follow-up':
      return msg('Follow-up');
    case 'reopened':
      return msg('Reopened for review');
    case 'in-mediation':
      return msg('In mediation');
    case 'mediated':
      return msg('Mediation agreement signed');
    case 'mediation-failed':
      return msg('Mediation did not succeed');
    case 'settled':
      return msg('Settled between the parties');
    case 'closed':
      return msg('Closed');
    case 'archived':
      return msg('Closed and filed');
    case 'merged':
      return msg('Merged with another complaint');
    case 'withdrawn':
      return msg('Withdrawn');
  }
}

/** A line of the public timeline: what happened, in the complainant's words. */
export function eventLabel(kind: string): string {
  switch (kind) {
    case 'registered':
      return msg('Complaint received');
    case 'accepted':
      return msg('Complaint accepted');
    case 'not-accepted':
      return msg('Complaint not accepted');
    case 'information-requested':
      return msg('The office asked you for more information');
    case 'information-provided':
      return msg('You sent more information');
    case 'information-waived':
      return msg('The office continued without the information');
    case 'dispatched':
      return msg('Passed to the department in charge');
    case 'arrived-on-site':
      return msg('Staff arrived on site');
    case 'investigation-started':
      return msg('Investigation started');
    case 'plan-proposed':
      return msg('A solution was proposed');
    case 'plan-opinion-recorded':
      return msg('You gave your opinion on the solution');
    case 'work-started':
      return msg('Work started');
    case 'note-added':
      return msg('A message from the office');
    case 'resolved':
      return msg('Resolved');
    case 'feedback-sent':
      return msg('The office told you the result');
    case 'satisfaction-recorded':
      return msg('Your rating was recorded');
    case 'reopened':
      return msg('Reopened for review');
    case 'closed':
      return msg('Closed');
    case 'archived':
      return msg('Filed');
    case 'merged':
      return msg('Merged with another complaint');
    case 'withdrawn':
      return msg('Withdrawn');
    case 'mediation-assessed':
      return msg('Assessed for mediation');
    case 'mediation-agreed':
      return msg('Mediation agreement signed');
    case 'mediation-failed':
      return msg('Mediation did not succeed');
    case 'settled':
      return msg('Settled between the parties');
    default:
      return msg('Status updated');
  }
}

/** What the complainant is waiting for, in the "expected by" line. */
export function stageLabel(stage: string): string {
  switch (stage) {
    case 'acknowledge':
      return msg('Confirmation that your complaint is being handled');
    case 'onSite':
      return msg('Someone on site');
    case 'resolve':
      return msg('A solution');
    case 'feedback':
      return msg('The result, told to you');
    default:
      return msg('The next step');
  }
}

/** Why something the complainant tried to do did not happen. */
export function actionFailure(failure: ApiFailure): string {
  if (failure.kind === 'http') {
    switch (failure.code) {
      case 'version_conflict':
        return msg('The complaint changed just now. Look at it again, then try once more.');
      case 'reopen_window_passed':
        return msg('The time for asking for a review has passed.');
      case 'review_limit_reached':
        return msg('All the reviews this office offers were held. You may take the complaint to a higher authority.');
      case 'illegal_transition':
        return msg('This cannot be done at this stage of the complaint.');
      case 'unknown_attachment':
        return msg('A photo did not arrive. Please add it again.');
    }
  }
  return failureMessage(failure);
}
