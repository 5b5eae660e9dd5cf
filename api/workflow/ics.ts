/**
 * Reading holiday calendars published as iCalendar (RFC 5545) files: each all-day event becomes
 * one rest day or one make-up working day per date it covers. Pure: the caller reads the file.
 */

export interface IcsDay {
  /** 'YYYY-MM-DD' */
  date: string;
  kind: 'holiday' | 'workday';
  summary: string;
}

interface IcsEvent {
  start?: string;
  end?: string;
  /** DTEND carries a time of day after midnight, so its own date is covered too */
  endHasTime?: boolean;
  durationDays?: number;
  summary: string;
  description: string;
  specialDay: string;
}

const DAY = 86_400_000;
/** An event longer than this is a mistake in the file, not a holiday. */
const MAX_EVENT_DAYS = 366;

/** Undoes TEXT escaping: \, \; \\ and \n (or \N) for a line break. */
const unescapeText = (value: string): string =>
  value.replace(/\\([\\,;nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));

/** Splits 'NAME;PARAM=x;PARAM="a:b":value' at the first colon outside quotes. */
function splitContentLine(line: string): { name: string; value: string } | undefined {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) {
      const name = line.slice(0, i).split(';', 1)[0]!.trim().toUpperCase();
      return { name, value: line.slice(i + 1) };
    }
  }
  return undefined;
}

/** 'YYYYMMDD' or 'YYYYMMDDTHHMMSS[Z]' → its date and whether a time after midnight is given. */
function readDate(value: string, property: string): { date: string; hasTime: boolean } {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{6})Z?)?$/.exec(value.trim());
  if (!match) throw new Error(`iCalendar ${property} is not a date: "${value}"`);
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new Error(`iCalendar ${property} is not a real date: "${value}"`);
  }
  return { date, hasTime: match[4] !== undefined && match[4] !== '000000' };
}

/** RFC 5545 lines: CRLF or LF, and a line beginning with a space or tab continues the one before. */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += raw.slice(1);
    else lines.push(raw);
  }
  return lines;
}

/** A make-up working day: 班 (补班, 上班, (班)) without (休), 'working day'/'workday', or Apple's marker. */
function isWorkday(event: IcsEvent): boolean {
  const text = `${event.summary}\n${event.description}`;
  if (text.includes('班') && !/[(（]休[)）]/.test(text)) return true;
  if (/working ?day|workday/i.test(text)) return true;
  return event.specialDay.trim().toUpperCase() === 'ALTERNATE-WORKDAY';
}

/** The dates an event covers: DTSTART up to DTEND exclusive; one day when there is no end. */
function datesOf(event: IcsEvent & { start: string }): string[] {
  const first = Date.parse(`${event.start}T00:00:00Z`) / DAY;
  let last = first;
  if (event.end !== undefined) {
    const end = Date.parse(`${event.end}T00:00:00Z`) / DAY;
    last = Math.max(first, event.endHasTime ? end : end - 1);
  } else if (event.durationDays !== undefined) {
    last = first + Math.max(1, event.durationDays) - 1;
  }
  if (last - first >= MAX_EVENT_DAYS) {
    throw new Error(`iCalendar event "${event.summary}" from ${event.start} spans more than ${MAX_EVENT_DAYS} days`);
  }
  const dates: string[] = [];
  for (let day = first; day <= last; day++) dates.push(new Date(day * DAY).toISOString().slice(0, 10));
  return dates;
}

/**
 * Holiday and make-up working days from an iCalendar text, sorted by date. A date listed twice is a
 * working day if any of its entries says so. Throws when the text is not an iCalendar file.
 */
export function parseIcsDays(text: string): IcsDay[] {
  const lines = unfold(text);
  if (!lines.some((line) => line.trim().toUpperCase() === 'BEGIN:VCALENDAR')) {
    throw new Error('Not an iCalendar file: no BEGIN:VCALENDAR line');
  }
  const events: IcsEvent[] = [];
  const components: string[] = [];
  let event: IcsEvent | undefined;
  for (const line of lines) {
    const property = splitContentLine(line);
    if (!property) continue;
    const { name, value } = property;
    if (name === 'BEGIN') {
      components.push(value.trim().toUpperCase());
      if (components.at(-1) === 'VEVENT') event = { summary: '', description: '', specialDay: '' };
      continue;
    }
    if (name === 'END') {
      if (components.pop() === 'VEVENT' && event) {
        events.push(event);
        event = undefined;
      }
      continue;
    }
    // properties of nested components (an alarm's DESCRIPTION) are not the event's
    if (!event || components.at(-1) !== 'VEVENT') continue;
    if (name === 'DTSTART') event.start = readDate(value, name).date;
    else if (name === 'DTEND') ({ date: event.end, hasTime: event.endHasTime } = readDate(value, name));
    else if (name === 'DURATION') {
      const match = /^P(?:(\d+)W|(\d+)D)/.exec(value.trim());
      if (match) event.durationDays = match[1] ? Number(match[1]) * 7 : Number(match[2]);
    } else if (name === 'SUMMARY') event.summary = unescapeText(value);
    else if (name === 'DESCRIPTION') event.description = unescapeText(value);
    else if (name === 'X-APPLE-SPECIAL-DAY') event.specialDay = value;
  }

  const days = new Map<string, IcsDay>();
  for (const found of events) {
    if (found.start === undefined) continue;
    const kind = isWorkday(found) ? 'workday' : 'holiday';
    for (const date of datesOf({ ...found, start: found.start })) {
      const known = days.get(date);
      if (!known || (known.kind === 'holiday' && kind === 'workday')) days.set(date, { date, kind, summary: found.summary });
    }
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
