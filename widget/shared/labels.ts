import { msg } from '@lit/localize';
import type { ComplaintStatus } from '../../api/contract/complaint.ts';

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

/** A line of the public timeline. */
export function eventLabel(kind: string): string {
  switch (kind) {
    case 'registered':
      return msg('Complaint received');
    default:
      return msg('Status updated');
  }
}
