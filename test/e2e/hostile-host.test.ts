import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server-process.ts';

/**
 * The embedding contract, on the worst page a site owner could have: global CSS that would
 * wreck any light-DOM widget, a strict Content Security Policy sent as a header, and the
 * widget's script included twice. The form must look as designed, file a complaint, and leave
 * the page as it found it.
 */

/** Rules that break any widget whose markup the page's CSS can reach. */
const HOSTILE_CSS = `
* { all: revert; font: 40px/1 serif !important; color: red !important; box-sizing: content-box !important;
    letter-spacing: 0.5em !important; text-transform: uppercase !important; }
button, input, select, textarea { display: none !important; }
div { padding: 50px !important; }
form { display: none !important; }
h2 { visibility: hidden !important; }
`;

/** The page's own content, which the widget must leave exactly as it is. */
const OWN_CONTENT = `<section id="own">
  <h1>Residents’ corner</h1>
  <p class="intro">Tell us what went wrong.</p>
  <form action="/search"><input name="q" value="lift"><button type="submit">Search</button></form>
  <div class="note">Office hours 9–5</div>
</section>`;

const HOSTILE_LINK = '<link rel="stylesheet" href="/hostile.css">';

let server: RunningServer;
let browser: Browser;
let host: { url: string; stop(): Promise<void> };

/**
 * The host site on another origin ("localhost" vs the API's "127.0.0.1"). Its policy allows
 * what the widget honestly needs and nothing else:
 * - script-src: the widget module and the chunks it imports, from the complaint service;
 * - connect-src: the public API (fetch) and the tracker's live updates (EventSource);
 * - img-src: the complaint service, and blob: for the photos the tracker fetches with the
 *   access code and shows through object URLs (an <img> cannot send that header);
 * - style-src 'self': the page's own stylesheet. The widget needs no style-src at all: its
 *   styles are constructed stylesheets adopted by its shadow roots, not <style> or style="".
 */
function policy(api: string): string {
  return [
    "default-src 'none'",
    `script-src ${api}`,
    `connect-src ${api}`,
    "style-src 'self'",
    `img-src ${api} blob:`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function page(title: string, scripts: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
    ${HOSTILE_LINK}</head><body>
    ${OWN_CONTENT}
    ${scripts.map((src) => `<script type="module" src="${src}"></script>`).join('\n')}
    <div class="widgets">
      <complaint-form site="demo-community"></complaint-form>
      <complaint-tracker site="demo-community"></complaint-tracker>
    </div></body></html>`;
}

async function startHostileSite(api: string): Promise<{ url: string; stop(): Promise<void> }> {
  const files: Record<string, { type: string; body: string }> = {
    // the same script twice, under two URLs, so that the module really runs twice
    '/': { type: 'text/html', body: page('Hostile host', [`${api}/widget.js`, `${api}/widget.js?included=again`]) },
    '/control': { type: 'text/html', body: page('Hostile host without the widget', []) },
    '/neutral': { type: 'text/html', body: page('A page with no styles of its own', [`${api}/widget.js`]).replace(HOSTILE_LINK, '') },
    '/hostile.css': { type: 'text/css', body: HOSTILE_CSS },
  };
  const csp = policy(api);
  const site = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://host').pathname];
    if (!file) {
      response.writeHead(404, { 'Content-Security-Policy': csp }).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': `${file.type}; charset=utf-8`, 'Content-Security-Policy': csp }).end(file.body);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const { port } = site.address() as AddressInfo;
  return { url: `http://localhost:${port}`, stop: () => new Promise((resolve) => site.close(() => resolve())) };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  host = await startHostileSite(server.url);
});
afterAll(async () => {
  await host?.stop();
  await browser?.close();
  await server?.stop();
});

interface Watched {
  page: Page;
  context: BrowserContext;
  problems: string[];
  initialKeys: () => string[];
  requests: string[];
}

/**
 * Opens a page and records what must never happen: page errors, CSP violations, console
 * errors. The recording is done through the console, so it adds nothing to `window` itself.
 */
async function open(path: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  let keys: string[] = [];
  /* eslint-disable no-console -- the page reports through its console: nothing added to window */
  await page.addInitScript(() => {
    console.debug(`window-keys ${JSON.stringify(Object.keys(window))}`);
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`csp-violation ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  /* eslint-enable no-console */
  page.on('console', (message) => {
    if (message.text().startsWith('window-keys ')) keys = JSON.parse(message.text().slice('window-keys '.length)) as string[];
    else if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${host.url}${path}`);
  return { page, context, problems, initialKeys: () => keys, requests };
}

/** What the page's own elements look like: their markup and the styles that matter. */
function ownContent(page: Page) {
  return page.evaluate(() => {
    const section = document.getElementById('own')!;
    return {
      markup: section.outerHTML,
      styles: [section, ...section.querySelectorAll('*')].map((element) => {
        const style = getComputedStyle(element);
        return [element.localName, style.display, style.color, style.fontSize, style.fontFamily, style.padding, style.boxSizing].join(' ');
      }),
    };
  });
}

/** The computed styles that make the form look as it does, element by element, in its shadow root. */
function shadowStyles(page: Page, tag: string) {
  return page.locator(tag).evaluate((element) => {
    const properties = [
      'display', 'visibility', 'position', 'box-sizing', 'color', 'background-color', 'font-family', 'font-size',
      'font-weight', 'font-style', 'line-height', 'letter-spacing', 'text-transform', 'text-align',
      'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'margin-top', 'margin-bottom',
      'border-top-width', 'border-top-color', 'border-top-left-radius', 'min-height', 'outline-style',
    ];
    return [...element.shadowRoot!.querySelectorAll('*')].map((inner) => {
      const style = getComputedStyle(inner);
      return `${inner.localName}${inner.id ? `#${inner.id}` : ''} ${properties.map((p) => `${p}:${style.getPropertyValue(p)}`).join(' ')}`;
    });
  });
}

/** Soft, so the rest of the contract is still checked; every element that differs is named. */
async function expectLooksAsDesigned(hostile: Page, neutral: Page, tag: string): Promise<void> {
  const designed = await shadowStyles(neutral, tag);
  const shown = await shadowStyles(hostile, tag);
  expect(shown.length, tag).toBe(designed.length);
  expect.soft(shown.filter((line, i) => line !== designed[i]).map((line) => `${tag} on the hostile page: ${line}`)).toEqual([]);
}

const categoriesShown = (page: Page) =>
  page.locator('complaint-form').evaluate((el) => el.shadowRoot?.querySelectorAll('#category option').length ?? 0);

describe('the widget on a hostile host page', () => {
  it('renders as designed, files a complaint, and leaves the page, its globals and its storage alone', async () => {
    const { page, context, problems, initialKeys, requests } = await open('/');
    const form = page.locator('complaint-form');

    // interactive: the site's categories are in, the button is enabled
    await expect.poll(() => categoriesShown(page), { timeout: 15_000 }).toBeGreaterThan(3);
    expect(await form.locator('button[type="submit"]').isEnabled()).toBe(true);

    // the module really ran twice, from two addresses, and the second run broke nothing
    expect(requests.filter((url) => url.startsWith(`${server.url}/widget.js`))).toEqual([
      `${server.url}/widget.js`,
      `${server.url}/widget.js?included=again`,
    ]);

    // inside the shadow root the widget's own styles rule, not the page's
    const inner = await form.evaluate((element) => {
      const root = element.shadowRoot!;
      const style = (selector: string) => getComputedStyle(root.querySelector(selector)!);
      const panel = style('form');
      const heading = style('h2');
      const select = style('#category');
      const textarea = style('#description');
      const button = style('button[type="submit"]');
      const formBox = root.querySelector('form')!.getBoundingClientRect();
      const fieldBox = root.querySelector('#description')!.getBoundingClientRect();
      return {
        panel: { display: panel.display, padding: panel.paddingTop, color: panel.color, fontSize: panel.fontSize, fontFamily: panel.fontFamily },
        heading: { visibility: heading.visibility, color: heading.color, letterSpacing: heading.letterSpacing, textTransform: heading.textTransform },
        select: { display: select.display, fontSize: select.fontSize, boxSizing: select.boxSizing, height: Number.parseFloat(select.height) },
        textarea: { display: textarea.display, fontSize: textarea.fontSize, boxSizing: textarea.boxSizing },
        button: { display: button.display, fontSize: button.fontSize, color: button.color, height: Number.parseFloat(button.height) },
        fieldInsideForm: fieldBox.right <= formBox.right + 0.5 && fieldBox.left >= formBox.left - 0.5,
      };
    });
    expect(inner.panel).toMatchObject({ display: 'block', padding: '20px', color: 'rgb(31, 41, 51)', fontSize: '16px' });
    expect(inner.panel.fontFamily).toMatch(/^system-ui/);
    expect(inner.heading).toEqual({ visibility: 'visible', color: 'rgb(31, 41, 51)', letterSpacing: 'normal', textTransform: 'none' });
    expect(inner.select).toMatchObject({ display: 'block', fontSize: '16px', boxSizing: 'border-box' });
    expect(inner.select.height).toBeGreaterThanOrEqual(44);
    expect(inner.select.height).toBeLessThan(80);
    expect(inner.textarea).toEqual({ display: 'block', fontSize: '16px', boxSizing: 'border-box' });
    expect(inner.button).toMatchObject({ fontSize: '16px', color: 'rgb(255, 255, 255)' });
    expect(inner.button.display).not.toBe('none');
    expect(inner.button.height).toBeGreaterThanOrEqual(44);
    expect(inner.fieldInsideForm).toBe(true);

    // element by element, both elements look exactly as on a page with no styles of its own
    const neutral = await open('/neutral');
    await expect.poll(() => categoriesShown(neutral.page), { timeout: 15_000 }).toBeGreaterThan(3);
    await expectLooksAsDesigned(page, neutral.page, 'complaint-form');
    await expectLooksAsDesigned(page, neutral.page, 'complaint-tracker');

    // nothing was stored, nothing was added to window before the resident did anything
    expect(await context.cookies()).toEqual([]);
    const storage = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).map((db) => db.name),
    }));
    expect(storage).toEqual({ local: 0, session: 0, databases: [] });
    expect(initialKeys().length).toBeGreaterThan(0);
    const added = async () => (await page.evaluate(() => Object.keys(window))).filter((key) => !initialKeys().includes(key));
    expect.soft(await added(), 'globals the widget added to window').toEqual([]);

    // the page's own elements are exactly as on the same page without the widget
    const withWidget = await ownContent(page);
    const control = await open('/control');
    expect(withWidget).toEqual(await ownContent(control.page));
    expect(control.problems).toEqual([]);
    await control.context.close();

    // the resident files a complaint through the form
    await form.getByLabel('What is it about?').selectOption({ label: 'Public facilities' });
    await form.getByLabel('What happened?').fill('The lift in building 5 has been stuck on the ground floor since Monday.');
    await form.getByLabel('Building and unit').fill('5-1');
    // the community office asks for consent to its terms
    if (await form.locator('#consent').count()) await form.locator('#consent').check();
    await form.getByRole('button', { name: 'Send complaint' }).click();
    await expect.poll(() => form.getByText('Thank you. Your complaint was received.').isVisible(), { timeout: 15_000 }).toBe(true);
    const reference = (await form.locator('[data-testid="reference"]').textContent())!;
    const accessCode = (await form.locator('[data-testid="access-code"]').textContent())!;
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // and follows it in the tracker, whose code and live updates load under the same policy
    const tracker = page.locator('complaint-tracker');
    await tracker.getByLabel('Reference').fill(reference);
    await tracker.getByLabel('Access code').fill(accessCode);
    await tracker.getByRole('button', { name: 'Show status' }).click();
    await expect.poll(() => tracker.locator('[part="badge"]').textContent(), { timeout: 15_000 }).toContain('Received');
    const designedTracker = neutral.page.locator('complaint-tracker');
    await designedTracker.evaluate((element, codes) => {
      element.setAttribute('reference', codes.reference);
      element.setAttribute('access-code', codes.accessCode);
    }, { reference, accessCode });
    await designedTracker.locator('[part="badge"]').waitFor();
    await expectLooksAsDesigned(page, neutral.page, 'complaint-tracker');
    expect(neutral.problems).toEqual([]);
    await neutral.context.close();

    // stored by the service
    const stored = await fetch(`${server.url}/api/v1/sites/demo-community/complaints/${reference}`, { headers: { 'X-Access-Code': accessCode } });
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { category: { code: string } }).category.code).toBe('facilities');

    // still no cookie, no global, and not one error or policy violation all along
    expect(await context.cookies()).toEqual([]);
    expect.soft(await added(), 'globals the widget added to window').toEqual([]);
    expect(await ownContent(page)).toEqual(withWidget);
    expect(problems).toEqual([]);
    await context.close();
  });
});
