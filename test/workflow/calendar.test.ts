import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_CN, OFFICIAL_CN_YEARS } from '../../api/calendars/official-cn.ts';
import { BusinessCalendar, type CalendarPolicy } from '../../api/workflow/calendar.ts';
import { parseIcsDays } from '../../api/workflow/ics.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A Chinese office: Monday–Friday, 08:30–12:00 and 14:30–17:30, State Council holidays and make-up days. */
const OFFICE: CalendarPolicy = {
  timezone: 'Asia/Shanghai',
  weekend: [0, 6],
  workingHours: [
    { start: '08:30', end: '12:00' },
    { start: '14:30', end: '17:30' },
  ],
  holidays: [],
  workdays: [],
};
const office = new BusinessCalendar(OFFICE, OFFICIAL_CN);

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();
const workingDays = (amount: number) => ({ amount, unit: 'workingDays' }) as const;

/** Mulberry32: a small seeded generator, so the random cases are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('the official CN data', () => {
  it('has National Day 2026, Mid-Autumn and the make-up days', () => {
    for (const date of ['2026-09-25', '2026-09-27', '2026-10-01', '2026-10-07']) expect(OFFICIAL_CN.holidays.has(date)).toBe(true);
    expect(OFFICIAL_CN.workdays.has('2026-09-20')).toBe(true); // a Sunday
    expect(OFFICIAL_CN.workdays.has('2026-10-10')).toBe(true); // a Saturday
    expect(OFFICIAL_CN_YEARS).toEqual({ first: 2004, last: 2026 });
  });
});

describe('working days', () => {
  it('skips National Day: Wed 30 Sep + 2 → Thu 8 Oct (1), Fri 9 Oct (2), at 17:30', () => {
    expect(iso(office.addDuration(at('2026-09-30T10:00+08:00'), workingDays(2)))).toBe(iso(at('2026-10-09T17:30+08:00')));
  });

  it('counts the make-up Saturday: Thu 8 Oct + 2 → Fri 9 (1), Sat 10 (2)', () => {
    expect(iso(office.addDuration(at('2026-10-08T10:00+08:00'), workingDays(2)))).toBe(iso(at('2026-10-10T17:30+08:00')));
  });

  it('a complaint on Saturday 19 Sep with 1 working day is due on the make-up Sunday 20 Sep', () => {
    expect(iso(office.addDuration(at('2026-09-19T09:00+08:00'), workingDays(1)))).toBe(iso(at('2026-09-20T17:30+08:00')));
  });

  it('15 working days from Mon 28 Sep end on Fri 23 Oct', () => {
    // 29, 30 Sep (2); 1–7 Oct holiday; 8, 9, Sat 10 (5); 12–16 (10); 19–23 (15)
    expect(iso(office.addDuration(at('2026-09-28T15:00+08:00'), workingDays(15)))).toBe(iso(at('2026-10-23T17:30+08:00')));
  });

  it('7 working days across Mid-Autumn and National Day', () => {
    // from Wed 23 Sep: Thu 24 (1); 25–27 Mid-Autumn; 28, 29, 30 (4); 1–7 Oct; 8, 9, Sat 10 (7)
    expect(iso(office.addDuration(at('2026-09-23T10:00+08:00'), workingDays(7)))).toBe(iso(at('2026-10-10T17:30+08:00')));
    // from Fri 18 Sep: Sat 19 rest; Sun 20 make-up (1); 21–24 (5); 25–27 Mid-Autumn; 28, 29 (7)
    expect(iso(office.addDuration(at('2026-09-18T16:00+08:00'), workingDays(7)))).toBe(iso(at('2026-09-29T17:30+08:00')));
  });

  it('never counts the day of the start, even before opening time', () => {
    // Tue 29 Sep at 07:00: 1 working day is Wed 30 Sep, not the 29th
    expect(iso(office.addDuration(at('2026-09-29T07:00+08:00'), workingDays(1)))).toBe(iso(at('2026-09-30T17:30+08:00')));
  });

  it('takes the start date in the site time zone', () => {
    // 2026-09-30T20:00Z is already Thu 1 Oct 04:00 in Shanghai: the next working days are 8 and 9 Oct
    expect(office.localDate(at('2026-09-30T20:00Z'))).toBe('2026-10-01');
    expect(iso(office.addDuration(at('2026-09-30T20:00Z'), workingDays(1)))).toBe(iso(at('2026-10-08T17:30+08:00')));
  });
});

describe('wall-clock units', () => {
  it('minutes and hours ignore the calendar', () => {
    // 23:59 on National Day + 3 min → 00:02 on the 2nd, a holiday too
    expect(iso(office.addDuration(at('2026-10-01T23:59+08:00'), { amount: 3, unit: 'minutes' }))).toBe(iso(at('2026-10-02T00:02+08:00')));
    // Saturday 23:00 + 2 h → Sunday 01:00
    expect(iso(office.addDuration(at('2026-10-17T23:00+08:00'), { amount: 2, unit: 'hours' }))).toBe(iso(at('2026-10-18T01:00+08:00')));
  });

  it('days are calendar days, holidays included', () => {
    expect(iso(office.addDuration(at('2026-09-30T10:00+08:00'), { amount: 3, unit: 'days' }))).toBe(iso(at('2026-10-03T10:00+08:00')));
  });

  it('days keep the local wall time across DST changes in New York', () => {
    const newYork = new BusinessCalendar({ ...OFFICE, timezone: 'America/New_York' });
    const days = (amount: number) => ({ amount, unit: 'days' }) as const;
    // clocks go forward on Sun 8 Mar 2026: Sat 09:00 EST + 1 day = Sun 09:00 EDT, 23 h later
    expect(iso(newYork.addDuration(at('2026-03-07T09:00-05:00'), days(1)))).toBe(iso(at('2026-03-08T09:00-04:00')));
    // and back on Sun 1 Nov 2026: Sat 09:00 EDT + 1 day = Sun 09:00 EST, 25 h later
    expect(iso(newYork.addDuration(at('2026-10-31T09:00-04:00'), days(1)))).toBe(iso(at('2026-11-01T09:00-05:00')));
    // 02:30 does not exist on 8 Mar: the later instant, 03:30 EDT
    expect(iso(newYork.addDuration(at('2026-03-07T02:30-05:00'), days(1)))).toBe(iso(at('2026-03-08T03:30-04:00')));
    // 01:30 happens twice on 1 Nov: the later one, 01:30 EST
    expect(iso(newYork.addDuration(at('2026-10-31T01:30-04:00'), days(1)))).toBe(iso(at('2026-11-01T01:30-05:00')));
  });
});

describe('working hours', () => {
  // Tue 29 Sep 2026 is a working day
  it('counts only the working intervals: 11:00–15:00 is 11–12 and 14:30–15:00, 1.5 h', () => {
    expect(office.workingMsBetween(at('2026-09-29T11:00+08:00'), at('2026-09-29T15:00+08:00'))).toBe(1.5 * HOUR);
    expect(office.workingMsBetween(at('2026-09-29T15:00+08:00'), at('2026-09-29T11:00+08:00'))).toBe(-1.5 * HOUR);
  });

  it('with a 12:00–14:00 lunch break, 11:00–15:00 is 2 h', () => {
    const hours = [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ];
    const calendar = new BusinessCalendar({ ...OFFICE, workingHours: hours }, OFFICIAL_CN);
    expect(calendar.workingMsBetween(at('2026-09-29T11:00+08:00'), at('2026-09-29T15:00+08:00'))).toBe(2 * HOUR);
  });

  it('adds working time over the lunch break', () => {
    // 11:30 + 1 h: 11:30–12:00, then 14:30–15:00
    expect(iso(office.addWorkingMs(at('2026-09-29T11:30+08:00'), HOUR))).toBe(iso(at('2026-09-29T15:00+08:00')));
  });

  it('lands on 12:00, not 14:30, when the time runs out at the break', () => {
    expect(iso(office.addWorkingMs(at('2026-09-29T11:00+08:00'), HOUR))).toBe(iso(at('2026-09-29T12:00+08:00')));
    // and at 17:30 on Fri 9 Oct rather than 08:30 on the make-up Saturday
    expect(iso(office.addWorkingMs(at('2026-10-09T16:30+08:00'), HOUR))).toBe(iso(at('2026-10-09T17:30+08:00')));
  });

  it('goes backwards with negative amounts', () => {
    // 15:00 − 1 h: 14:30–15:00, then 11:30–12:00
    expect(iso(office.addWorkingMs(at('2026-09-29T15:00+08:00'), -HOUR))).toBe(iso(at('2026-09-29T11:30+08:00')));
    // 15:00 − 30 min lands on 14:30, which is the same working moment as 12:00, the earlier interval's end
    expect(iso(office.addWorkingMs(at('2026-09-29T15:00+08:00'), -30 * MINUTE))).toBe(iso(at('2026-09-29T12:00+08:00')));
    // Thu 8 Oct 09:00 − 1 h: 08:30–09:00, then back over National Day to 17:00 on Wed 30 Sep
    expect(iso(office.addWorkingMs(at('2026-10-08T09:00+08:00'), -HOUR))).toBe(iso(at('2026-09-30T17:00+08:00')));
  });

  it('adding 0 returns the start, even outside working time', () => {
    expect(iso(office.addWorkingMs(at('2026-10-03T03:00+08:00'), 0))).toBe(iso(at('2026-10-03T03:00+08:00')));
  });

  it('workingHours durations skip the night and the holidays', () => {
    // Wed 30 Sep 16:00 + 2 working hours: 16:00–17:30, then 08:30–09:00 on Thu 8 Oct
    const due = office.addDuration(at('2026-09-30T16:00+08:00'), { amount: 2, unit: 'workingHours' });
    expect(iso(due)).toBe(iso(at('2026-10-08T09:00+08:00')));
  });

  it('counts a whole month of working time', () => {
    // October 2026: 22 weekdays − 5 on National Day (1, 2, 5, 6, 7) + Sat 10 = 18 days of 3.5 h + 3 h
    expect(office.workingMsBetween(at('2026-10-01T00:00+08:00'), at('2026-11-01T00:00+08:00'))).toBe(18 * 6.5 * HOUR);
  });
});

describe('precedence of the rules', () => {
  it('a site holiday on an official make-up day makes it a rest day', () => {
    const calendar = new BusinessCalendar({ ...OFFICE, holidays: ['2026-09-20'] }, OFFICIAL_CN);
    expect(office.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-09-20')).toBe(false);
    // Sat 19 Sep + 1 working day is now Mon 21 Sep
    expect(iso(calendar.addDuration(at('2026-09-19T09:00+08:00'), workingDays(1)))).toBe(iso(at('2026-09-21T17:30+08:00')));
  });

  it('a site workday on an official holiday makes it a working day', () => {
    const calendar = new BusinessCalendar({ ...OFFICE, workdays: ['2026-10-01'] }, OFFICIAL_CN);
    expect(office.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(true);
    expect(iso(calendar.addDuration(at('2026-09-30T10:00+08:00'), workingDays(1)))).toBe(iso(at('2026-10-01T17:30+08:00')));
  });

  it('without official data only the weekend and the site lists count', () => {
    const calendar = new BusinessCalendar({ ...OFFICE, holidays: ['2026-10-02'] });
    expect(calendar.isWorkingDay('2026-10-01')).toBe(true); // Thursday
    expect(calendar.isWorkingDay('2026-10-02')).toBe(false); // the site's own holiday
    expect(calendar.isWorkingDay('2026-10-10')).toBe(false); // Saturday
  });

  it('workingHours [] means whole days', () => {
    const calendar = new BusinessCalendar({ ...OFFICE, workingHours: [] }, OFFICIAL_CN);
    // the end of the working day is 24:00, i.e. 00:00 the next day
    expect(iso(calendar.addDuration(at('2026-09-30T10:00+08:00'), workingDays(1)))).toBe(iso(at('2026-10-09T00:00+08:00')));
    // Wed 30 Sep 10:00 → Thu 8 Oct 10:00: 14 h of the 30th, nothing on 1–7 Oct, 10 h of the 8th
    expect(calendar.workingMsBetween(at('2026-09-30T10:00+08:00'), at('2026-10-08T10:00+08:00'))).toBe(24 * HOUR);
    expect(iso(calendar.addWorkingMs(at('2026-09-30T10:00+08:00'), 24 * HOUR))).toBe(iso(at('2026-10-08T10:00+08:00')));
  });

  it('rejects a date that is not a date', () => {
    expect(() => office.isWorkingDay('2026-02-30')).toThrow(/Not a date/);
    expect(() => new BusinessCalendar({ ...OFFICE, holidays: ['1 Oct'] })).toThrow(/Not a date/);
  });

  it('rejects unknown time zones and overlapping intervals', () => {
    expect(() => new BusinessCalendar({ ...OFFICE, timezone: 'Mars/Olympus' })).toThrow(/Unknown time zone/);
    const overlapping = [
      { start: '08:00', end: '12:00' },
      { start: '11:00', end: '13:00' },
    ];
    expect(() => new BusinessCalendar({ ...OFFICE, workingHours: overlapping })).toThrow(/overlaps/);
    expect(() => new BusinessCalendar({ ...OFFICE, workingHours: [{ start: '18:00', end: '09:00' }] })).toThrow(/ends before/);
  });

  it('a policy with no working day throws instead of hanging', () => {
    const never = new BusinessCalendar({ ...OFFICE, weekend: [0, 1, 2, 3, 4, 5, 6] });
    expect(() => never.addDuration(at('2026-09-30T10:00+08:00'), workingDays(1))).toThrow(/no working day in \d+ days/);
    expect(() => never.addWorkingMs(at('2026-09-30T10:00+08:00'), HOUR)).toThrow(/no working time in \d+ days/);
    expect(() => never.addWorkingMs(at('2026-09-30T10:00+08:00'), -HOUR)).toThrow(/no working time in \d+ days/);
    expect(never.workingMsBetween(at('2026-01-01T00:00+08:00'), at('2027-01-01T00:00+08:00'))).toBe(0);
  });
});

describe('workingMsBetween and addWorkingMs are inverse', () => {
  const yearStart = Date.parse('2026-01-01T00:00:00Z');
  const yearLength = 365 * 24 * HOUR;
  const calendars = {
    'Shanghai office': office,
    'New York, whole days, DST': new BusinessCalendar({ ...OFFICE, timezone: 'America/New_York', workingHours: [] }),
    'New York shifts around 02:00, DST': new BusinessCalendar({
      ...OFFICE,
      timezone: 'America/New_York',
      weekend: [],
      workingHours: [
        { start: '01:00', end: '02:30' },
        { start: '03:00', end: '12:00' },
      ],
    }),
  };

  for (const [name, calendar] of Object.entries(calendars)) {
    it(`for 300 seeded starts and amounts: ${name}`, () => {
      const random = seeded(20260930);
      for (let i = 0; i < 300; i++) {
        const start = new Date(yearStart + Math.floor(random() * yearLength));
        // up to ±200 working hours, sometimes whole hours so that results land on interval ends
        const size = random() < 0.3 ? Math.round(random() * 200) * HOUR : Math.floor(random() * 200 * HOUR);
        const ms = random() < 0.5 ? -size : size;
        const end = calendar.addWorkingMs(start, ms);
        expect(calendar.workingMsBetween(start, end)).toBe(ms);
        // the result is just after working time: the end of an interval, never the start of the next
        if (ms !== 0) expect(calendar.workingMsBetween(new Date(end.getTime() - 1), end)).toBe(1);

        const to = new Date(yearStart + Math.floor(random() * yearLength));
        const reached = calendar.addWorkingMs(start, calendar.workingMsBetween(start, to));
        expect(calendar.workingMsBetween(reached, to)).toBe(0);
      }
    });
  }
});

describe('parseIcsDays', () => {
  it('reads the 2026 file of chinese-days as exactly its JSON data', () => {
    const require = createRequire(import.meta.url);
    const text = readFileSync(require.resolve('chinese-days/dist/years/2026.ics'), 'utf8');
    const days = parseIcsDays(text);
    const of2026 = (dates: ReadonlySet<string>) => [...dates].filter((date) => date.startsWith('2026-')).sort();
    expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual(of2026(OFFICIAL_CN.holidays));
    expect(days.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(of2026(OFFICIAL_CN.workdays));
    expect(days.find((d) => d.date === '2026-10-10')).toEqual({ date: '2026-10-10', kind: 'workday', summary: '国庆节(班)' });
  });

  it('reads folded lines, escapes, multi-day events and make-up days', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'DTEND;VALUE=DATE:20270104', // exclusive: 1, 2 and 3 Jan
      'SUMMARY:New Year\\, long wee',
      ' kend',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20270109',
      'SUMMARY:Make-up day',
      'X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID=Asia/Shanghai:20270206T090000',
      'SUMMARY:春节补班',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270207',
      'SUMMARY:Office day',
      'DESCRIPTION:A Working Day',
      'BEGIN:VALARM',
      'DESCRIPTION:休',
      'END:VALARM',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270109',
      'SUMMARY:Holiday (休)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseIcsDays(text)).toEqual([
      { date: '2027-01-01', kind: 'holiday', summary: 'New Year, long weekend' },
      { date: '2027-01-02', kind: 'holiday', summary: 'New Year, long weekend' },
      { date: '2027-01-03', kind: 'holiday', summary: 'New Year, long weekend' },
      { date: '2027-01-09', kind: 'workday', summary: 'Make-up day' }, // listed twice: the working day wins
      { date: '2027-02-06', kind: 'workday', summary: '春节补班' },
      { date: '2027-02-07', kind: 'workday', summary: 'Office day' },
    ]);
    // LF line endings and a tab as the fold work the same
    expect(parseIcsDays('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:202705\n\t01\nSUMMARY:劳动节(休)\nEND:VEVENT\nEND:VCALENDAR\n')).toEqual([
      { date: '2027-05-01', kind: 'holiday', summary: '劳动节(休)' },
    ]);
  });

  it('refuses text that is not iCalendar', () => {
    expect(() => parseIcsDays('date,kind\n2026-10-01,holiday\n')).toThrow(/Not an iCalendar file/);
  });
});
