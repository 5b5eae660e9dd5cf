import type { Locale } from '../contract/common.ts';
import type { StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import { type Figures, statistics } from '../workflow/stats.ts';
import { analyse } from './analysis.ts';
import { type Period, monthPeriod, monthsOf, monthsUpTo, previousPeriod, quarterPeriod } from './period.ts';
import { type FigureCode, WORDS, prose } from './words.ts';

/**
 * The monthly statistics and analysis report (003) and the quarterly summary for the review
 * meeting (000 §四): the period's figures, per category and department, against the previous
 * period, with a written analysis. Plain data: the renderers in json.ts, csv.ts and html.ts
 * turn the same report into the same bytes every time.
 */

export interface ReportPeriod {
  /** '2026-10' or '2026-Q4' */
  label: string;
  /** as a reader says it: "2026年10月", "Q4 2026" */
  name: string;
  /** ISO instants, [from, to) */
  from: string;
  to: string;
  /** the local dates of its first and last day */
  firstDay: string;
  lastDay: string;
}

export interface ReportRow {
  code: string;
  name: string;
  figures: Figures;
}

export interface ComparedFigure {
  figure: FigureCode;
  kind: 'count' | 'rate';
  current: number | null;
  previous: number | null;
  /** current − previous; for rates in fractions (0.05 = 5 points) */
  change: number | null;
}

export interface TrendMonth {
  label: string;
  name: string;
  received: number;
  resolved: number;
  satisfactionRate: number | null;
}

export interface Report {
  kind: 'monthly' | 'quarterly';
  locale: Locale;
  title: string;
  site: { key: string; name: string; timeZone: string };
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  satisfactionTarget: number;
  figures: Figures;
  previous: Figures;
  comparison: ComparedFigure[];
  categories: ReportRow[];
  departments: ReportRow[];
  /** the months up to the period's end (six of them), for the trend chart */
  trend: TrendMonth[];
  /** for a quarter, each of its months */
  months: { label: string; name: string; figures: Figures }[];
  analysis: string[];
}

const TREND_MONTHS = 6;

/** The report of one calendar month ('2026-10') in the site's time zone. */
export function monthlyReport(site: Site, chains: Iterable<readonly StoredEvent[]>, month: string, locale: Locale): Report {
  return buildReport(site, chains, monthPeriod(month, site.timezone), locale);
}

/** The summary of one calendar quarter ('2026-Q4') in the site's time zone. */
export function quarterlyReport(site: Site, chains: Iterable<readonly StoredEvent[]>, quarter: string, locale: Locale): Report {
  return buildReport(site, chains, quarterPeriod(quarter, site.timezone), locale);
}

function buildReport(site: Site, chains: Iterable<readonly StoredEvent[]>, period: Period, locale: Locale): Report {
  const words = WORDS[locale];
  // read the store's chains once: each figure below goes over them again
  const own = [...chains].filter((chain) => chain[0]?.type === 'registered' && chain[0].data.siteKey === site.key);
  const over = (p: Period, groupBy?: 'category' | 'department') =>
    statistics(own, { site, from: p.from, to: p.to, ...(groupBy ? { groupBy } : {}) });
  const before = previousPeriod(period, site.timezone);
  const byCategory = over(period, 'category');
  const byDepartment = over(period, 'department');
  const figures = byCategory.overall;
  const previous = over(before).overall;
  const nameOf = (list: readonly { code: string; name: Record<Locale, string> }[]) => (code: string) =>
    prose(locale, list.find((item) => item.code === code)?.name[locale] ?? code);
  const categoryName = nameOf(site.policy.categories);
  const departmentName = nameOf(site.policy.departments);
  const name = (p: Period) => (p.kind === 'month' ? words.monthName(p.year, p.month) : words.quarterName(p.year, (p.month + 2) / 3));

  const trendMonths = monthsUpTo(period, TREND_MONTHS, site.timezone);
  return {
    kind: period.kind === 'month' ? 'monthly' : 'quarterly',
    locale,
    title: period.kind === 'month' ? words.monthly(name(period)) : words.quarterly(name(period)),
    site: { key: site.key, name: prose(locale, site.name[locale]), timeZone: site.timezone },
    period: describe(period, name(period)),
    previousPeriod: describe(before, name(before)),
    satisfactionTarget: site.policy.satisfactionTarget,
    figures,
    previous,
    comparison: compare(figures, previous),
    categories: rows(byCategory.groups, categoryName),
    departments: rows(byDepartment.groups, departmentName),
    trend: trendMonths.map((month) => {
      const f = over(month).overall;
      return {
        label: month.label,
        name: name(month),
        received: f.received,
        resolved: f.resolved,
        satisfactionRate: f.satisfaction.rate,
      };
    }),
    months: period.kind === 'quarter' ? monthsOf(period, site.timezone).map((m) => ({ label: m.label, name: name(m), figures: over(m).overall })) : [],
    analysis: analyse({ locale, period: name(period), previousPeriod: name(before), figures, previous, categoryName }),
  };
}

function describe(period: Period, name: string): ReportPeriod {
  const lastMonth = period.month + period.months - 1;
  // day 0 of the next month is the last day of this one
  const lastDay = new Date(Date.UTC(period.year, lastMonth, 0)).toISOString().slice(0, 10);
  return {
    label: period.label,
    name,
    from: period.from,
    to: period.to,
    firstDay: `${period.year}-${String(period.month).padStart(2, '0')}-01`,
    lastDay,
  };
}

/** Groups as table rows, the busiest first. */
function rows(groups: { key: string; figures: Figures }[], nameOf: (code: string) => string): ReportRow[] {
  return groups
    .map(({ key, figures }) => ({ code: key, name: nameOf(key), figures }))
    .sort((a, b) => b.figures.received - a.figures.received || b.figures.accepted - a.figures.accepted || (a.code < b.code ? -1 : 1));
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

function compare(current: Figures, previous: Figures): ComparedFigure[] {
  const counts: [FigureCode, (f: Figures) => number][] = [
    ['received', (f) => f.received],
    ['accepted', (f) => f.accepted],
    ['notAccepted', (f) => f.notAccepted],
    ['resolved', (f) => f.resolved],
    ['reopened', (f) => f.reopened],
    ['withdrawn', (f) => f.withdrawn],
    ['closed', (f) => f.closed.total],
  ];
  const rates: [FigureCode, (f: Figures) => number | null][] = [
    ['timeliness', (f) => f.timeliness.rate],
    ['completion', (f) => f.completion.rate],
    ['satisfaction', (f) => f.satisfaction.rate],
    ['firstTimeResolution', (f) => f.resolutions.firstTimeRate],
  ];
  return [
    ...counts.map(([figure, of]): ComparedFigure => ({ figure, kind: 'count', current: of(current), previous: of(previous), change: of(current) - of(previous) })),
    ...rates.map(([figure, of]): ComparedFigure => {
      const [now, then] = [of(current), of(previous)];
      return { figure, kind: 'rate', current: now, previous: then, change: now === null || then === null ? null : round4(now - then) };
    }),
  ];
}
