import type { ClockStage } from '../../../api/contract/events.ts';
import type { QueueItem, StaffComplaint } from '../../../api/contract/staff-api.ts';
import { OPEN_STATUSES } from '../../../api/workflow/transitions.ts';
import type { QueueFilter } from '../../shared/staff-api.ts';
import { zonedInstant } from '../../shared/zoned-time.ts';
import { foldText } from './filter.ts';

export type QueueSort = NonNullable<QueueFilter['sort']>;

/**
 * What the member has chosen to see, as the screen keeps it (one value per field; '' for any).
 * Saved views store exactly this.
 */
export interface QueueFilters {
  /** `open` (every status still being worked), `all`, or one status */
  tab: string;
  stage: string;
  category: string;
  department: string;
  priority: string;
  channel: string;
  overdue: boolean;
  /** e.g. `4h`: a deadline falls within this long */
  dueWithin: string;
  /** registered on or after this day (YYYY-MM-DD, in the site's time zone) */
  from: string;
  /** registered on or before this day */
  to: string;
  /** only complaints the member is in charge of */
  mine: boolean;
  /** words the server searches for in the complaint, its place and its reference */
  q: string;
  sort: QueueSort;
}

export const DEFAULT_FILTERS: Readonly<QueueFilters> = Object.freeze({
  tab: 'open',
  stage: '',
  category: '',
  department: '',
  priority: '',
  channel: '',
  overdue: false,
  dueWithin: '',
  from: '',
  to: '',
  mine: false,
  q: '',
  sort: 'due',
});

/** A stored or half-known set of filters, completed with the defaults and stripped of anything else. */
export function normalizeFilters(value: unknown): QueueFilters {
  const input = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const out = { ...DEFAULT_FILTERS };
  for (const key of Object.keys(DEFAULT_FILTERS) as (keyof QueueFilters)[]) {
    const given = input[key];
    if (typeof given === typeof DEFAULT_FILTERS[key]) (out as Record<string, unknown>)[key] = given;
  }
  if (!['due', 'registered', '-registered', '-updated'].includes(out.sort)) out.sort = 'due';
  return out;
}

/**
 * Midnight at the start of a calendar day (YYYY-MM-DD) in the site's time zone, as an instant:
 * "registered on the 3rd" means the 3rd where the office is, wherever the member sits.
 */
export function startOfDay(day: string, timeZone?: string, addDays = 0): string {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  const wallClock = Date.UTC(year, month - 1, date + addDays);
  if (!timeZone) return new Date(year, month - 1, date + addDays).toISOString();
  try {
    return new Date(zonedInstant(wallClock, timeZone)).toISOString();
  } catch {
    return new Date(year, month - 1, date + addDays).toISOString();
  }
}

/** The filters as the API takes them (`GET …/complaints`), without the page size and cursor. */
export function toQuery(filters: QueueFilters, timeZone?: string): QueueFilter {
  const query: QueueFilter = { sort: filters.sort };
  if (filters.tab === 'open') query.status = [...OPEN_STATUSES];
  else if (filters.tab !== 'all' && filters.tab) query.status = [filters.tab];
  if (filters.stage) query.stage = [filters.stage];
  if (filters.category) query.category = [filters.category];
  if (filters.department) query.department = [filters.department];
  if (filters.priority) query.priority = [filters.priority];
  if (filters.channel) query.channel = [filters.channel];
  if (filters.overdue) query.overdue = true;
  if (filters.dueWithin) query.dueWithin = filters.dueWithin;
  if (filters.from) query.from = startOfDay(filters.from, timeZone);
  if (filters.to) query.to = startOfDay(filters.to, timeZone, 1);
  if (filters.mine) query.assignee = 'me';
  const q = filters.q.trim();
  if (q) query.q = q.slice(0, 100);
  return query;
}

/** The deadline a complaint waits on now, as the server sorts by it: the running, unpaused clock due soonest. */
export function dueOf(item: Pick<QueueItem, 'clocks'>): { at: number; stage: ClockStage } | null {
  let due: { at: number; stage: ClockStage } | null = null;
  for (const clock of item.clocks) {
    if (!clock.running || clock.paused) continue;
    const at = Date.parse(clock.dueAt);
    if (due === null || at < due.at) due = { at, stage: clock.stage };
  }
  return due;
}

/** Breached, or past the deadline it waits on (as the server counts "overdue"). */
export function isOverdue(item: Pick<QueueItem, 'clocks'>, now: number): boolean {
  if (item.clocks.some((clock) => clock.running && clock.breached)) return true;
  const due = dueOf(item);
  return due !== null && due.at < now;
}

const DURATION_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Whether a complaint that changed belongs in the list as filtered: the same rules as the
 * server's, for a row that arrives live. The server's text search also reads the complainant's
 * identity, which the screen does not have, so words are matched against what the row shows.
 */
export function matchesFilters(item: QueueItem, filters: QueueFilters, context: { now: number; me: string; timeZone?: string }): boolean {
  const query = toQuery(filters, context.timeZone);
  const due = dueOf(item);
  if (query.status && !query.status.includes(item.status)) return false;
  if (query.stage && (!due || !query.stage.includes(due.stage))) return false;
  if (query.category && !query.category.includes(item.category.code)) return false;
  if (query.department && !query.department.includes(item.department.code)) return false;
  if (query.priority && !query.priority.includes(item.priority)) return false;
  if (query.channel && !query.channel.includes(item.channel)) return false;
  if (query.overdue && !isOverdue(item, context.now)) return false;
  if (query.dueWithin) {
    const limit = context.now + Number(query.dueWithin.slice(0, -1)) * (DURATION_UNITS[query.dueWithin.slice(-1)] ?? 0);
    if (!due || due.at > limit) return false;
  }
  const registered = Date.parse(item.registeredAt);
  if (query.from && registered < Date.parse(query.from)) return false;
  if (query.to && registered >= Date.parse(query.to)) return false;
  if (query.assignee && item.assignee !== context.me) return false;
  if (query.q) {
    const { unit, room, address } = item.place;
    const text = foldText([item.reference, item.description, unit, room, address, item.subject].filter(Boolean).join('\n'));
    if (!foldText(query.q).split(/\s+/u).filter(Boolean).every((word) => text.includes(word))) return false;
  }
  return true;
}

/** far in the future: complaints without a running deadline sort last, as on the server */
const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

/** The server's order for `sort`, so a row that arrives live goes where the next page would have put it. */
export function compareItems(sort: QueueSort): (a: QueueItem, b: QueueItem) => number {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const time = (iso: string) => Date.parse(iso);
  switch (sort) {
    case 'due':
      return (a, b) =>
        (dueOf(a)?.at ?? NO_DEADLINE) - (dueOf(b)?.at ?? NO_DEADLINE) || time(a.registeredAt) - time(b.registeredAt) || text(a.id, b.id);
    case 'registered':
      return (a, b) => time(a.registeredAt) - time(b.registeredAt) || text(a.id, b.id);
    case '-registered':
      return (a, b) => time(b.registeredAt) - time(a.registeredAt) || text(b.id, a.id);
    case '-updated':
      return (a, b) => time(b.updatedAt) - time(a.updatedAt) || text(b.id, a.id);
  }
}

/**
 * The list with `item` put in (or replaced, or taken out when `keep` is false), in order. When
 * more pages follow (`complete` false), a new row that sorts after the last loaded one is left
 * for its page instead. Answers the same array when nothing changes.
 */
export function upsertItem(items: readonly QueueItem[], item: QueueItem, options: { sort: QueueSort; keep: boolean; complete: boolean }): readonly QueueItem[] {
  const at = items.findIndex((row) => row.id === item.id);
  const without = at >= 0 ? [...items.slice(0, at), ...items.slice(at + 1)] : items;
  if (!options.keep) return at >= 0 ? without : items;
  const compare = compareItems(options.sort);
  // binary search: the first row that sorts after the new one
  let low = 0;
  let high = without.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compare(without[middle]!, item) <= 0) low = middle + 1;
    else high = middle;
  }
  if (at < 0 && low === without.length && !options.complete && without.length) return items;
  return [...without.slice(0, low), item, ...without.slice(low)];
}

/** A complaint as the queue lists it: the file without its timeline and answers. */
export function toQueueItem(complaint: StaffComplaint | QueueItem): QueueItem {
  const { timeline: _timeline, answers: _answers, ...item } = complaint as StaffComplaint;
  return item;
}
