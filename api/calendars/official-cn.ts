import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { OfficialCalendar } from '../workflow/calendar.ts';

// Source: the chinese-days package, which compiles the State Council's annual holiday notices (国务院办公厅关于节假日安排的通知).

/** Mainland China's public holidays and make-up working days (调休上班). */
export const OFFICIAL_CN: OfficialCalendar = {
  holidays: new Set(Object.keys(data.holidays)),
  workdays: new Set(Object.keys(data.workdays)),
};

const years = [...OFFICIAL_CN.holidays, ...OFFICIAL_CN.workdays].map((date) => Number(date.slice(0, 4)));

/** The years the data covers; dates outside them fall back to the weekend rule alone. */
export const OFFICIAL_CN_YEARS: { first: number; last: number } = { first: Math.min(...years), last: Math.max(...years) };
