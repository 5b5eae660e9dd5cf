import { writeFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../contract/common.ts';
import { isMonthLabel, isQuarterLabel } from '../reports/period.ts';
import type { Report } from '../reports/report.ts';
import { RENDER, periodReport } from '../service/reports.ts';
import { type AdminCommand, UsageError, requireSite } from './command.ts';

const FORMATS: Record<string, (report: Report) => string> = RENDER;

/**
 * The monthly statistics and analysis report (003) or the quarterly summary (000 §四) of a
 * site, from its events: JSON, CSV or a printable HTML page, to stdout or a file.
 */
export const report: AdminCommand = async ({ store, options, out }) => {
  const { month, quarter } = options;
  if ((month === undefined) === (quarter === undefined)) throw new UsageError('give either --month YYYY-MM or --quarter YYYY-Qn');
  if (month !== undefined && !isMonthLabel(month)) throw new UsageError(`--month must be a month as YYYY-MM, e.g. 2026-10 (not "${month}")`);
  if (quarter !== undefined && !isQuarterLabel(quarter)) throw new UsageError(`--quarter must be a quarter as YYYY-Qn, e.g. 2026-Q4 (not "${quarter}")`);
  const format = options.format ?? 'json';
  const render = Object.hasOwn(FORMATS, format) ? FORMATS[format]! : undefined;
  if (!render) throw new UsageError(`--format must be json, csv or html (not "${format}")`);
  if (options.lang !== undefined && !(LOCALES as readonly string[]).includes(options.lang)) {
    throw new UsageError(`--lang must be one of ${LOCALES.join(', ')} (not "${options.lang}")`);
  }
  if (options.out === '') throw new UsageError('--out needs a file name');
  const site = await requireSite(store, options.site);
  const locale = (options.lang as Locale | undefined) ?? site.defaultLocale;

  const built = await periodReport(store, site, month ? { month } : { quarter: quarter! }, locale);
  const text = render(built);
  if (options.out === undefined) {
    // out() ends the line itself
    out(text.replace(/\r?\n$/, ''));
    return 0;
  }
  try {
    writeFileSync(options.out, text);
  } catch (error) {
    throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}`);
  }
  out(`wrote the ${format} report of ${site.key} for ${month ?? quarter} to ${options.out}`);
  return 0;
};
