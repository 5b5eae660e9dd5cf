import type { Report } from './report.ts';

/** The report as pretty JSON; the report is built in a fixed order, so the text is stable. */
export const toJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`;
