/**
 * Calendar months and quarters in a site's time zone (003: monthly statistics; 000 §四:
 * a quarterly review). A period is [from, to) between local midnights.
 */

export interface Period {
  kind: 'month' | 'quarter';
  /** '2026-10' or '2026-Q4' */
  label: string;
  year: number;
  /** the first month, 1–12 */
  month: number;
  /** how many months it spans */
  months: number;
  /** ISO instants of the local midnights that bound it */
  from: string;
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

export const isMonthLabel = (label: string): boolean => MONTH.test(label);
export const isQuarterLabel = (label: string): boolean => QUARTER.test(label);

/** Local wall clock minus UTC at an instant, in ms. */
function offsetAt(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(t);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour') % 24, field('minute'), field('second')) - (t - (t % 1000));
}

/** The instant of local midnight at the start of the first day of a month (month may run past 12). */
export function startOfMonth(year: number, month: number, timeZone: string): string {
  const wall = Date.UTC(year, month - 1, 1);
  const guess = wall - offsetAt(wall, timeZone);
  // a second look settles a zone whose offset differs between the two instants
  return new Date(wall - offsetAt(guess, timeZone)).toISOString();
}

function span(kind: Period['kind'], year: number, month: number, timeZone: string): Period {
  const months = kind === 'month' ? 1 : 3;
  // normalise a month number that ran before January or past December
  const first = new Date(Date.UTC(year, month - 1, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  return {
    kind,
    label: kind === 'month' ? `${y}-${String(m).padStart(2, '0')}` : `${y}-Q${(m + 2) / 3}`,
    year: y,
    month: m,
    months,
    from: startOfMonth(y, m, timeZone),
    to: startOfMonth(y, m + months, timeZone),
  };
}

/** '2026-10' → October 2026 in the zone; throws RangeError for anything else. */
export function monthPeriod(label: string, timeZone: string): Period {
  const match = MONTH.exec(label);
  if (!match) throw new RangeError(`not a month: "${label}" (expected YYYY-MM, e.g. 2026-10)`);
  return span('month', Number(match[1]), Number(match[2]), timeZone);
}

/** '2026-Q4' → October to December 2026 in the zone; throws RangeError for anything else. */
export function quarterPeriod(label: string, timeZone: string): Period {
  const match = QUARTER.exec(label);
  if (!match) throw new RangeError(`not a quarter: "${label}" (expected YYYY-Qn, e.g. 2026-Q4)`);
  return span('quarter', Number(match[1]), (Number(match[2]) - 1) * 3 + 1, timeZone);
}

/** The period of the same kind just before. */
export const previousPeriod = (period: Period, timeZone: string): Period =>
  span(period.kind, period.year, period.month - period.months, timeZone);

/** The `count` calendar months ending with the period's last month, oldest first. */
export function monthsUpTo(period: Period, count: number, timeZone: string): Period[] {
  const last = period.month + period.months - 1;
  return Array.from({ length: count }, (_, i) => span('month', period.year, last - count + 1 + i, timeZone));
}

/** The months a period is made of. */
export const monthsOf = (period: Period, timeZone: string): Period[] =>
  Array.from({ length: period.months }, (_, i) => span('month', period.year, period.month + i, timeZone));
