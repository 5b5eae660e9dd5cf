import { type SVGTemplateResult, type TemplateResult, css, html, nothing, svg } from 'lit';
import { msg } from '@lit/localize';

/**
 * Line and bar charts drawn as SVG in Lit templates. Each is an image with a label that says
 * what it shows, and carries a table with the same numbers (behind a disclosure), so nothing
 * is known only from a shape or a colour. Widths are in CSS pixels: a chart is drawn for the
 * space it has, and its type stays the size of the page's.
 */

/** Series colours: each at least 3:1 against white and apart from the "below target" red. */
export const COLOURS = { blue: '#1d4ed8', green: '#05603a', purple: '#6d28d9', teal: '#0e7490', below: '#b42318', target: '#1f2933' } as const;

export type Shape = 'circle' | 'square' | 'diamond';

export interface Target {
  value: number;
  /** e.g. "95% target" */
  label: string;
}

export interface LineSeries {
  name: string;
  values: readonly (number | null)[];
  colour: string;
  shape: Shape;
  dashed?: boolean;
}

export interface LineChartOptions {
  /** prefix for ids inside the chart, unique in its shadow root */
  id: string;
  /** what the chart shows and what stands out, for the image's label */
  summary: string;
  /** one per point, oldest first */
  labels: readonly string[];
  /** the first column's heading in the table (e.g. "Week from") */
  labelHeader: string;
  series: readonly LineSeries[];
  width: number;
  height?: number;
  format: (value: number) => string;
  /** draw this level across the chart and mark points under it */
  target?: Target;
  /** the scale's ends; counts start at 0 and rise to a round number above the largest */
  min?: number;
  max?: number;
}

export interface Bar {
  label: string;
  value: number | null;
  /** shown beside the value and in the table, e.g. "17 of 19" */
  note?: string;
}

export interface BarChartOptions {
  id: string;
  summary: string;
  bars: readonly Bar[];
  labelHeader: string;
  valueHeader: string;
  width: number;
  colour: string;
  format: (value: number) => string;
  target?: Target;
  max?: number;
}

const TEXT = 14;
const SMALL = 13;

/** Round steps (1, 2 or 5 × 10ⁿ) from `min` to at least `max`, about five of them. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (max <= min) max = min + 1;
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v < max + step / 2; v += step) out.push(Math.round(v * 1e9) / 1e9);
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

/** About how wide a text is drawn: CJK characters a full em, others a little over half. */
const textWidth = (text: string, size = TEXT): number => [...text].reduce((w, ch) => w + (/[\u2E80-\uFFEF]/.test(ch) ? size : size * 0.6), 0);

/** Cuts a label to about the width it has, keeping the whole in a tooltip and the table. */
export function fit(text: string, width: number, size = TEXT): string {
  if (textWidth(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

const marker = (shape: Shape, x: number, y: number, fill: string, stroke: string, size = 4.5): SVGTemplateResult => {
  switch (shape) {
    case 'circle':
      return svg`<circle cx=${x} cy=${y} r=${size} fill=${fill} stroke=${stroke} stroke-width="2"></circle>`;
    case 'square':
      return svg`<rect x=${x - size} y=${y - size} width=${size * 2} height=${size * 2} fill=${fill} stroke=${stroke} stroke-width="2"></rect>`;
    case 'diamond':
      return svg`<path d="M${x} ${y - size * 1.3}L${x + size * 1.3} ${y}L${x} ${y + size * 1.3}L${x - size * 1.3} ${y}Z" fill=${fill} stroke=${stroke} stroke-width="2"></path>`;
  }
};

const swatch = (shape: Shape, colour: string, dashed = false): TemplateResult =>
  html`<svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">
    <line x1="0" y1="7" x2="28" y2="7" stroke=${colour} stroke-width="2.5" stroke-dasharray=${dashed ? '5 3' : 'none'}></line>
    ${marker(shape, 14, 7, colour, colour, 3.5)}
  </svg>`;

const belowSwatch = (id: string): TemplateResult =>
  html`<svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">
    <defs>${hatch(`${id}-legend`)}</defs>
    <rect x="1" y="1" width="26" height="12" fill="url(#${id}-legend)" stroke=${COLOURS.below} stroke-width="1.5"></rect>
  </svg>`;

const targetSwatch = (): TemplateResult =>
  html`<svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">
    <line x1="0" y1="7" x2="28" y2="7" stroke=${COLOURS.target} stroke-width="2" stroke-dasharray="6 4"></line>
  </svg>`;

/** Red stripes: a bar under the target is told apart by its pattern, not by its colour alone. */
const hatch = (id: string): SVGTemplateResult =>
  svg`<pattern id=${id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
    <rect width="6" height="6" fill="#fee4e2"></rect>
    <rect width="3" height="6" fill=${COLOURS.below}></rect>
  </pattern>`;

const below = (value: number | null, target?: Target): boolean => target !== undefined && value !== null && value < target.value;

const cell = (value: number | null, format: (v: number) => string, target?: Target, note?: string): TemplateResult => {
  if (value === null) return html`<td>${msg('no data')}</td>`;
  const flagged = below(value, target);
  return html`<td class=${flagged ? 'below' : ''}>
    ${format(value)}${note ? html` <span class="muted">(${note})</span>` : nothing}${flagged
      ? html` <strong>${msg('below the target')}</strong>`
      : nothing}
  </td>`;
};

function table(labelHeader: string, labels: readonly string[], columns: { name: string; values: readonly (number | null)[]; notes?: readonly (string | undefined)[] }[], format: (v: number) => string, target?: Target): TemplateResult {
  return html`<details class="chart-data">
    <summary>${msg('Show the numbers')}</summary>
    <table>
        <thead>
          <tr>
            <th scope="col">${labelHeader}</th>
            ${columns.map((c) => html`<th scope="col">${c.name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${labels.map(
            (label, i) =>
              html`<tr>
                <th scope="row">${label}</th>
                ${columns.map((c) => cell(c.values[i] ?? null, format, target, c.notes?.[i]))}
              </tr>`,
          )}
        </tbody>
    </table>
  </details>`;
}

/** Values over time, one line per series, with an optional target level. */
export function lineChart(o: LineChartOptions): TemplateResult {
  const width = Math.max(280, Math.round(o.width));
  const height = o.height ?? 240;
  // the target's level is written in the right margin, where no point can cover it
  const pad = { top: 18, right: o.target ? 50 : 16, bottom: 34, left: 52 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const values = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const scale = ticks(o.min ?? 0, Math.max(o.max ?? 0, ...values, o.target?.value ?? 0, o.min === undefined ? 1 : 0));
  const lo = o.min ?? scale[0]!;
  const hi = o.max ?? scale[scale.length - 1]!;
  const n = o.labels.length;
  const x = (i: number) => pad.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => pad.top + plotH - ((v - lo) / (hi - lo || 1)) * plotH;
  // every k-th label, so that they do not run into each other
  const every = Math.max(1, Math.ceil((n * 64) / plotW));
  const flag = o.target;
  return html`<figure class="chart">
    <svg role="img" aria-label=${o.summary} width=${width} height=${height} viewBox="0 0 ${width} ${height}">
      <g class="grid">
        ${scale
          .filter((v) => v >= lo && v <= hi)
          .map(
            (v) =>
              svg`<line x1=${pad.left} x2=${width - pad.right} y1=${y(v)} y2=${y(v)}></line>
                <text class="axis" x=${pad.left - 8} y=${y(v) + 4} text-anchor="end" font-size=${SMALL}>${o.format(v)}</text>`,
          )}
      </g>
      ${o.labels.map((label, i) =>
        i % every === 0 || i === n - 1
          ? svg`<text class="axis" x=${x(i)} y=${height - 10} text-anchor=${n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle'} font-size=${SMALL}>${label}</text>`
          : nothing,
      )}
      ${flag
        ? svg`<line class="target" x1=${pad.left} x2=${width - pad.right} y1=${y(flag.value)} y2=${y(flag.value)} stroke=${COLOURS.target} stroke-width="2" stroke-dasharray="6 4"></line>
            <text class="target-label" x=${width - pad.right + 6} y=${y(flag.value) + 4} font-size=${SMALL}>${o.format(flag.value)}</text>`
        : nothing}
      ${o.series.map((s) => {
        let d = '';
        s.values.forEach((v, i) => {
          if (v === null) return;
          d += `${d && s.values[i - 1] !== null && i > 0 ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
        });
        return svg`<g class="series" data-series=${s.name}>
          <path d=${d} fill="none" stroke=${s.colour} stroke-width="2.5" stroke-dasharray=${s.dashed ? '7 4' : 'none'} stroke-linejoin="round"></path>
          ${s.values.map((v, i) =>
            v === null
              ? nothing
              : below(v, flag)
                ? svg`<g class="point below" data-value=${v}>${marker(s.shape, x(i), y(v), COLOURS.below, '#ffffff', 5.5)}<title>${s.name}, ${o.labels[i]}: ${o.format(v)}</title></g>`
                : svg`<g class="point" data-value=${v}>${marker(s.shape, x(i), y(v), s.colour, '#ffffff')}<title>${s.name}, ${o.labels[i]}: ${o.format(v)}</title></g>`,
          )}
        </g>`;
      })}
    </svg>
    <ul class="legend">
      ${o.series.map((s) => html`<li>${swatch(s.shape, s.colour, s.dashed)} ${s.name}</li>`)}
      ${flag ? html`<li>${targetSwatch()} ${flag.label}</li>` : nothing}
      ${flag && values.some((v) => below(v, flag))
        ? html`<li><svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">${marker('circle', 14, 7, COLOURS.below, '#ffffff', 5)}</svg> ${msg('Below the target')}</li>`
        : nothing}
    </ul>
    ${table(o.labelHeader, o.labels, o.series.map((s) => ({ name: s.name, values: s.values })), o.format, flag)}
  </figure>`;
}

/** Horizontal bars, a label above each; rates get the target line and stripes under it. */
export function barChart(o: BarChartOptions): TemplateResult {
  const width = Math.max(280, Math.round(o.width));
  const row = 50;
  const valueText = (bar: Bar) => (bar.value === null ? msg('no data') : `${o.format(bar.value)}${bar.note ? ` · ${bar.note}` : ''}`);
  // room on the right for the longest value written after its bar
  const room = Math.max(...o.bars.map((bar) => textWidth(valueText(bar))));
  const pad = { top: o.target ? 24 : 6, right: Math.ceil(room) + 16, bottom: 6, left: 4 };
  const height = pad.top + o.bars.length * row + pad.bottom;
  const plotW = width - pad.left - pad.right;
  const hi = o.max ?? ticks(0, Math.max(1, ...o.bars.map((b) => b.value ?? 0))).at(-1)!;
  const x = (v: number) => pad.left + (v / hi) * plotW;
  const pattern = `${o.id}-below`;
  const anyBelow = o.bars.some((b) => below(b.value, o.target));
  return html`<figure class="chart">
    <svg role="img" aria-label=${o.summary} width=${width} height=${height} viewBox="0 0 ${width} ${height}">
      <defs>${hatch(pattern)}</defs>
      ${o.bars.map((bar, i) => {
        const top = pad.top + i * row;
        const flagged = below(bar.value, o.target);
        const end = bar.value === null ? pad.left : x(bar.value);
        return svg`<g class=${flagged ? 'bar below' : 'bar'} data-value=${bar.value ?? ''}>
          <title>${bar.label}: ${valueText(bar)}</title>
          <rect class="track" x=${pad.left} y=${top + 23} width=${plotW} height="18" rx="3"></rect>
          ${bar.value === null || bar.value === 0
            ? nothing
            : svg`<rect x=${pad.left} y=${top + 23} width=${Math.max(2, end - pad.left)} height="18" rx="3" fill=${flagged ? `url(#${pattern})` : o.colour} stroke=${flagged ? COLOURS.below : 'none'} stroke-width="1.5"></rect>`}
        </g>`;
      })}
      ${o.target
        ? svg`<line class="target" x1=${x(o.target.value)} x2=${x(o.target.value)} y1=${pad.top - 6} y2=${height - pad.bottom} stroke=${COLOURS.target} stroke-width="2" stroke-dasharray="6 4"></line>
            <text class="target-label" x=${x(o.target.value)} y=${pad.top - 10} text-anchor="middle" font-size=${SMALL}>${o.target.label}</text>`
        : nothing}
      ${o.bars.map((bar, i) => {
        const top = pad.top + i * row;
        const end = bar.value === null ? pad.left : x(bar.value);
        // written over the target line, on the panel's colour
        return svg`<text class="label" x=${pad.left} y=${top + 16} font-size=${TEXT}>${fit(bar.label, width - pad.left - 4)}</text>
          <rect class="backdrop" x=${end + 4} y=${top + 23} width=${textWidth(valueText(bar)) + 8} height="18"></rect>
          <text class=${below(bar.value, o.target) ? 'value below' : 'value'} x=${end + 8} y=${top + 37} font-size=${TEXT}>${valueText(bar)}</text>`;
      })}
    </svg>
    ${o.target
      ? html`<ul class="legend">
          <li>${targetSwatch()} ${o.target.label}</li>
          ${anyBelow ? html`<li>${belowSwatch(o.id)} ${msg('Below the target')}</li>` : nothing}
        </ul>`
      : nothing}
    ${table(o.labelHeader, o.bars.map((b) => b.label), [{ name: o.valueHeader, values: o.bars.map((b) => b.value), notes: o.bars.map((b) => b.note) }], o.format, o.target)}
  </figure>`;
}

/** A rate on a 0–100% track with the target marked: the dashboard's headline rates. */
export function gauge(o: { id: string; summary: string; value: number | null; target: Target; width: number; colour: string; format: (v: number) => string }): TemplateResult {
  const width = Math.max(160, Math.round(o.width));
  const height = 44;
  const x = (v: number) => 2 + v * (width - 4);
  const flagged = below(o.value, o.target);
  const pattern = `${o.id}-below`;
  return html`<svg class="gauge" role="img" aria-label=${o.summary} width=${width} height=${height} viewBox="0 0 ${width} ${height}">
    <defs>${hatch(pattern)}</defs>
    <rect class="track" x="2" y="16" width=${width - 4} height="16" rx="3"></rect>
    ${o.value === null || o.value === 0
      ? nothing
      : svg`<rect class=${flagged ? 'fill below' : 'fill'} x="2" y="16" width=${Math.max(2, x(o.value) - 2)} height="16" rx="3" fill=${flagged ? `url(#${pattern})` : o.colour} stroke=${flagged ? COLOURS.below : 'none'} stroke-width="1.5"></rect>`}
    <line class="target" x1=${x(o.target.value)} x2=${x(o.target.value)} y1="10" y2="38" stroke=${COLOURS.target} stroke-width="2.5"></line>
    <text class="target-label" x=${x(o.target.value)} y="8" text-anchor="end" font-size=${SMALL}>${o.target.label}</text>
  </svg>`;
}

export const chartStyles = css`
  .chart {
    margin: 0;
  }
  .chart svg,
  svg.gauge {
    display: block;
    max-inline-size: 100%;
    overflow: visible;
  }
  .grid line {
    stroke: #d9dee3;
    stroke-width: 1;
  }
  .track {
    fill: #eef1f4;
  }
  .backdrop {
    fill: var(--_surface);
  }
  text {
    fill: var(--_text);
    font-family: inherit;
  }
  text.axis,
  text.target-label {
    fill: var(--_muted);
  }
  text.target-label {
    font-weight: 600;
    fill: var(--_text);
  }
  text.value {
    font-variant-numeric: tabular-nums;
  }
  text.label,
  text.value {
    paint-order: stroke;
    stroke: var(--_surface);
    stroke-width: 4px;
    stroke-linejoin: round;
  }
  text.value.below {
    fill: #912018;
    font-weight: 700;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1.25em;
    list-style: none;
    margin-block: 0.5em 0;
    padding: 0;
    font-size: 0.9375rem;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  .swatch {
    flex: none;
  }
  .chart-data {
    margin-block-start: 0.5em;
  }
  .chart-data summary {
    cursor: pointer;
    min-block-size: 44px;
    display: flex;
    align-items: center;
    color: var(--_accent);
    font-weight: 600;
    inline-size: fit-content;
  }
  table {
    border-collapse: collapse;
    font-size: 0.9375rem;
    font-variant-numeric: tabular-nums;
    min-inline-size: 50%;
  }
  th,
  td {
    text-align: start;
    padding-block: 0.35em;
    padding-inline: 0.5em 1em;
    border-block-end: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  thead th {
    color: var(--_muted);
    font-weight: 600;
  }
  tbody th {
    font-weight: 400;
  }
  td.below {
    color: var(--_late);
  }
`;
