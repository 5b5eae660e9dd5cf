import { nextDeadlineAt } from '../workflow/deadlines.ts';
import type { ComplaintState } from '../workflow/state.ts';

/** The read model's row for a complaint: the columns the queue filters on, and the whole state. */
export interface ProjectionRow {
  id: string;
  site_key: string;
  reference: string;
  status: string;
  category: string;
  department: string;
  assignee: string | null;
  priority: string;
  channel: string;
  registered_at: string;
  updated_at: string;
  version: number;
  next_deadline_at: string | null;
  state: ComplaintState;
}

/** Every store writes this row for a state, and `verify` expects to find it. */
export function projectionRow(state: ComplaintState): ProjectionRow {
  return {
    id: state.id,
    site_key: state.siteKey,
    reference: state.reference,
    status: state.status,
    category: state.category,
    department: state.department,
    assignee: state.assignee,
    priority: state.priority,
    channel: state.channel,
    registered_at: state.registeredAt,
    updated_at: state.updatedAt,
    version: state.version,
    next_deadline_at: nextDeadlineAt(state),
    state,
  };
}
