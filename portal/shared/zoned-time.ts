/*
 * Times are kept in the site's time zone: a supervisor in another city typing "17:30" means half
 * past five where the office is, and "registered on the 3rd" means the 3rd there. Neither
 * `<input type="datetime-local">` nor `<input type="date">` has a zone, so their values are read
 * and written here as wall time in the site's zone.
 */

/** The zone's offset from UTC (local wall clock minus UTC), in milliseconds, at an instant. */
export function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the zone's wall clock shows `wall` (a wall-clock time written as if it were UTC,
 * e.g. `Date.UTC(2026, 10, 25, 17, 30)`). Throws a RangeError for an unknown zone.
 */
export function zonedInstant(wall: number, timeZone: string): number {
  // twice: the first guess may sit on the other side of a change of offset (summer time)
  const guess = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(guess, timeZone);
}

/** `2026-11-25T17:30` read in `timeZone` → an ISO timestamp; null when the text is not a time. */
export function zonedToIso(local: string, timeZone: string | undefined): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  if (!timeZone) return new Date(y, mo - 1, d, h, mi).toISOString();
  try {
    return new Date(zonedInstant(Date.UTC(y, mo - 1, d, h, mi), timeZone)).toISOString();
  } catch {
    return new Date(y, mo - 1, d, h, mi).toISOString();
  }
}

/** An instant as the `datetime-local` value it reads as in `timeZone`. */
export function isoToZoned(iso: string | number, timeZone: string | undefined): string {
  const instant = typeof iso === 'number' ? iso : Date.parse(iso);
  let shifted: Date;
  try {
    shifted = new Date(instant + (timeZone ? zoneOffset(instant, timeZone) : -new Date(instant).getTimezoneOffset() * 60_000));
  } catch {
    shifted = new Date(instant - new Date(instant).getTimezoneOffset() * 60_000);
  }
  return shifted.toISOString().slice(0, 16);
}
