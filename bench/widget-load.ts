import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { fromRoot } from '../api/paths.ts';
import type { PublicSite } from '../api/contract/site.ts';
import { launchChromium } from '../test/support/browser.ts';
import { startHostSite } from '../test/support/static-host.ts';
import { startProcess } from './processes.ts';

export interface WidgetLoadFigures {
  loads: number;
  /** from the parser reaching the script tag to a form with its categories and an enabled button */
  widget: { medianMs: number; p90Ms: number };
  /** from navigation start to a form the resident can use, on the widget page and on the plain page */
  pageWithWidget: { medianMs: number };
  plainPage: { medianMs: number };
  /** pageWithWidget ÷ plainPage, the median of the loads' ratios */
  ratio: number;
  gzip: { formPath: number; formPathFiles: string[]; all: number };
}

const SITE = 'demo-community';
const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;

/**
 * The measuring marks, in the host page itself: `widget-start` where the parser reaches the
 * script tag, `interactive` when the form shows the site's categories and its button is enabled.
 */
const START_MARK = `<script>performance.mark('widget-start')</script>`;
const WATCH_WIDGET = `<script>
  customElements.whenDefined('complaint-form').then(() => {
    const root = document.querySelector('complaint-form').shadowRoot;
    const ready = () => root.querySelectorAll('#category option').length > 1 && root.querySelector('button[type="submit"]:not([disabled])');
    const check = () => { if (!ready()) return false; performance.mark('interactive'); watch.disconnect(); return true; };
    const watch = new MutationObserver(check);
    if (!check()) watch.observe(root, { childList: true, subtree: true, attributes: true });
  });
</script>`;

function widgetPage(api: string): string {
  return `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>投诉建议</title></head><body>
    <h1>投诉建议</h1>
    ${START_MARK}
    <script type="module" src="${api}/widget.js"></script>
    <complaint-form site="${SITE}"></complaint-form>
    ${WATCH_WIDGET}
  </body></html>`;
}

/** The same page with the form written into it by the site owner: the least a form can cost. */
function plainPage(site: PublicSite): string {
  const options = site.categories.map((c) => `<option value="${c.code}">${c.name['zh-Hans']}</option>`).join('');
  return `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>投诉建议</title></head><body>
    <h1>投诉建议</h1>
    ${START_MARK}
    <form method="post" action="/complaints">
      <label for="category">投诉类别</label><select id="category" name="category" required><option value="">请选择类别</option>${options}</select>
      <label for="description">发生了什么?</label><textarea id="description" name="description" required></textarea>
      <button type="submit">提交投诉</button>
    </form>
    <script>performance.mark('interactive')</script>
  </body></html>`;
}

/** One cold load: a new browser context (empty cache, new connections), the cache disabled. */
async function coldLoad(browser: Browser, url: string): Promise<{ fromScriptMs: number; fromNavigationMs: number; resources: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('interactive').length > 0, undefined, { timeout: 30_000 });
    return await page.evaluate(() => {
      const start = performance.getEntriesByName('widget-start')[0]!.startTime;
      const interactive = performance.getEntriesByName('interactive')[0]!.startTime;
      return {
        fromScriptMs: interactive - start,
        fromNavigationMs: interactive,
        resources: performance.getEntriesByType('resource').filter((r) => r.startTime <= interactive).map((r) => r.name),
      };
    });
  } finally {
    await context.close();
  }
}

/** gzip size of a built file, as the server sends it */
const gzipSize = (file: string): number => statSync(fromRoot('dist', 'widget', `${file}.gz`)).size;

/**
 * How long a resident waits for the form: cold loads of a host page on another origin that
 * embeds the widget, in headless Chromium, against the same page with a plain HTML form, loads
 * alternating so a machine that slows down slows both.
 */
export async function benchWidgetLoad(options: { loads: number; progress(line: string): void }): Promise<WidgetLoadFigures> {
  const { loads, progress } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'complaints-bench-widget-'));
  const server = await startProcess(fromRoot('api', 'server.ts'), { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const browser = await launchChromium();
  try {
    const site = (await (await fetch(`${server.url}/api/v1/sites/${SITE}`)).json()) as PublicSite;
    const host = await startHostSite({ '/widget': widgetPage(server.url), '/plain': plainPage(site) });
    try {
      progress(`widget load: warming up`);
      await coldLoad(browser, `${host.url}/widget`);
      await coldLoad(browser, `${host.url}/plain`);
      const widget: Awaited<ReturnType<typeof coldLoad>>[] = [];
      const plain: Awaited<ReturnType<typeof coldLoad>>[] = [];
      for (let load = 1; load <= loads; load += 1) {
        if (load === 1 || load % 5 === 0) progress(`widget load: cold load ${load}/${loads}, widget page and plain page`);
        widget.push(await coldLoad(browser, `${host.url}/widget`));
        plain.push(await coldLoad(browser, `${host.url}/plain`));
      }
      // what the form's page fetched from the complaint service before it could be used
      const formPathFiles = [...new Set(widget.flatMap((w) => w.resources))]
        .filter((url) => url.startsWith(server.url) && url.endsWith('.js'))
        .map((url) => new URL(url).pathname.slice(1))
        .sort();
      const manifest = JSON.parse(readFileSync(fromRoot('dist', 'widget', '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
      return {
        loads,
        widget: { medianMs: quantile(widget.map((w) => w.fromScriptMs), 0.5), p90Ms: quantile(widget.map((w) => w.fromScriptMs), 0.9) },
        pageWithWidget: { medianMs: quantile(widget.map((w) => w.fromNavigationMs), 0.5) },
        plainPage: { medianMs: quantile(plain.map((p) => p.fromNavigationMs), 0.5) },
        ratio: quantile(
          widget.map((w, i) => w.fromNavigationMs / plain[i]!.fromNavigationMs),
          0.5,
        ),
        gzip: {
          formPath: formPathFiles.reduce((sum, file) => sum + gzipSize(file), 0),
          formPathFiles,
          all: Object.values(manifest).reduce((sum, chunk) => sum + gzipSize(chunk.file), 0),
        },
      };
    } finally {
      await host.stop();
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
