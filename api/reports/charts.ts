/**
 * The report's charts as inline SVG: no script, no external resource, the same bytes for the
 * same figures. Every text taken from data is escaped.
 */

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const COLOURS = { main: '#2f5597', below: '#c55a11', previous: '#b4bcc8', second: '#70ad47', target: '#c00000', grid: '#e3e6ea', ink: '#333333', muted: '#6b7280' };

const WIDTH = 680;
const FONT = 12;

/** Roughly how wide a text is drawn: ideographs and full-width forms take a whole em. */
function textWidth(text: string, size = FONT): number {
  let em = 0;
  for (const char of text) em += char.codePointAt(0)! >= 0x2e80 ? 1 : 0.58;
  return em * size;
}

/** Shortens a label to fit, with an ellipsis; the full text stays in the bar's <title>. */
function fit(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let out = '';
  for (const char of text) {
    if (textWidth(`${out}${char}…`) > width) break;
    out += char;
  }
  return `${out}…`;
}

const n = (value: number): string => String(Math.round(value * 10) / 10);

function svg(height: number, label: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeXml(label)}" font-size="${FONT}">${body}</svg>`;
}

function labelColumn(labels: readonly string[]): number {
  return Math.min(210, Math.max(80, ...labels.map((l) => textWidth(l) + 12)));
}

export interface RateRow {
  label: string;
  current: number | null;
  previous: number | null;
}

/**
 * Rates as horizontal bars on a 0–100% scale, this period thick and the previous one thin,
 * with the target as a dashed line; a bar short of the target is drawn in the warning colour.
 */
export function rateChart(rows: readonly RateRow[], target: number, labels: { title: string; target: string }): string {
  const left = labelColumn(rows.map((r) => r.label));
  const right = WIDTH - 64;
  const x = (rate: number) => left + (right - left) * rate;
  const top = 24;
  const rowHeight = 34;
  const height = top + rows.length * rowHeight + 22;
  let body = '';
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    body += `<line x1="${n(x(tick))}" y1="${top - 4}" x2="${n(x(tick))}" y2="${height - 20}" stroke="${COLOURS.grid}"/>`;
    body += `<text x="${n(x(tick))}" y="${height - 6}" text-anchor="middle" fill="${COLOURS.muted}">${tick * 100}%</text>`;
  }
  const tx = n(x(target));
  body += `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${height - 20}" stroke="${COLOURS.target}" stroke-width="1.5" stroke-dasharray="5 3"/>`;
  body += `<text x="${tx}" y="${top - 10}" text-anchor="middle" fill="${COLOURS.target}">${escapeXml(labels.target)}</text>`;
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    body += `<g><title>${escapeXml(row.label)}</title>`;
    body += `<text x="${left - 8}" y="${y + 13}" text-anchor="end" fill="${COLOURS.ink}">${escapeXml(fit(row.label, left - 12))}</text>`;
    if (row.current !== null) {
      const colour = row.current >= target ? COLOURS.main : COLOURS.below;
      body += `<rect x="${left}" y="${y + 2}" width="${n(Math.max(1, x(row.current) - left))}" height="15" fill="${colour}"/>`;
      // a white halo keeps the value readable where it crosses the target line
      body += `<text x="${n(x(row.current) + 6)}" y="${y + 14}" fill="${COLOURS.ink}" font-weight="600" stroke="#fff" stroke-width="3" paint-order="stroke">${(row.current * 100).toFixed(1)}%</text>`;
    } else {
      body += `<text x="${left + 6}" y="${y + 14}" fill="${COLOURS.muted}">—</text>`;
    }
    if (row.previous !== null) {
      body += `<rect x="${left}" y="${y + 20}" width="${n(Math.max(1, x(row.previous) - left))}" height="6" fill="${COLOURS.previous}"/>`;
    }
    body += '</g>';
  });
  return svg(height, labels.title, body);
}

export interface CountRow {
  label: string;
  value: number;
  previous?: number;
}

/** Counts as horizontal bars, the previous period as a thin grey bar under each. */
export function countChart(rows: readonly CountRow[], title: string): string {
  const left = labelColumn(rows.map((r) => r.label));
  const right = WIDTH - 40;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.value, r.previous ?? 0)));
  const x = (value: number) => left + ((right - left) * value) / max;
  const rowHeight = 28;
  const height = rows.length * rowHeight + 8;
  let body = '';
  rows.forEach((row, i) => {
    const y = 4 + i * rowHeight;
    body += `<g><title>${escapeXml(row.label)}</title>`;
    body += `<text x="${left - 8}" y="${y + 13}" text-anchor="end" fill="${COLOURS.ink}">${escapeXml(fit(row.label, left - 12))}</text>`;
    if (row.value > 0) body += `<rect x="${left}" y="${y + 2}" width="${n(x(row.value) - left)}" height="14" fill="${COLOURS.main}"/>`;
    body += `<text x="${n(x(row.value) + 6)}" y="${y + 14}" fill="${COLOURS.ink}" font-weight="600">${row.value}</text>`;
    if (row.previous) body += `<rect x="${left}" y="${y + 19}" width="${n(x(row.previous) - left)}" height="5" fill="${COLOURS.previous}"/>`;
    body += '</g>';
  });
  return svg(height, title, body);
}

/** A step that divides the axis into about four round parts: 1, 2, 5, 10, 20, … */
function niceStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw)!;
}

export interface TrendColumn {
  tick: string;
  first: number;
  second: number;
}

/** Two series per month as paired vertical bars (received and resolved), values on top. */
export function trendChart(columns: readonly TrendColumn[], title: string): string {
  const height = 220;
  const left = 40;
  const bottom = height - 28;
  const top = 16;
  const step = niceStep(Math.max(...columns.map((c) => Math.max(c.first, c.second))));
  const max = Math.max(step, Math.ceil(Math.max(...columns.map((c) => Math.max(c.first, c.second))) / step) * step);
  const y = (value: number) => bottom - ((bottom - top) * value) / max;
  let body = '';
  for (let tick = 0; tick <= max; tick += step) {
    body += `<line x1="${left}" y1="${n(y(tick))}" x2="${WIDTH - 8}" y2="${n(y(tick))}" stroke="${COLOURS.grid}"/>`;
    body += `<text x="${left - 6}" y="${n(y(tick) + 4)}" text-anchor="end" fill="${COLOURS.muted}">${tick}</text>`;
  }
  const slot = (WIDTH - 8 - left) / columns.length;
  const bar = Math.min(26, slot * 0.3);
  columns.forEach((column, i) => {
    const centre = left + slot * i + slot / 2;
    for (const [value, offset, colour] of [
      [column.first, -bar - 1, COLOURS.main],
      [column.second, 1, COLOURS.second],
    ] as const) {
      const x0 = centre + offset;
      if (value === 0) continue;
      body += `<rect x="${n(x0)}" y="${n(y(value))}" width="${n(bar)}" height="${n(bottom - y(value))}" fill="${colour}"/>`;
      body += `<text x="${n(x0 + bar / 2)}" y="${n(y(value) - 4)}" text-anchor="middle" fill="${COLOURS.ink}" font-size="11">${value}</text>`;
    }
    body += `<text x="${n(centre)}" y="${height - 8}" text-anchor="middle" fill="${COLOURS.ink}">${escapeXml(column.tick)}</text>`;
  });
  body += `<line x1="${left}" y1="${bottom}" x2="${WIDTH - 8}" y2="${bottom}" stroke="${COLOURS.muted}"/>`;
  return svg(height, title, body);
}
