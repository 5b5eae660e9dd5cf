import type { Figures } from '../workflow/stats.ts';
import type { Report, ReportRow } from './report.ts';
import { BOM, CRLF, type Field, quote, text } from './csv-fields.ts';
import { type Heading, type Words, WORDS } from './words.ts';

/**
 * The report as CSV for a spreadsheet (RFC 4180): every field quoted, CRLF line ends, one
 * section per table — a title line, a header row, the rows — with a blank line between. A
 * UTF-8 byte order mark makes Excel read the Chinese right. Rates are percentages to two
 * decimals; counts are whole numbers, the same as in the JSON.
 */


/** A fraction as a percentage with two decimals; empty when there was nothing to count. */
const pct = (rate: number | null): Field => (rate === null ? null : (rate * 100).toFixed(2));

function section(words: Words, heading: Heading, header: readonly string[], rows: readonly Field[][]): string {
  return [[words.headings[heading]], header, ...rows].map((row) => row.map(quote).join(',')).join(CRLF);
}

export function toCsv(report: Report): string {
  const words = WORDS[report.locale];
  const c = words.columns;
  const f = report.figures;
  const sections = [
    section(words, 'report', [c.item, c.value], [
      [c.site, text(report.site.name)],
      [c.title, text(report.title)],
      [c.period, `${report.period.firstDay} – ${report.period.lastDay}`],
      [c.previousPeriod, `${report.previousPeriod.firstDay} – ${report.previousPeriod.lastDay}`],
      [c.timeZone, report.site.timeZone],
      [`${c.target} (%)`, pct(report.satisfactionTarget)],
    ]),
    section(
      words,
      'summary',
      [c.code, c.figure, c.current, c.previous, c.change],
      report.comparison.map((row) =>
        row.kind === 'count'
          ? [row.figure, words.figures[row.figure], row.current, row.previous, row.change]
          : [row.figure, `${words.figures[row.figure]} (%)`, pct(row.current), pct(row.previous), pct(row.change)],
      ),
    ),
    section(
      words,
      'outcomes',
      [c.code, c.outcome, c.count],
      (['resolved', 'unresolved', 'mediated', 'settled', 'referred'] as const).map((o) => [o, words.outcomes[o], f.closed[o]]),
    ),
    section(
      words,
      'stages',
      [c.code, c.stage, c.onTime, c.late, c.ratePercent, c.medianMinutes, c.p90Minutes],
      f.timeliness.stages.map((s) => [s.stage, words.stages[s.stage], s.onTime, s.late, pct(s.rate), s.medianMinutes, s.p90Minutes]),
    ),
    groupSection(words, 'categories', c.category, report.categories),
    groupSection(words, 'departments', c.department, report.departments),
    section(
      words,
      'channels',
      [c.code, c.channel, c.count],
      f.channels.map((ch) => [ch.channel, words.channels[ch.channel], ch.count]),
    ),
    section(words, 'repeatPlaces', [c.place, c.count], f.repeatPlaces.map((r) => [text(r.place), r.count])),
    section(words, 'repeatComplainants', [c.complainant, c.count], f.repeatComplainants.list.map((r) => [text(r.contact), r.count])),
    section(
      words,
      'trend',
      [c.month, words.figures.received, words.figures.resolved, c.satisfactionPercent],
      report.trend.map((m) => [m.label, m.received, m.resolved, pct(m.satisfactionRate)]),
    ),
    ...(report.kind === 'quarterly'
      ? [
          section(
            words,
            'months',
            [c.month, words.figures.received, words.figures.accepted, words.figures.resolved, c.timelinessPercent, c.completionPercent, c.satisfactionPercent],
            report.months.map((m) => [m.label, ...groupNumbers(m.figures)]),
          ),
        ]
      : []),
    section(words, 'analysis', [c.number, c.text], report.analysis.map((p, i) => [i + 1, text(p)])),
  ];
  return `${BOM}${sections.join(CRLF + CRLF)}${CRLF}`;
}

const groupNumbers = (f: Figures): Field[] => [f.received, f.accepted, f.resolved, pct(f.timeliness.rate), pct(f.completion.rate), pct(f.satisfaction.rate)];

function groupSection(words: Words, heading: 'categories' | 'departments', column: string, rows: readonly ReportRow[]): string {
  const c = words.columns;
  return section(
    words,
    heading,
    [c.code, column, words.figures.received, words.figures.accepted, words.figures.resolved, c.onTime, c.late, c.timelinessPercent, c.completionPercent, c.satisfactionPercent],
    rows.map((r) => {
      const [received, accepted, resolved, ...rates] = groupNumbers(r.figures);
      return [r.code, text(r.name), received!, accepted!, resolved!, r.figures.timeliness.onTime, r.figures.timeliness.late, ...rates];
    }),
  );
}
