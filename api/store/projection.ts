import type { ClockStage } from '../contract/events.ts';
import { nextDeadlineAt, runningClocks } from '../workflow/deadlines.ts';
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
  /** the earliest due time among the running clocks that are not paused; null when none runs */
  due_at: string | null;
  /** that clock's stage: what the complaint waits for now */
  stage: ClockStage | null;
  /** a running clock (paused or not) has breached its deadline */
  breached: boolean;
  /** reference, description, place, answers and subject, folded (see `foldText`), one field a line */
  search_text: string;
  /** the complainant's name, phone (also its digits alone) and email, folded, one a line */
  search_identity: string;
  state: ComplaintState;
}

/**
 * What text search compares: NFKC (full-width ７ and Ａ become 7 and a) and lower case. Stored
 * text and query words are folded alike, so every store matches plain substrings the same way.
 */
export const foldText = (text: string): string => text.normalize('NFKC').toLowerCase();

/** Every store writes this row for a state, and `verify` expects to find it. */
export function projectionRow(state: ComplaintState): ProjectionRow {
  const due = dueClock(state);
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
    due_at: due ? new Date(due.at).toISOString() : null,
    stage: due?.stage ?? null,
    breached: runningClocks(state).some((clock) => clock.breached),
    search_text: searchText(state),
    search_identity: searchIdentity(state),
    state,
  };
}

/** The running, unpaused clock due soonest; of two due together, the first in the state. */
function dueClock(state: ComplaintState): { at: number; stage: ClockStage } | null {
  let due: { at: number; stage: ClockStage } | null = null;
  for (const clock of runningClocks(state)) {
    if (clock.pausedAt) continue;
    const at = Date.parse(clock.dueAt);
    if (due === null || at < due.at) due = { at, stage: clock.stage };
  }
  return due;
}

/** A line per field: a query word never holds a line break, so it never matches across two fields. */
const lines = (values: (string | null | undefined)[]): string =>
  foldText(values.filter((value): value is string => Boolean(value?.trim())).join('\n'));

function searchText(state: ComplaintState): string {
  const { unit, room, address } = state.place;
  // by question id: PostgreSQL's JSONB hands objects back with their keys in an order of its own
  const answers = Object.keys(state.answers).sort().map((id) => state.answers[id]);
  return lines([state.reference, state.description, unit, room, address, ...answers, state.subject]);
}

function searchIdentity(state: ComplaintState): string {
  const who = state.complainant;
  if (!who) return '';
  // "138 0000 4220" is also found as 13800004220, the way people type a number into a search box
  const digits = who.phone?.replace(/\D/g, '');
  return lines([who.name, who.phone, digits !== who.phone ? digits : undefined, who.email]);
}
