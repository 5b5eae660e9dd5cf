import type { Locale } from '../contract/common.ts';
import type { Channel } from '../contract/complaint.ts';
import type { ClockStage, CloseOutcome } from '../contract/events.ts';
import { chinesePunctuation, zhHans, zhHant } from './words-chinese.ts';

/** The report's fixed words in each language; everything data-dependent is built in analysis.ts. */
export interface Words {
  monthly: (period: string) => string;
  quarterly: (period: string) => string;
  monthName: (year: number, month: number) => string;
  quarterName: (year: number, quarter: number) => string;
  /** a trend bar's label; the year only where it changes */
  monthTick: (year: number, month: number, withYear: boolean) => string;
  figures: Record<FigureCode, string>;
  stages: Record<ClockStage, string>;
  outcomes: Record<CloseOutcome, string>;
  channels: Record<Channel, string>;
  headings: Record<Heading, string>;
  columns: Record<Column, string>;
  minutes: string;
  hours: string;
  days: string;
  /** "{n} points" of a percentage */
  points: (n: string) => string;
  target: (percent: string) => string;
  definitions: string[];
  /** the sentence under the title: what the report was made from */
  basis: string;
  range: (from: string, to: string) => string;
  none: string;
}

export type FigureCode =
  | 'received'
  | 'accepted'
  | 'notAccepted'
  | 'resolved'
  | 'reopened'
  | 'withdrawn'
  | 'closed'
  | 'timeliness'
  | 'completion'
  | 'satisfaction'
  | 'firstTimeResolution';

export type Heading =
  | 'report'
  | 'analysis'
  | 'summary'
  | 'rates'
  | 'trend'
  | 'stages'
  | 'categories'
  | 'departments'
  | 'channels'
  | 'outcomes'
  | 'repeats'
  | 'repeatPlaces'
  | 'repeatComplainants'
  | 'months'
  | 'definitions';

export type Column =
  | 'item'
  | 'title'
  | 'value'
  | 'code'
  | 'figure'
  | 'current'
  | 'previous'
  | 'change'
  | 'stage'
  | 'onTime'
  | 'late'
  | 'ratePercent'
  | 'medianMinutes'
  | 'p90Minutes'
  | 'median'
  | 'p90'
  | 'category'
  | 'department'
  | 'channel'
  | 'count'
  | 'place'
  | 'complainant'
  | 'month'
  | 'number'
  | 'text'
  | 'site'
  | 'period'
  | 'previousPeriod'
  | 'timeZone'
  | 'target'
  | 'timelinessPercent'
  | 'completionPercent'
  | 'satisfactionPercent'
  | 'outcome';

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const en: Words = {
  monthly: (period) => `Complaint statistics and analysis, ${period}`,
  quarterly: (period) => `Quarterly complaint summary, ${period}`,
  monthName: (year, month) => `${EN_MONTHS[month - 1]} ${year}`,
  quarterName: (year, quarter) => `Q${quarter} ${year}`,
  monthTick: (year, month, withYear) => `${EN_MONTHS[month - 1]!.slice(0, 3)}${withYear ? ` ${year}` : ''}`,
  figures: {
    received: 'Complaints received',
    accepted: 'Accepted',
    notAccepted: 'Not accepted',
    resolved: 'Resolutions',
    reopened: 'Reviews opened',
    withdrawn: 'Withdrawn',
    closed: 'Cases closed',
    timeliness: 'Timeliness rate',
    completion: 'Completion rate',
    satisfaction: 'Satisfaction rate',
    firstTimeResolution: 'Resolved the first time',
  },
  stages: {
    acknowledge: 'Acknowledgement',
    onSite: 'On site',
    investigate: 'Investigation start',
    resolve: 'Resolution',
    feedback: 'Feedback',
    returnVisit: 'Return visit',
  },
  outcomes: {
    resolved: 'Resolved',
    unresolved: 'Not resolved',
    mediated: 'Mediated',
    settled: 'Settled by the parties',
    referred: 'Referred to court or arbitration',
  },
  channels: {
    web: 'Website',
    phone: 'Phone',
    letter: 'Letter',
    'walk-in': 'Walk-in',
    email: 'E-mail',
    wechat: 'WeChat',
    'on-site': 'On site',
    open311: 'Open311',
  },
  headings: {
    report: 'Report',
    analysis: 'Analysis',
    summary: 'Summary',
    rates: 'Rates against the target',
    trend: 'Monthly trend',
    stages: 'Timeliness by stage',
    categories: 'By category',
    departments: 'By department',
    channels: 'By channel',
    outcomes: 'Cases closed, by outcome',
    repeats: 'Repeat complaints',
    repeatPlaces: 'Places reported more than once',
    repeatComplainants: 'Complainants who complained more than once',
    months: 'Month by month',
    definitions: 'How the figures are counted',
  },
  columns: {
    item: 'Item',
    title: 'Title',
    value: 'Value',
    code: 'Code',
    figure: 'Figure',
    current: 'This period',
    previous: 'Previous period',
    change: 'Change',
    stage: 'Stage',
    onTime: 'On time',
    late: 'Late',
    ratePercent: 'Rate (%)',
    medianMinutes: 'Median (min)',
    p90Minutes: '90th percentile (min)',
    median: 'Median',
    p90: '90th percentile',
    category: 'Category',
    department: 'Department',
    channel: 'Channel',
    count: 'Count',
    place: 'Place',
    complainant: 'Complainant (masked)',
    month: 'Month',
    number: 'No.',
    text: 'Text',
    site: 'Organisation',
    period: 'Period',
    previousPeriod: 'Compared with',
    timeZone: 'Time zone',
    target: 'Satisfaction target',
    timelinessPercent: 'Timeliness (%)',
    completionPercent: 'Completion (%)',
    satisfactionPercent: 'Satisfaction (%)',
    outcome: 'Outcome',
  },
  minutes: 'min',
  hours: 'h',
  days: 'days',
  points: (n) => `${n} points`,
  target: (percent) => `target ${percent}`,
  definitions: [
    'Timeliness rate: of the stage deadlines that ended in the period, the share met; a deadline cancelled because the case ended first is not counted.',
    'Completion rate: of the complaints accepted in the period, the share completed by its end (withdrawn and merged ones are left out); a complaint closed as not resolved, or reopened for review and not yet resolved again, is not completed. Later events never change a past period.',
    'Satisfaction rate: satisfied answers among all answers recorded in the period; "partly satisfied" counts as not satisfied.',
    'Stage times run on the wall clock from the start of a stage’s deadline to its end; median and 90th percentile are nearest-rank values.',
    'Complainants are matched by phone number or e-mail (by name only where neither was given) and are shown masked.',
  ],
  basis: 'Computed from the complaint records (every event as recorded); the same records always give the same report.',
  range: (from, to) => `${from} to ${to}`,
  none: 'None',
};

/** A text in the report's language as its readers punctuate it. */
export const prose = (locale: Locale, text: string): string => (locale === 'en' ? text : chinesePunctuation(text));

export const WORDS: Record<Locale, Words> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };

/** A fraction as a percentage with one decimal, or a dash when there was nothing to count. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** A target as people state it: 95%, 97.5%. */
export const wholePercent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

/** Minutes as the unit a reader takes in at a glance: minutes, hours under two days, then days. */
export function duration(minutes: number | null, words: Words): string {
  if (minutes === null) return '—';
  const trim = (n: number) => n.toFixed(1).replace(/\.0$/, '');
  const space = words.minutes === 'min' ? ' ' : '';
  if (minutes < 60) return `${trim(minutes)}${space}${words.minutes}`;
  if (minutes < 48 * 60) return `${trim(minutes / 60)}${space}${words.hours}`;
  return `${trim(minutes / 1440)}${space}${words.days}`;
}
