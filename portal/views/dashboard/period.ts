import { zoneOffset, zonedInstant } from '../../shared/zoned-time.ts';

/**
 * Periods of the dashboard in the site's time zone: a period runs from one local midnight to
 * another, [from, to), as the statistics and the reports count them.
 */

export type PeriodKind = 'this-month' | 'last-month' | 'this-quarter' | 'this-year' | 'custom';

/** A calendar day in the site's time zone; month 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface Period {
  kind: PeriodKind;
  /** ISO instants of the local midnights that bound it */
  from: string;
  to: string;
  /** the first and the last day it includes, as YYYY-MM-DD */
  firstDay: string;
  lastDay: string;
}

export type BucketUnit = 'day' | 'week' | 'month';

/** One point of a trend: a slice of the period. */
export interface Bucket {
  from: string;
  to: string;
  /** its first day, as YYYY-MM-DD */
  firstDay: string;
}

/** The statistics answer periods of at most this many days. */
export const MAX_DAYS = 366;

const DAY_MS = 86_400_000;

/** The day (with month or day numbers that ran over put right). */
const normal = (year: number, month: number, day: number): LocalDate => {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

export const addDays = (date: LocalDate, days: number): LocalDate => normal(date.year, date.month, date.day + days);

/** The instant of local midnight at the start of a day. */
export const midnight = (date: LocalDate, timeZone: string): string =>
  new Date(zonedInstant(Date.UTC(date.year, date.month - 1, date.day), timeZone)).toISOString();

/** The day an instant falls on in the zone. */
export function dayOf(instant: Date | string, timeZone: string): LocalDate {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const local = new Date(t + zoneOffset(t, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

export const isoDay = (date: LocalDate): string =>
  `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

export function parseDay(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isoDay(normal(date.year, date.month, date.day)) === text ? date : null;
}

/** Days from one date to another (whole days, on the calendar). */
export const daysBetween = (a: LocalDate, b: LocalDate): number =>
  Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);

function span(kind: PeriodKind, first: LocalDate, end: LocalDate, timeZone: string): Period {
  return { kind, from: midnight(first, timeZone), to: midnight(end, timeZone), firstDay: isoDay(first), lastDay: isoDay(addDays(end, -1)) };
}

/**
 * A named period as of `now`, or the custom one from its first to its last day (both included).
 * The current month, quarter and year run to their end: what has not happened yet counts nothing.
 */
export function periodOf(kind: PeriodKind, now: Date, timeZone: string, custom?: { first: LocalDate; last: LocalDate }): Period {
  const today = dayOf(now, timeZone);
  switch (kind) {
    case 'this-month':
      return span(kind, normal(today.year, today.month, 1), normal(today.year, today.month + 1, 1), timeZone);
    case 'last-month':
      return span(kind, normal(today.year, today.month - 1, 1), normal(today.year, today.month, 1), timeZone);
    case 'this-quarter': {
      const first = today.month - ((today.month - 1) % 3);
      return span(kind, normal(today.year, first, 1), normal(today.year, first + 3, 1), timeZone);
    }
    case 'this-year':
      return span(kind, normal(today.year, 1, 1), normal(today.year + 1, 1, 1), timeZone);
    case 'custom': {
      const { first, last } = custom ?? { first: today, last: today };
      return span(kind, first, addDays(last, 1), timeZone);
    }
  }
}

/** Why a custom period cannot be shown, or null when it can. */
export function customProblem(first: LocalDate | null, last: LocalDate | null): 'missing' | 'order' | 'too-long' | null {
  if (!first || !last) return 'missing';
  const days = daysBetween(first, last) + 1;
  if (days < 1) return 'order';
  if (days > MAX_DAYS) return 'too-long';
  return null;
}

/** Days for a short period, weeks for up to a quarter, months beyond. */
export function bucketUnit(period: Period): BucketUnit {
  const days = daysBetween(parseDay(period.firstDay)!, parseDay(period.lastDay)!) + 1;
  return days <= 14 ? 'day' : days <= 93 ? 'week' : 'month';
}

/**
 * The slices of the trend: days, seven days at a time from the period's first day (only the
 * last week may be shorter), or calendar months; none starts after `now`, as the future has
 * nothing to show.
 */
export function bucketsOf(period: Period, unit: BucketUnit, now: Date, timeZone: string): Bucket[] {
  const first = parseDay(period.firstDay)!;
  const end = addDays(parseDay(period.lastDay)!, 1);
  const next = (date: LocalDate): LocalDate => {
    if (unit === 'day') return addDays(date, 1);
    if (unit === 'month') return normal(date.year, date.month + 1, 1);
    return addDays(date, 7);
  };
  const buckets: Bucket[] = [];
  for (let start = first; daysBetween(start, end) > 0; ) {
    const from = midnight(start, timeZone);
    if (Date.parse(from) > now.getTime()) break;
    const stop = next(start);
    const bounded = daysBetween(stop, end) < 0 ? end : stop;
    buckets.push({ from, to: midnight(bounded, timeZone), firstDay: isoDay(start) });
    start = bounded;
  }
  return buckets;
}

/** The monthly ('YYYY-MM') and quarterly ('YYYY-Qn') reports a period touches, that have begun by `now`. */
export function reportsOf(period: Period, now: Date, timeZone: string): { months: string[]; quarters: string[] } {
  const first = parseDay(period.firstDay)!;
  const last = parseDay(period.lastDay)!;
  const today = dayOf(now, timeZone);
  const months: string[] = [];
  const quarters: string[] = [];
  for (let m = normal(first.year, first.month, 1); daysBetween(m, last) >= 0 && daysBetween(m, today) >= 0; m = normal(m.year, m.month + 1, 1)) {
    months.push(isoDay(m).slice(0, 7));
    const quarter = `${m.year}-Q${Math.floor((m.month - 1) / 3) + 1}`;
    if (!quarters.includes(quarter)) quarters.push(quarter);
  }
  return { months, quarters };
}
