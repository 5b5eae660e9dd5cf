/**
 * `npm run bench`: the figures a user can reproduce, each measured against a baseline in the
 * same run. Prints a table and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fromRoot } from '../api/paths.ts';
import { benchFiling } from './filing.ts';
import { benchQueue } from './queue.ts';
import { benchWidgetLoad } from './widget-load.ts';

const progress = (line: string) => process.stderr.write(`· ${line}\n`);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const filing = await benchFiling({ connections: 50, seconds, rounds, progress });
const queue = await benchQueue({ complaints: Number(process.env.BENCH_QUEUE_COMPLAINTS ?? 100_000), progress });
const firstPage = queue.cases[0]!;
const widget = await benchWidgetLoad({ loads: Number(process.env.BENCH_WIDGET_LOADS ?? 15), progress });
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

type Row = [string, string, string, string];
const rows: Row[] = [
  ['benchmark', 'result', 'baseline (same run)', 'target'],
  [
    'filing over HTTP, SQLite: requests/s',
    `${filing.product.rps.toFixed(0)} = ${filing.ratio.toFixed(3)}×`,
    `${filing.bare.rps.toFixed(0)} bare node:http`,
    '≥ 0.15×',
  ],
  [
    'filing p99 at half load, 50 connections',
    `${filing.atHalfLoad.p99} ms at ${filing.atHalfLoad.rate}/s (p50 ${filing.atHalfLoad.p50} ms)`,
    '',
    '< 20 ms',
  ],
  ['filing p99 saturated, 50 connections', `${filing.product.p99} ms`, `${filing.bare.p99} ms`, ''],
  [
    `queue of ${queue.complaints} complaints: ${firstPage.name}`,
    `${firstPage.medianMs.toFixed(1)} ms median (p95 ${firstPage.p95Ms.toFixed(1)} ms)`,
    'SQLite',
    '< 50 ms',
  ],
  ...queue.cases.slice(1).map((c): Row => [`queue: ${c.name}`, `${c.medianMs.toFixed(1)} ms median (p95 ${c.p95Ms.toFixed(1)} ms)`, '', '']),
  [
    `widget: script tag to usable form, ${widget.loads} cold loads`,
    `${widget.widget.medianMs.toFixed(0)} ms median (p90 ${widget.widget.p90Ms.toFixed(0)} ms)`,
    '',
    '',
  ],
  [
    'page with the widget: navigation to usable form',
    `${widget.pageWithWidget.medianMs.toFixed(0)} ms = ${widget.ratio.toFixed(1)}×`,
    `${widget.plainPage.medianMs.toFixed(0)} ms plain HTML form`,
    '',
  ],
  ['widget gzip: the form’s load path / everything', `${kib(widget.gzip.formPath)} / ${kib(widget.gzip.all)}`, '', '≤ 20 KiB / ≤ 30 KiB'],
  [
    'filing errors / non-2xx',
    `${filing.product.errors} / ${filing.product.non2xx + filing.atHalfLoad.failed}`,
    `${filing.bare.errors} / ${filing.bare.non2xx}`,
    '0 / 0',
  ],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const [i, row] of rows.entries()) {
  process.stdout.write(`${row.map((cell, j) => cell.padEnd(widths[j]!)).join('  ')}\n`);
  if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
}

const results = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  filing,
  queue,
  widget,
};
writeFileSync(fromRoot('bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stderr.write('· wrote bench/results.json\n');
