import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser } from '../support/e2e.ts';
import { startHostSite } from '../support/static-host.ts';

const running = serverAndBrowser();

async function newPage(): Promise<Page> {
  const context = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

describe('a resident on the community office’s website', () => {
  it('files a complaint through the embedded form and follows it in the tracker', async () => {
    const page = await newPage();
    await page.goto(`${running.server.url}/demo/community/`);
    const form = page.locator('complaint-form');
    await form.getByLabel('投诉类别').selectOption({ label: '水电维修' });
    await form.getByLabel('问题现在还在持续吗?').selectOption({ label: '是' });
    await form.getByLabel('发生了什么?').fill('7号楼3单元楼道的灯坏了一周,晚上看不见台阶。');
    await form.getByLabel('楼栋及单元').fill('7-3');
    await form.getByLabel('房号').fill('502');
    await form.getByLabel('电话(选填)').fill('138 0000 4220');
    await form.getByRole('button', { name: '提交投诉' }).click();

    await expect.poll(() => form.getByText('谢谢,您的投诉已收到。').isVisible()).toBe(true);
    const reference = (await form.locator('[data-testid="reference"]').textContent())!;
    const accessCode = (await form.locator('[data-testid="access-code"]').textContent())!;
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const tracker = page.locator('complaint-tracker');
    await tracker.getByLabel('受理编号').fill(reference);
    await tracker.getByLabel('查询码').fill(accessCode);
    await tracker.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => tracker.locator('[part="badge"]').textContent()).toContain('已登记');
    expect(await tracker.locator('[part="timeline"] li').count()).toBe(1);
    expect(await tracker.textContent()).toBeDefined();
    const shown = await tracker.locator('.facts').innerText();
    expect(shown).toContain('水电维修');
    expect(shown).toContain('工程维修部');

    // stored by the server, readable through the public API with the same code
    const api = await fetch(`${running.server.url}/api/v1/sites/demo-community/complaints/${reference}`, { headers: { 'X-Access-Code': accessCode } });
    expect((await api.json()).category.code).toBe('repair-water-electric');
    await page.context().close();
  });
});

describe('a hotel guest on a site served from another origin', () => {
  it('loads the widget cross-origin, files and tracks, and no cookie is ever set', async () => {
    const host = await startHostSite({
      '/': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guest services</title></head><body>
        <h1>Guest services</h1>
        <script type="module" src="${running.server.url}/widget.js"></script>
        <complaint-form site="demo-hotel"></complaint-form>
        <complaint-tracker site="demo-hotel"></complaint-tracker>
      </body></html>`,
    });
    try {
      const page = await newPage();
      await page.goto(host.url);
      const form = page.locator('complaint-form');
      await form.getByLabel('What is it about?').selectOption({ label: 'Noise' });
      await form.getByLabel('What happened?').fill('Loud music from the room next door after midnight.');
      await form.getByLabel('Room number').fill('1208');
      await form.getByRole('button', { name: 'Send complaint' }).click();
      await expect.poll(() => form.getByText('Please give your name.').isVisible()).toBe(true);
      await form.getByLabel('Name', { exact: true }).fill('Chan Tai Man');
      await form.getByRole('button', { name: 'Send complaint' }).click();
      await expect.poll(() => form.getByText('Thank you. Your complaint was received.').isVisible()).toBe(true);
      const reference = (await form.locator('[data-testid="reference"]').textContent())!;
      const accessCode = (await form.locator('[data-testid="access-code"]').textContent())!;

      const tracker = page.locator('complaint-tracker');
      await tracker.getByLabel('Reference').fill(reference);
      await tracker.getByLabel('Access code').fill(accessCode);
      await tracker.getByRole('button', { name: 'Show status' }).click();
      await expect.poll(() => tracker.locator('[part="badge"]').textContent()).toContain('Received');
      expect(await tracker.locator('.facts').innerText()).toContain('Security');

      expect(await page.context().cookies()).toEqual([]);
      expect(Object.keys(await page.evaluate(() => ({ ...localStorage })))).toEqual([]);
      await page.context().close();
    } finally {
      await host.stop();
    }
  });
});

describe('languages', () => {
  it('shows the widget in Simplified Chinese, Traditional Chinese and English', async () => {
    const page = await newPage();
    await page.goto(`${running.server.url}/demo/bureau/?lang=en`);
    const form = page.locator('complaint-form');
    await expect.poll(() => form.getByRole('heading').first().textContent()).toBe('File a complaint');
    expect(await form.locator('#category option', { hasText: 'Fake seeds, fertiliser or pesticide' }).count()).toBe(1);

    await page.getByRole('button', { name: '繁體中文' }).click();
    await expect.poll(() => form.getByRole('heading').first().textContent()).toBe('我要投訴');
    expect(await form.locator('#category option', { hasText: '假冒偽劣農資' }).count()).toBe(1);
    expect(await page.locator('complaint-tracker').getByRole('heading').first().textContent()).toBe('查詢投訴進度');

    await page.getByRole('button', { name: '简体中文' }).click();
    await expect.poll(() => form.getByRole('heading').first().textContent()).toBe('我要投诉');
    expect(await form.locator('#category option', { hasText: '假冒伪劣农资' }).count()).toBe(1);
    await page.context().close();
  });
});
