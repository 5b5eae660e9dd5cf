import { readFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { createStaff, serverAndBrowser, staffHeaders } from '../support/e2e.ts';

const running = serverAndBrowser();

const APP = '/app/demo-community/';

/** A fresh browser profile with the community's app open and its service worker in control. */
async function openApp(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await running.browser.newContext({ viewport: { width: 412, height: 915 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${running.server.url}${APP}`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  return { context, page };
}

async function fileComplaint(form: Locator, description: string): Promise<void> {
  await form.getByLabel('投诉类别').selectOption({ label: '水电维修' });
  await form.getByLabel('问题现在还在持续吗?').selectOption({ label: '是' });
  await form.getByLabel('发生了什么?').fill(description);
  await form.getByLabel('楼栋及单元').fill('7-3');
  await form.getByLabel('房号').fill('502');
  // where the site shows a consent text, its box is ticked too
  const consent = form.getByRole('checkbox');
  if (await consent.count()) await consent.check();
  await form.getByRole('button', { name: '提交投诉' }).click();
}

/** What the app keeps in IndexedDB, read past the app. */
const kept = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ site: string; reference: string; accessCode: string }[]>((resolve, reject) => {
        const open = indexedDB.open('complaint-app');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('complaints').objectStore('complaints').getAll();
          read.onsuccess = () => resolve(read.result);
          read.onerror = () => reject(read.error);
        };
      }),
  );

/** WCAG 2.2 A and AA violations axe-core finds on the page, shadow roots included. */
async function violations(page: Page): Promise<string[]> {
  // evaluated by the test runner, not added as an inline script: the app's policy allows none
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(fromRoot('node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } };
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return results.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

const shadowFocus = (page: Page, host: string) => page.evaluate((tag) => document.querySelector(tag)?.shadowRoot?.activeElement?.textContent?.trim() ?? null, host);

describe('the resident app, installed from the community office’s service', () => {
  it('is installable: its manifest is linked and valid, and its service worker controls the page', async () => {
    const { context, page } = await openApp();
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(`${running.server.url}${APP}manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ name: '阳光花园社区服务中心', start_url: APP, scope: APP, display: 'standalone' });
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // a test's browser context is incognito, where Chromium installs nothing: that one is the test's own
    expect(installabilityErrors.filter((error) => error.errorId !== 'in-incognito')).toEqual([]);

    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, script: registration.active?.scriptURL, controller: navigator.serviceWorker.controller?.scriptURL };
    });
    expect(worker).toEqual({ scope: `${running.server.url}${APP}`, script: `${running.server.url}${APP}sw.js`, controller: `${running.server.url}${APP}sw.js` });
    await context.close();
  });

  it('opens offline, with the form showing the categories it last saw', async () => {
    const { context, page } = await openApp();
    await context.setOffline(true);
    // neither the page nor its worker reaches the service now
    const reach = () => fetch('/healthz').then(() => 'reached', () => 'offline');
    expect(await page.evaluate(reach)).toBe('offline');
    expect(await context.serviceWorkers()[0]!.evaluate(reach)).toBe('offline');
    const shell = await page.reload();
    expect(shell?.fromServiceWorker()).toBe(true);
    expect(await page.title()).toBe('阳光花园社区服务中心');
    const form = page.locator('complaint-form');
    await expect.poll(() => form.locator('#category option', { hasText: '水电维修' }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('my-complaints').getByRole('heading', { name: '我的投诉' }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('complaint-tracker').getByLabel('受理编号').isVisible()).toBe(true);
    await context.close();
  });

  it('keeps a complaint filed in the app in "my complaints", shows it in the tracker, and removes it on request', async () => {
    const { context, page } = await openApp();
    const form = page.locator('complaint-form');
    await fileComplaint(form, '7号楼3单元楼道的灯坏了一周,晚上看不见台阶。');
    const reference = (await form.locator('[data-testid="reference"]').first().textContent())!.trim();
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const list = page.locator('my-complaints');
    const item = list.getByRole('listitem').filter({ hasText: reference });
    await expect.poll(() => item.textContent()).toContain('已登记');
    expect((await kept(page)).map((c) => [c.site, c.reference])).toEqual([['demo-community', reference]]);

    // kept across visits
    await page.reload();
    await list.getByRole('button', { name: `查询 ${reference}` }).click();
    const tracker = page.locator('complaint-tracker');
    await expect.poll(() => tracker.locator('[part="badge"]').textContent()).toContain('已登记');
    expect(await tracker.locator('.facts').innerText()).toContain('水电维修');

    expect(await violations(page)).toEqual([]);
    for (const button of await list.getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(Math.min(box.width, box.height), (await button.textContent()) ?? undefined).toBeGreaterThanOrEqual(44);
    }

    // asked first; Escape keeps it, and the focus returns to the button
    const remove = list.getByRole('button', { name: `删除 ${reference}` });
    await remove.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => list.getByText(`要从本设备删除 ${reference} 吗?`).isVisible()).toBe(true);
    expect(await shadowFocus(page, 'my-complaints')).toBe('保留');
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => shadowFocus(page, 'my-complaints')).toBe('删除');
    expect(await kept(page)).toHaveLength(1);

    await remove.click();
    await list.getByRole('group').getByRole('button', { name: '删除', exact: true }).click();
    await expect.poll(() => list.getByText('还没有投诉。').isVisible()).toBe(true);
    expect(await list.getByRole('status').textContent()).toContain(`已从本设备删除 ${reference}`);
    expect(await kept(page)).toEqual([]);
    // the tracker no longer shows it, nor the form its receipt, and it does not come back
    await expect.poll(() => tracker.getByLabel('受理编号').inputValue()).toBe('');
    await expect.poll(() => form.locator('[data-testid="reference"]').count()).toBe(0);
    await page.reload();
    await expect.poll(() => list.getByText('还没有投诉。').isVisible()).toBe(true);
    expect(await kept(page)).toEqual([]);
    await context.close();
  });

  it('follows several complaints at once, including one filed elsewhere, added by reference and access code', async () => {
    const { context, page } = await openApp();
    const filedElsewhere = await fetch(`${running.server.url}/api/v1/sites/demo-community/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ category: 'facilities', description: '小区东门的道闸坏了,车辆进出要等很久。', place: { unit: '东门' }, consent: true }),
    });
    expect(filedElsewhere.status).toBe(201);
    const other = (await filedElsewhere.json()) as { reference: string; accessCode: string };

    const form = page.locator('complaint-form');
    await fileComplaint(form, '5号楼电梯按钮失灵,已经两天了。');
    const mine = (await form.locator('[data-testid="reference"]').first().textContent())!.trim();

    const list = page.locator('my-complaints');
    await list.getByText('添加在别处提交的投诉').click();
    await list.getByLabel('受理编号').fill(other.reference);
    await list.getByLabel('查询码').fill('WRONG-CODE');
    await list.getByRole('button', { name: '加入我的投诉' }).click();
    await expect.poll(() => list.getByRole('alert').textContent()).not.toBe('');
    expect(await list.getByLabel('受理编号').inputValue()).toBe(other.reference);

    await list.getByLabel('查询码').fill(other.accessCode);
    await list.getByRole('button', { name: '加入我的投诉' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    for (const reference of [mine, other.reference]) {
      await expect.poll(() => list.getByRole('listitem').filter({ hasText: reference }).textContent()).toContain('已登记');
    }
    expect((await kept(page)).map((c) => c.reference).sort()).toEqual([mine, other.reference].sort());

    await list.getByRole('button', { name: `查询 ${other.reference}` }).click();
    await expect.poll(() => page.locator('complaint-tracker').locator('h2 .code').textContent()).toBe(other.reference);
    await context.close();
  });

  it('sends a complaint filed offline once the connection is back, and then keeps it', async () => {
    const { context, page } = await openApp();
    await context.setOffline(true);
    const form = page.locator('complaint-form');
    await fileComplaint(form, '3号楼地下车库的排水沟堵了,下雨就积水。');
    await expect.poll(() => form.locator('[part="entry"][data-state="queued"]').count(), { timeout: 15_000 }).toBe(1);
    const list = page.locator('my-complaints');
    expect(await list.getByText('还没有投诉。').isVisible()).toBe(true);
    // the app asked the browser to wake its worker for the outbox when the connection returns
    const syncTags = () =>
      page.evaluate(async () => {
        const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } };
        return registration.sync.getTags();
      });
    await expect.poll(syncTags).toEqual(['complaint-outbox']);

    await context.setOffline(false);
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 30_000 }).toBe(1);
    const [saved] = await kept(page);
    const tracked = await fetch(`${running.server.url}/api/v1/sites/demo-community/complaints/${saved!.reference}`, { headers: { 'X-Access-Code': saved!.accessCode } });
    expect(tracked.status).toBe(200);
    expect(((await tracked.json()) as { status: string }).status).toBe('registered');
    await context.close();
  });

  it('offers a new version when the site changes, and switches to it only when the resident says so', async () => {
    const { page } = await openApp();
    // the office's administrator gives the app another colour
    const password = await createStaff(running.server, { email: 'admin@example.cn', roles: ['admin'], site: 'demo-community' });
    const headers = await staffHeaders(running.server, 'admin@example.cn', password);
    const config = (await (await fetch(`${running.server.url}/api/v1/staff/sites/demo-community/config`, { headers })).json()) as { theme: { accent: string } };
    const changed = await fetch(`${running.server.url}/api/v1/staff/sites/demo-community/config`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...config, theme: { ...config.theme, accent: '#7c3aed' } }),
    });
    expect(changed.status).toBe(200);

    const description = page.locator('complaint-form').getByLabel('发生了什么?');
    await description.fill('写了一半的投诉');
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    const reload = page.locator('complaint-app-update').getByRole('button', { name: '重新载入' });
    await expect.poll(() => reload.isVisible(), { timeout: 20_000 }).toBe(true);
    // nothing changes under the resident's hands until they choose
    expect(await description.inputValue()).toBe('写了一半的投诉');
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).not.toBe('#7c3aed');

    await Promise.all([page.waitForEvent('load'), reload.click()]);
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe('#7c3aed');
    await page.context().close();
  });
});
