import type { Duration } from '../contract/site.ts';

/**
 * A site's business calendar: which local days are working days, when the working hours are, and
 * the deadline arithmetic on them. Pure: no I/O and no clock; official holiday data is passed in.
 *
 * - A date is a working day by the first rule that applies: the site's workdays → working; the site's
 *   holidays → rest; official workdays (make-up days) → working; official holidays → rest; a weekend
 *   weekday → rest; otherwise working.
 * - `minutes`, `hours`: absolute time; the calendar is ignored (an emergency does not wait for Monday).
 * - `days`: the same local wall-clock time N local dates later; a time that does not exist on that date
 *   or exists twice (DST) resolves to the later instant.
 * - `workingDays`: the end of the working hours (24:00 when the whole day is worked) of the N-th working
 *   day strictly after the start's local date; the day of the start never counts, whatever its time.
 * - `workingHours`: N hours of working time counted from the start.
 * - Working time is time inside the working intervals of working days. A result exactly on the boundary
 *   between two intervals is the end of the earlier one ("17:30 on the 9th", not "08:30 on the 12th").
 *
 * Build one calendar per site policy and reuse it: it remembers the days it has worked out.
 */

/** 'HH:MM' local time; start < end; '24:00' is allowed as an end. */
export interface WorkingInterval {
  start: string;
  end: string;
}

export interface CalendarPolicy {
  /** IANA time zone, e.g. 'Asia/Shanghai' */
  timezone: string;
  /** local weekdays that are rest days, 0 = Sunday … 6 = Saturday */
  weekend: number[];
  /** sorted, non-overlapping; [] means the whole day (00:00–24:00) */
  workingHours: WorkingInterval[];
  /** the site's own extra rest days, 'YYYY-MM-DD' */
  holidays: string[];
  /** the site's own extra working days, 'YYYY-MM-DD' */
  workdays: string[];
}

/** A country's public holidays and make-up working days, 'YYYY-MM-DD'. */
export interface OfficialCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** A run of days this long without working time means the policy has none: fail instead of looping. */
const SCAN_LIMIT_DAYS = 3 * 366;
/** Caches are dropped past this many entries so that a long-running server does not grow without bound. */
const CACHE_LIMIT = 50_000;
const NO_SPANS: readonly number[] = [];

const mod = (a: number, b: number): number => ((a % b) + b) % b;

/** Day number (days since 1970-01-01) → 'YYYY-MM-DD'. */
const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** 'YYYY-MM-DD' → day number; throws on anything that is not a real date. */
function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY : NaN;
  if (!Number.isInteger(day) || isoDate(day) !== date) throw new RangeError(`Not a date: "${date}" (expected YYYY-MM-DD)`);
  return day;
}

/** 'HH:MM' → minutes after midnight; '24:00' only where an end is meant. */
function minutesOf(time: string, isEnd: boolean): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  const valid = match !== null && Number(match[2]) < 60 && (minutes < 1440 || (isEnd && minutes === 1440));
  if (!valid) throw new RangeError(`Not a working-hours time: "${time}" (expected HH:MM, 00:00–${isEnd ? '24:00' : '23:59'})`);
  return minutes;
}

function instantOf(date: Date): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date given to the business calendar');
  return t;
}

/**
 * One IANA time zone's offsets. Offsets are sampled at UTC midnights and remembered; equal samples around
 * an instant mean no change in between (zones change offset at most once in a few days), so most
 * conversions need no formatter call.
 */
class Zone {
  readonly #format: Intl.DateTimeFormat;
  readonly #samples = new Map<number, number>();

  constructor(timeZone: string) {
    try {
      this.#format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Unknown time zone "${timeZone}": use an IANA name such as "Asia/Shanghai"`);
    }
  }

  /** Local wall clock minus UTC at instant t, in ms, as the formatter tells it. */
  #measure(t: number): number {
    const fields = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    for (const part of this.#format.formatToParts(t)) {
      if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
    }
    const { year, month, day, hour, minute, second } = fields;
    return Date.UTC(year, month - 1, day, hour % 24, minute, second) - (t - mod(t, 1000));
  }

  #sample(utcDay: number): number {
    let offset = this.#samples.get(utcDay);
    if (offset === undefined) {
      if (this.#samples.size >= CACHE_LIMIT) this.#samples.clear();
      offset = this.#measure(utcDay * DAY);
      this.#samples.set(utcDay, offset);
    }
    return offset;
  }

  offsetAt(t: number): number {
    const day = Math.floor(t / DAY);
    const offset = this.#sample(day);
    return offset === this.#sample(day + 1) ? offset : this.#measure(t);
  }

  /** The instant whose wall clock reads `local` (wall time as ms on a UTC axis); gaps and repeats take the later one. */
  instantAt(local: number): number {
    // offsets lie within ±14 h, so the instant is inside these three UTC days
    const day = Math.floor(local / DAY);
    const before = this.#sample(day - 1);
    const after = this.#sample(day + 2);
    if (before === after) return local - before;
    const candidates = [local - before, local - after];
    const valid = candidates.filter((t) => t + this.offsetAt(t) === local);
    return Math.max(...(valid.length > 0 ? valid : candidates));
  }
}

const zones = new Map<string, Zone>();

function zoneFor(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new Zone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

const NO_OFFICIAL: OfficialCalendar = { holidays: new Set(), workdays: new Set() };

export class BusinessCalendar {
  readonly #zone: Zone;
  readonly #restWeekdays: ReadonlySet<number>;
  /** working intervals as [start, end] minutes after local midnight */
  readonly #hours: readonly (readonly [number, number])[];
  readonly #siteHolidays: ReadonlySet<string>;
  readonly #siteWorkdays: ReadonlySet<string>;
  readonly #official: OfficialCalendar;
  readonly #working = new Map<number, boolean>();
  /** day number → its working time as UTC instants [start0, end0, start1, end1, …] */
  readonly #spans = new Map<number, readonly number[]>();

  constructor(policy: CalendarPolicy, official: OfficialCalendar = NO_OFFICIAL) {
    this.#zone = zoneFor(policy.timezone);
    for (const weekday of policy.weekend) {
      if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) {
        throw new RangeError(`Not a weekday: ${weekday} (expected 0 = Sunday … 6 = Saturday)`);
      }
    }
    this.#restWeekdays = new Set(policy.weekend);
    const hours: [number, number][] = [];
    for (const interval of policy.workingHours) {
      const start = minutesOf(interval.start, false);
      const end = minutesOf(interval.end, true);
      if (start >= end) throw new RangeError(`Working interval ${interval.start}–${interval.end} ends before it starts`);
      const previous = hours.at(-1);
      if (previous && start < previous[1]) {
        throw new RangeError(`Working interval ${interval.start}–${interval.end} overlaps or precedes the one before it`);
      }
      hours.push([start, end]);
    }
    this.#hours = hours.length > 0 ? hours : [[0, 1440]];
    for (const date of [...policy.holidays, ...policy.workdays]) dayNumber(date);
    this.#siteHolidays = new Set(policy.holidays);
    this.#siteWorkdays = new Set(policy.workdays);
    this.#official = official;
  }

  /** 'YYYY-MM-DD' of the instant in the policy's time zone. */
  localDate(instant: Date): string {
    return isoDate(this.#dayOf(instantOf(instant)));
  }

  isWorkingDay(date: string): boolean {
    return this.#isWorking(dayNumber(date));
  }

  addDuration(start: Date, duration: Duration): Date {
    const t = instantOf(start);
    const { amount, unit } = duration;
    if (!Number.isInteger(amount) || amount <= 0) throw new RangeError(`A duration must be a positive whole number, not ${amount}`);
    switch (unit) {
      case 'minutes':
        return new Date(t + amount * MINUTE);
      case 'hours':
        return new Date(t + amount * HOUR);
      case 'days':
        return new Date(this.#zone.instantAt(t + this.#zone.offsetAt(t) + amount * DAY));
      case 'workingDays':
        return new Date(this.#endOfWorkingDay(this.#workingDayAfter(this.#dayOf(t), amount)));
      case 'workingHours':
        return this.addWorkingMs(start, amount * HOUR);
    }
  }

  /** Working time in ms inside [from, to); negative when to < from. */
  workingMsBetween(from: Date, to: Date): number {
    const a = instantOf(from);
    const b = instantOf(to);
    if (b < a) return 0 - this.workingMsBetween(to, from); // 0 − x, not −x: no −0 for an empty span
    let total = 0;
    // a day of slack each side: around a DST change at midnight the clock's date and a day's spans can disagree
    const lastDay = this.#dayOf(b) + 1;
    for (let day = this.#dayOf(a) - 1; day <= lastDay; day++) {
      const spans = this.#spansOf(day);
      for (let i = 0; i < spans.length; i += 2) {
        total += Math.max(0, Math.min(spans[i + 1]!, b) - Math.max(spans[i]!, a));
      }
    }
    return total;
  }

  /** The instant t with workingMsBetween(start, t) === ms; ms may be negative. */
  addWorkingMs(start: Date, ms: number): Date {
    const t = instantOf(start);
    if (!Number.isFinite(ms)) throw new RangeError(`Cannot add ${ms} ms of working time`);
    if (ms === 0) return new Date(t);
    return new Date(ms > 0 ? this.#forward(t, ms) : this.#backward(t, -ms));
  }

  #forward(t: number, ms: number): number {
    let remaining = ms;
    let idle = 0;
    const startDay = this.#dayOf(t);
    for (let day = startDay - 1; ; day++) {
      const spans = this.#spansOf(day);
      for (let i = 0; i < spans.length; i += 2) {
        const end = spans[i + 1]!;
        if (end <= t) continue;
        const from = Math.max(spans[i]!, t);
        // `<=`: landing exactly on an interval's end stays there rather than moving to the next start
        if (remaining <= end - from) return from + remaining;
        remaining -= end - from;
      }
      idle = spans.length > 0 ? 0 : idle + 1;
      if (idle > SCAN_LIMIT_DAYS) this.#noWorkingTime(Math.max(startDay, day - idle), 'after');
    }
  }

  #backward(t: number, ms: number): number {
    let remaining = ms;
    let idle = 0;
    let landedOnStart: number | undefined;
    const startDay = this.#dayOf(t);
    for (let day = startDay + 1; ; day--) {
      const spans = this.#spansOf(day);
      for (let i = spans.length - 2; i >= 0; i -= 2) {
        const start = spans[i]!;
        if (start >= t) continue;
        const to = Math.min(spans[i + 1]!, t);
        // landed exactly on a later interval's start: the answer is this earlier interval's end
        if (landedOnStart !== undefined) return to;
        if (remaining < to - start) return to - remaining;
        remaining -= to - start;
        if (remaining === 0) landedOnStart = start;
      }
      idle = spans.length > 0 ? 0 : idle + 1;
      if (idle > SCAN_LIMIT_DAYS) {
        if (landedOnStart !== undefined) return landedOnStart;
        this.#noWorkingTime(Math.min(startDay, day + idle), 'before');
      }
    }
  }

  #noWorkingTime(day: number, direction: 'after' | 'before'): never {
    throw new Error(
      `Business calendar has no working time in ${SCAN_LIMIT_DAYS} days ${direction} ${isoDate(day)}: ` +
        `check its weekend [${[...this.#restWeekdays].join(', ')}], holidays and working hours`,
    );
  }

  /** The N-th working day strictly after `day`. */
  #workingDayAfter(day: number, count: number): number {
    let found = 0;
    let idle = 0;
    let current = day;
    while (found < count) {
      current++;
      if (this.#isWorking(current)) {
        found++;
        idle = 0;
      } else if (++idle > SCAN_LIMIT_DAYS) {
        throw new Error(
          `Business calendar has no working day in ${SCAN_LIMIT_DAYS} days after ${isoDate(current - idle)}: ` +
            `check its weekend [${[...this.#restWeekdays].join(', ')}] and holidays`,
        );
      }
    }
    return current;
  }

  #endOfWorkingDay(day: number): number {
    const spans = this.#spansOf(day);
    return spans.length > 0 ? spans[spans.length - 1]! : this.#zone.instantAt(day * DAY + this.#hours.at(-1)![1] * MINUTE);
  }

  /** The local day number an instant falls on. */
  #dayOf(t: number): number {
    return Math.floor((t + this.#zone.offsetAt(t)) / DAY);
  }

  #isWorking(day: number): boolean {
    let working = this.#working.get(day);
    if (working === undefined) {
      const date = isoDate(day);
      if (this.#siteWorkdays.has(date)) working = true;
      else if (this.#siteHolidays.has(date)) working = false;
      else if (this.#official.workdays.has(date)) working = true;
      else if (this.#official.holidays.has(date)) working = false;
      else working = !this.#restWeekdays.has(mod(day + 4, 7)); // 1970-01-01 was a Thursday
      if (this.#working.size >= CACHE_LIMIT) this.#working.clear();
      this.#working.set(day, working);
    }
    return working;
  }

  /** A day's working time as ascending, disjoint UTC spans, clipped to the day so that days never overlap. */
  #spansOf(day: number): readonly number[] {
    let spans = this.#spans.get(day);
    if (spans === undefined) {
      spans = this.#isWorking(day) ? this.#computeSpans(day) : NO_SPANS;
      if (this.#spans.size >= CACHE_LIMIT) this.#spans.clear();
      this.#spans.set(day, spans);
    }
    return spans;
  }

  #computeSpans(day: number): readonly number[] {
    const midnight = day * DAY;
    let floor = this.#zone.instantAt(midnight);
    const ceiling = this.#zone.instantAt(midnight + DAY);
    const spans: number[] = [];
    for (const [startMinutes, endMinutes] of this.#hours) {
      // across a DST gap an interval can map out of order; clipping keeps the spans disjoint and ascending
      const start = Math.max(floor, this.#zone.instantAt(midnight + startMinutes * MINUTE));
      const end = Math.min(ceiling, this.#zone.instantAt(midnight + endMinutes * MINUTE));
      if (end <= start) continue;
      spans.push(start, end);
      floor = end;
    }
    return spans;
  }
}
