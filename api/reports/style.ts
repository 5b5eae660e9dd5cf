import type { Locale } from '../contract/common.ts';
import { COLOURS } from './charts.ts';

/** Font stacks that carry each script well, on paper and on screen; nothing is downloaded. */
const FONTS: Record<Locale, { sans: string; serif: string }> = {
  en: {
    sans: '"Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
    serif: 'Georgia, "Times New Roman", "Noto Serif", "Liberation Serif", serif',
  },
  'zh-Hans': {
    sans: '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    serif: '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif',
  },
  'zh-Hant': {
    sans: '"Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif',
    serif: '"Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", MingLiU, serif',
  },
};

/** The page's one stylesheet: an A4 sheet on screen, the bare sheet in print. */
export function reportStyle(locale: Locale): string {
  const fonts = FONTS[locale];
  const chinese = locale !== 'en';
  return `
:root { color-scheme: light; --sans: ${fonts.sans}; --serif: ${fonts.serif}; --ink: #1f2328; --muted: ${COLOURS.muted};
  --line: #d0d5dc; --head: #f1f3f6; --navy: #1f3864; --red: ${COLOURS.target}; --main: ${COLOURS.main}; --below: ${COLOURS.below};
  --previous: ${COLOURS.previous}; --second: ${COLOURS.second}; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { margin: 0; padding: 24px 12px; font: 14px/1.75 var(--sans); color: var(--ink); }
.report { max-width: 794px; margin: 0 auto; padding: 44px 56px 36px; background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.15); }
.masthead { text-align: center; padding-bottom: 12px; border-bottom: 3px solid var(--red); }
.issuer { margin: 0; font: 700 22px/1.4 var(--serif); color: var(--red); letter-spacing: ${chinese ? '0.12em' : '0.02em'}; }
h1 { margin: 10px 0 4px; font: 700 25px/1.4 var(--serif); }
.meta { margin: 0; font-size: 12.5px; color: var(--muted); }
.double-rule { height: 1px; margin: 3px 0 0; background: var(--red); }
h2 { margin: 28px 0 10px; padding-inline-start: 10px; border-inline-start: 4px solid var(--navy); font: 700 17px/1.5 var(--serif); break-after: avoid; }
h3 { margin: 16px 0 6px; font: 600 14px/1.5 var(--sans); }
.kpis { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 22px 0 0; }
.kpi { padding: 10px 12px 8px; border: 1px solid var(--line); border-top: 4px solid var(--main); }
.kpi.below { border-top-color: var(--below); }
.kpi .label { display: block; font-size: 13px; color: var(--muted); }
.kpi .value { display: block; font: 700 27px/1.3 var(--serif); font-variant-numeric: tabular-nums; }
.kpi.below .value { color: var(--below); }
.kpi .note { display: block; font-size: 12px; color: var(--muted); }
.analysis p { margin: 0 0 8px; text-indent: ${chinese ? '2em' : '0'}; text-align: ${chinese ? 'justify' : 'start'}; }
.table-scroll { max-width: 100%; overflow-x: auto; }
table { width: 100%; margin: 6px 0 4px; border-collapse: collapse; font-size: 13px; line-height: 1.5; }
caption { caption-side: top; text-align: start; font-weight: 600; padding: 4px 0; }
th, td { padding: 5px 8px; border: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--head); font-weight: 600; text-align: start; }
.num { text-align: end; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.warn { color: var(--below); font-weight: 600; }
.empty { color: var(--muted); }
figure { margin: 4px 0 10px; }
svg { display: block; width: 100%; max-width: 100%; height: auto; font-family: var(--sans); }
.legend { margin: 2px 0 0; font-size: 12px; color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; margin-inline: 10px 4px; vertical-align: -1px; }
.swatch.main { background: var(--main); } .swatch.below { background: var(--below); }
.swatch.previous { background: var(--previous); } .swatch.second { background: var(--second); }
.swatch.target { height: 0; border-top: 2px dashed var(--red); vertical-align: 3px; }
.two { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
footer { margin-top: 30px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
footer ol { margin: 4px 0 8px; padding-inline-start: 20px; }
@media (max-width: 680px) {
  body { padding: 0; }
  .report { padding: 20px 10px; }
  .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .two { grid-template-columns: minmax(0, 1fr); }
  .kpi .value { font-size: 22px; }
  table { font-size: 11.5px; }
  th, td { padding: 4px 3px; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html, body { background: #fff; padding: 0; }
  .report { max-width: none; padding: 0; box-shadow: none; }
  section, figure, table, .kpi { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-scroll { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`.trim();
}
