/**
 * The widget's offline outbox, emptied: 100 complaints wait in the browser's IndexedDB (as the
 * form leaves them when there is no network), the network comes back, and the form sends them
 * all — each under its Idempotency-Key, one at a time, each marked sent in IndexedDB. Timed
 * from the browser's `online` event to the last one marked sent, in headless Chromium, against
 * the same page posting 100 complaints with plain fetch calls one after another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../api/paths.ts';
import { OUTBOX_CHANNEL, OUTBOX_DB } from '../widget/shared/outbox-names.ts';
import { launchChromium } from '../test/support/browser.ts';
import { startHostSite } from '../test/support/static-host.ts';
import { startProcess } from './processes.ts';

export interface OfflineFlushFigures {
  complaints: number;
  runs: number;
  /** from `online` to the last complaint marked sent */
  flush: { medianMs: number; p90Ms: number; perComplaintMs: number };
  /** the same number of complaints posted one after another with fetch from the page */
  direct: { medianMs: number };
  /** flush ÷ direct, the median of the runs' ratios */
  ratio: number;
}

const SITE = 'demo-community';
const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;

function page(api: string): string {
  return `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>投诉建议</title></head><body>
    <script type="module" src="${api}/widget.js"></script>
    <complaint-form site="${SITE}"></complaint-form>
  </body></html>`;
}

const request = (mark: string, n: number) => ({
  category: 'facilities',
  description: `3号楼2单元楼道灯坏了一周,晚上很黑。${mark} #${n}`,
  place: { unit: '3-2', room: String(101 + n) },
  complainant: { name: '王芳', email: `resident-${n}@example.cn`, preferredContact: 'email' },
  language: 'zh-Hans',
});

export async function benchOfflineFlush(options: { complaints: number; runs: number; progress(line: string): void }): Promise<OfflineFlushFigures> {
  const { complaints, runs, progress } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'complaints-bench-flush-'));
  const server = await startProcess(fromRoot('api', 'server.ts'), {
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // one browser sends hundreds of complaints here: the public intake's defences would refuse most
    RATE_LIMITS: 'off',
    POW_DIFFICULTY: '0',
    POW_MAX_DIFFICULTY: '0',
  });
  const browser = await launchChromium();
  const host = await startHostSite({ '/form': page(server.url) });
  const flushes: number[] = [];
  const directs: number[] = [];
  try {
    for (let run = 0; run <= runs; run += 1) {
      progress(run === 0 ? `offline flush: warming up` : `offline flush: run ${run}/${runs}, ${complaints} queued complaints`);
      const context = await browser.newContext();
      try {
        const tab = await context.newPage();
        await tab.goto(`${host.url}/form`);
        await tab.waitForFunction(() => (document.querySelector('complaint-form')?.shadowRoot?.querySelectorAll('#category option').length ?? 0) > 1, undefined, { timeout: 30_000 });
        await context.setOffline(true);
        const mark = `flush-${Date.now().toString(36)}-${run}`;
        const entries = Array.from({ length: complaints }, (_, n) => ({
          id: `${mark}-${n}`,
          request: request(mark, n),
          photos: [],
          uploaded: [],
          api: server.url,
          site: SITE,
          state: 'queued',
          createdAt: Date.now() + n,
          attempts: 1,
          nextAttemptAt: 0,
          notBefore: 0,
        }));
        // what the form stores while offline, and a watcher for what it announces as sent
        await tab.evaluate(
          async ({ entries, db, channel }) => {
            const opened = await new Promise<IDBDatabase>((resolve, reject) => {
              const open = indexedDB.open(db, 1);
              open.onupgradeneeded = () => open.result.createObjectStore('entries', { keyPath: 'id' });
              open.onsuccess = () => resolve(open.result);
              open.onerror = () => reject(open.error);
            });
            const transaction = opened.transaction('entries', 'readwrite');
            for (const entry of entries) transaction.objectStore('entries').put(entry);
            await new Promise((resolve, reject) => {
              transaction.oncomplete = resolve;
              transaction.onerror = () => reject(transaction.error);
            });
            opened.close();
            const watch = window as unknown as { flushStarted?: number; flushDone?: number };
            const sent = new Set<string>();
            addEventListener('online', () => (watch.flushStarted = performance.now()), { once: true });
            new BroadcastChannel(channel).onmessage = (event: MessageEvent<{ id: string; state: string }>) => {
              if (event.data.state !== 'sent') return;
              sent.add(event.data.id);
              if (sent.size === entries.length) watch.flushDone = performance.now();
            };
          },
          { entries, db: OUTBOX_DB, channel: OUTBOX_CHANNEL },
        );
        await context.setOffline(false);
        await tab.waitForFunction(() => (window as unknown as { flushDone?: number }).flushDone !== undefined, undefined, { timeout: 120_000, polling: 50 });
        const flushMs = await tab.evaluate(() => {
          const watch = window as unknown as { flushStarted: number; flushDone: number };
          return watch.flushDone - watch.flushStarted;
        });
        // every one stored, under its own reference
        const references = await tab.evaluate(
          async (db) =>
            new Promise<string[]>((resolve, reject) => {
              const open = indexedDB.open(db, 1);
              open.onsuccess = () => {
                const all = open.result.transaction('entries').objectStore('entries').getAll();
                all.onsuccess = () => resolve((all.result as { state: string; receipt?: { reference: string } }[]).filter((e) => e.state === 'sent').map((e) => e.receipt!.reference));
                all.onerror = () => reject(all.error);
              };
              open.onerror = () => reject(open.error);
            }),
          OUTBOX_DB,
        );
        if (new Set(references).size !== complaints) throw new Error(`the flush left ${complaints - new Set(references).size} of ${complaints} complaints unsent`);

        // the baseline: the same page posting as many complaints itself, one after another
        const directMs = await tab.evaluate(
          async ({ api, site, bodies, mark }) => {
            const started = performance.now();
            for (const [n, body] of bodies.entries()) {
              const response = await fetch(`${api}/api/v1/sites/${site}/complaints`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${mark}-direct-${n}` },
                body: JSON.stringify(body),
              });
              if (response.status !== 201) throw new Error(`direct filing answered ${response.status}`);
              await response.json();
            }
            return performance.now() - started;
          },
          { api: server.url, site: SITE, bodies: entries.map((e) => e.request), mark },
        );
        if (run > 0) {
          flushes.push(flushMs);
          directs.push(directMs);
        }
      } finally {
        await context.close();
      }
    }
    const flushMedian = quantile(flushes, 0.5);
    return {
      complaints,
      runs,
      flush: { medianMs: flushMedian, p90Ms: quantile(flushes, 0.9), perComplaintMs: flushMedian / complaints },
      direct: { medianMs: quantile(directs, 0.5) },
      ratio: quantile(
        flushes.map((f, i) => f / directs[i]!),
        0.5,
      ),
    };
  } finally {
    await host.stop();
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
