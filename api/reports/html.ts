import type { Figures } from '../workflow/stats.ts';
import { countChart, escapeXml as escape, rateChart, trendChart } from './charts.ts';
import type { ComparedFigure, Report, ReportRow } from './report.ts';
import { reportStyle } from './style.ts';
import { type Heading, type Words, WORDS, duration, percent, prose, wholePercent } from './words.ts';

/**
 * The report as one printable page: inline CSS and SVG, no script and nothing fetched, every
 * text from the data escaped. The same report gives the same bytes.
 */

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const cell = (text: string | number, className?: string) => `<td${className ? ` class="${className}"` : ''}>${escape(String(text))}</td>`;
const num = (text: string | number, warn = false) => cell(text, warn ? 'num warn' : 'num');
const head = (labels: readonly string[], numericFrom = 1) =>
  `<thead><tr>${labels.map((l, i) => `<th${i >= numericFrom ? ' class="num"' : ''} scope="col">${escape(l)}</th>`).join('')}</tr></thead>`;

function table(labels: readonly string[], rows: readonly string[], words: Words, numericFrom = 1): string {
  const body = rows.length ? rows.join('') : `<tr><td class="empty" colspan="${labels.length}">${escape(words.none)}</td></tr>`;
  // on a phone a wide table scrolls inside its box; the page itself never does
  return `<div class="table-scroll"><table>${head(labels, numericFrom)}<tbody>${body}</tbody></table></div>`;
}

const legend = (items: readonly [string, string][]) =>
  `<p class="legend">${items.map(([swatch, label]) => `<span class="swatch ${swatch}"></span>${escape(label)}`).join('')}</p>`;

function signedChange(compared: ComparedFigure, words: Words): string {
  if (compared.change === null) return '—';
  if (compared.kind === 'count') return compared.change > 0 ? `+${compared.change}` : String(compared.change);
  const points = (compared.change * 100).toFixed(1);
  return words.points(compared.change > 0 ? `+${points}` : points);
}

const shown = (compared: ComparedFigure, value: number | null) => (compared.kind === 'rate' ? percent(value) : String(value));

export function toHtml(report: Report): string {
  const words = WORDS[report.locale];
  const target = report.satisfactionTarget;
  const f = report.figures;
  let number = 0;
  const section = (heading: Heading, content: string) => {
    const label = report.locale === 'en' ? `${number + 1}. ` : `${CN_NUMBERS[number]}、`;
    number += 1;
    return `<section><h2>${escape(label + words.headings[heading])}</h2>${content}</section>`;
  };
  const sections = [
    section('analysis', `<div class="analysis">${report.analysis.map((p) => `<p>${escape(p)}</p>`).join('')}</div>`),
    section('summary', summary(report, words)),
    hasTrend(report) ? section('trend', trend(report, words)) : '',
    report.kind === 'quarterly' ? section('months', months(report, words)) : '',
    section('stages', stages(f, words, target, report)),
    section('categories', groups(report.categories, report.previous.categories, words, 'category', target)),
    section('departments', groups(report.departments, null, words, 'department', target)),
    section('repeats', repeats(report, words)),
  ];
  return `<!doctype html>
<html lang="${report.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(`${report.title} · ${report.site.name}`)}</title>
<style>
${reportStyle(report.locale)}
</style>
</head>
<body>
<article class="report">
<header class="masthead">
<p class="issuer">${escape(report.site.name)}</p>
<h1>${escape(report.title)}</h1>
<p class="meta">${escape(meta(report, words))}</p>
</header>
<div class="double-rule"></div>
${kpis(report, words)}
${sections.filter(Boolean).join('\n')}
<footer>
<h3>${escape(words.headings.definitions)}</h3>
<ol>${words.definitions.map((d) => `<li>${escape(d)}</li>`).join('')}</ol>
<p>${escape(words.basis)}</p>
</footer>
</article>
</body>
</html>
`;
}

function meta(report: Report, words: Words): string {
  const sep = report.locale === 'en' ? ': ' : ':';
  const parts = [
    `${words.columns.period}${sep}${words.range(report.period.firstDay, report.period.lastDay)} (${report.site.timeZone})`,
    `${words.columns.previousPeriod}${sep}${report.previousPeriod.name}`,
    `${words.columns.target}${sep}${wholePercent(report.satisfactionTarget)}`,
  ];
  return prose(report.locale, parts.join(' · '));
}

function kpis(report: Report, words: Words): string {
  const f = report.figures;
  const p = report.previous;
  const prev = words.columns.previous;
  const card = (label: string, value: string, note: string, below = false) =>
    `<div class="kpi${below ? ' below' : ''}"><span class="label">${escape(label)}</span><span class="value">${escape(value)}</span><span class="note">${escape(note)}</span></div>`;
  const rate = (label: string, now: number | null, then: number | null) =>
    card(label, percent(now), `${prev} ${percent(then)}`, now !== null && now < report.satisfactionTarget);
  return `<section class="kpis">${[
    card(words.figures.received, String(f.received), `${prev} ${p.received}`),
    rate(words.figures.timeliness, f.timeliness.rate, p.timeliness.rate),
    rate(words.figures.completion, f.completion.rate, p.completion.rate),
    rate(words.figures.satisfaction, f.satisfaction.rate, p.satisfaction.rate),
  ].join('')}</section>`;
}

function summary(report: Report, words: Words): string {
  const rows = report.comparison.map(
    (c) =>
      `<tr>${cell(words.figures[c.figure])}${num(shown(c, c.current), c.kind === 'rate' && c.current !== null && c.current < report.satisfactionTarget)}${num(shown(c, c.previous))}${num(signedChange(c, words))}</tr>`,
  );
  const rates = report.comparison.filter((c) => c.kind === 'rate');
  const chart = rateChart(
    rates.map((c) => ({ label: words.figures[c.figure], current: c.current, previous: c.previous })),
    report.satisfactionTarget,
    { title: words.headings.rates, target: words.target(wholePercent(report.satisfactionTarget)) },
  );
  const closed = report.figures.closed;
  const outcomes = (['resolved', 'unresolved', 'mediated', 'settled', 'referred'] as const)
    .filter((o) => closed[o] > 0)
    .map((o) => `${words.outcomes[o]} ${closed[o]}`)
    .join(report.locale === 'en' ? ', ' : '、');
  return `${table([words.columns.figure, words.columns.current, words.columns.previous, words.columns.change], rows, words)}${
    outcomes ? `<p class="legend">${escape(prose(report.locale, `${words.headings.outcomes}${report.locale === 'en' ? ': ' : ':'}${outcomes}`))}</p>` : ''
  }<figure>${chart}${legend([
    ['main', words.columns.current],
    ['below', `< ${wholePercent(report.satisfactionTarget)}`],
    ['previous', words.columns.previous],
    ['target', words.target(wholePercent(report.satisfactionTarget))],
  ])}</figure>`;
}

/** A trend is worth drawing once more than one month has anything in it. */
const hasTrend = (report: Report) => report.trend.filter((m) => m.received + m.resolved > 0).length > 1;

function trend(report: Report, words: Words): string {
  // the months before the first with anything in it say nothing
  const first = report.trend.findIndex((m) => m.received + m.resolved > 0);
  const months = report.trend.slice(Math.min(first, report.trend.length - 2));
  const chart = trendChart(
    months.map((m, i) => {
      const [year, month] = m.label.split('-').map(Number) as [number, number];
      return { tick: words.monthTick(year, month, i === 0 || month === 1), first: m.received, second: m.resolved };
    }),
    words.headings.trend,
  );
  return `<figure>${chart}${legend([
    ['main', words.figures.received],
    ['second', words.figures.resolved],
  ])}</figure>`;
}

function months(report: Report, words: Words): string {
  const rows = report.months.map(
    (m) =>
      `<tr>${cell(m.name)}${num(m.figures.received)}${num(m.figures.accepted)}${num(m.figures.resolved)}${num(percent(m.figures.timeliness.rate))}${num(
        percent(m.figures.completion.rate),
      )}${num(percent(m.figures.satisfaction.rate))}</tr>`,
  );
  return table(
    [words.columns.month, words.figures.received, words.figures.accepted, words.figures.resolved, words.figures.timeliness, words.figures.completion, words.figures.satisfaction],
    rows,
    words,
  );
}

function stages(f: Figures, words: Words, target: number, report: Report): string {
  const used = f.timeliness.stages.filter((s) => s.onTime + s.late > 0);
  const previous = new Map(report.previous.timeliness.stages.map((s) => [s.stage, s.rate]));
  const chart = used.length
    ? `<figure>${rateChart(
        used.map((s) => ({ label: words.stages[s.stage], current: s.rate, previous: previous.get(s.stage) ?? null })),
        target,
        { title: words.headings.stages, target: words.target(wholePercent(target)) },
      )}</figure>`
    : '';
  const rows = used.map(
    (s) =>
      `<tr>${cell(words.stages[s.stage])}${num(s.onTime)}${num(s.late, s.late > 0)}${num(percent(s.rate), s.rate !== null && s.rate < target)}${num(
        duration(s.medianMinutes, words),
      )}${num(duration(s.p90Minutes, words))}</tr>`,
  );
  return `${chart}${table([words.columns.stage, words.columns.onTime, words.columns.late, words.figures.timeliness, words.columns.median, words.columns.p90], rows, words)}`;
}

function groups(
  rows: readonly ReportRow[],
  previous: readonly { category: string; count: number }[] | null,
  words: Words,
  column: 'category' | 'department',
  target: number,
): string {
  const before = new Map(previous?.map((c) => [c.category, c.count]) ?? []);
  const received = rows.filter((r) => r.figures.received > 0);
  const chart = received.length
    ? `<figure>${countChart(
        received.map((r) => ({ label: r.name, value: r.figures.received, ...(previous ? { previous: before.get(r.code) ?? 0 } : {}) })),
        words.headings[column === 'category' ? 'categories' : 'departments'],
      )}${legend(previous ? [['main', `${words.figures.received} · ${words.columns.current}`], ['previous', words.columns.previous]] : [['main', words.figures.received]])}</figure>`
    : '';
  const rate = (value: number | null) => num(percent(value), value !== null && value < target);
  const body = rows.map(
    (r) =>
      `<tr>${cell(r.name)}${num(r.figures.received)}${num(r.figures.accepted)}${num(r.figures.resolved)}${rate(r.figures.timeliness.rate)}${rate(
        r.figures.completion.rate,
      )}${rate(r.figures.satisfaction.rate)}</tr>`,
  );
  return `${chart}${table(
    [words.columns[column], words.figures.received, words.figures.accepted, words.figures.resolved, words.figures.timeliness, words.figures.completion, words.figures.satisfaction],
    body,
    words,
  )}`;
}

function repeats(report: Report, words: Words): string {
  const places = report.figures.repeatPlaces.map((r) => `<tr>${cell(r.place)}${num(r.count)}</tr>`);
  const people = report.figures.repeatComplainants.list.map((r) => `<tr>${cell(r.contact)}${num(r.count)}</tr>`);
  const part = (heading: Heading, labels: string[], rows: string[]) => `<div><h3>${escape(words.headings[heading])}</h3>${table(labels, rows, words)}</div>`;
  return `<div class="two">${part('repeatPlaces', [words.columns.place, words.columns.count], places)}${part(
    'repeatComplainants',
    [words.columns.complainant, words.columns.count],
    people,
  )}</div>`;
}
