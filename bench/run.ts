/**
 * `npm run bench`: the figures a user can reproduce, each measured against a baseline in the
 * same run. Prints a table and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fromRoot } from '../api/paths.ts';
import { benchFiling } from './filing.ts';
import { benchOfflineFlush } from './offline-flush.ts';
import { benchPortalQueue } from './portal-queue.ts';
import { benchPostgresFiling } from './postgres.ts';
import { benchQueue } from './queue.ts';
import { benchSseFanout } from './sse-fanout.ts';
import { benchTracker } from './tracker.ts';
import { benchWidgetLoad } from './widget-load.ts';

const progress = (line: string) => process.stderr.write(`· ${line}\n`);
// the machine's load as the run began: figures from a busy machine are lower
const loadAtStart = loadavg();
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const filing = await benchFiling({ connections: 50, seconds, rounds, progress });
const tracker = await benchTracker({ connections: 50, seconds, rounds, progress });
const postgresFiling = await benchPostgresFiling({ connections: 50, seconds, rounds, progress });
const queue = await benchQueue({ complaints: Number(process.env.BENCH_QUEUE_COMPLAINTS ?? 100_000), progress });
const firstPage = queue.cases[0]!;
const widget = await benchWidgetLoad({ loads: Number(process.env.BENCH_WIDGET_LOADS ?? 15), progress });
const flush = await benchOfflineFlush({ complaints: Number(process.env.BENCH_FLUSH_COMPLAINTS ?? 100), runs: Number(process.env.BENCH_FLUSH_RUNS ?? 5), progress });
const portalQueue = await benchPortalQueue({ items: Number(process.env.BENCH_PORTAL_ITEMS ?? 10_000), runs: Number(process.env.BENCH_PORTAL_RUNS ?? 15), progress });
const sse = await benchSseFanout({ clients: Number(process.env.BENCH_SSE_CLIENTS ?? 1000), changes: Number(process.env.BENCH_SSE_CHANGES ?? 20), progress });
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
    `tracker reads over HTTP (${tracker.complaints} complaints, access code checked): requests/s`,
    `${tracker.product.rps.toFixed(0)} = ${tracker.ratio.toFixed(3)}× (p99 ${tracker.product.p99} ms)`,
    `${tracker.bare.rps.toFixed(0)} bare node:http (p99 ${tracker.bare.p99} ms)`,
    '',
  ],
  'skipped' in postgresFiling
    ? ['filing over HTTP, PostgreSQL', `not measured: ${postgresFiling.skipped}`, '', '']
    : [
        'filing over HTTP, PostgreSQL: requests/s',
        `${postgresFiling.product.rps.toFixed(0)} = ${postgresFiling.ratio.toFixed(3)}×; p99 ${postgresFiling.atHalfLoad.p99} ms at ${postgresFiling.atHalfLoad.rate}/s`,
        `${postgresFiling.bare.rps.toFixed(0)} bare node:http`,
        '',
      ],
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
    `offline outbox: ${flush.complaints} queued complaints, online → last sent`,
    `${flush.flush.medianMs.toFixed(0)} ms median (${flush.flush.perComplaintMs.toFixed(1)} ms each) = ${flush.ratio.toFixed(1)}×`,
    `${flush.direct.medianMs.toFixed(0)} ms posting them with fetch`,
    '',
  ],
  [
    `portal queue: quick filter over ${portalQueue.items} rows, slowest query`,
    `${portalQueue.quickFilter.medianMs.toFixed(1)} ms median = ${portalQueue.quickFilter.ratio.toFixed(2)}× target`,
    `first filter ${portalQueue.quickFilter.firstMs.toFixed(1)} ms (folds each row once)`,
    `< ${portalQueue.quickFilter.targetMs} ms`,
  ],
  ...portalQueue.virtualList.cases.map(
    (c): Row => [`portal queue: virtual list, ${c.name}`, `${c.medianMs.toFixed(1)} ms median (p95 ${c.p95Ms.toFixed(1)} ms)`, `${portalQueue.virtualList.domRows} rows in the DOM`, ''],
  ),
  [
    `live updates: ${sse.clients} SSE clients on one site stream, filing answered → last client`,
    `p50 ${sse.answerToLast.p50Ms} ms, p99 ${sse.answerToLast.p99Ms} ms = ${sse.ratio.toFixed(2)}× target`,
    `from the change's at: p50 ${sse.atToLast.p50Ms} ms, p99 ${sse.atToLast.p99Ms} ms`,
    `p99 < ${sse.targetP99Ms} ms`,
  ],
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
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage: { atStart: loadAtStart, atEnd: loadavg() } },
  filing,
  tracker,
  postgresFiling,
  offlineFlush: flush,
  queue,
  widget,
  portalQueue,
  sse,
};
writeFileSync(fromRoot('bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stderr.write('· wrote bench/results.json\n');
