import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from '../../api/reports/html.ts';
import { monthlyReport } from '../../api/reports/report.ts';
import { launchChromium } from '../support/browser.ts';
import { COMMUNITY, CommunityOctober } from '../reports/october.ts';
import { screenshotPath } from '../support/screenshot-path.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** October 2026 at the community office, with May to September before it for the trend. */
function october(locale: 'en' | 'zh-Hans' | 'zh-Hant') {
  const month = new CommunityOctober();
  month.earlierMonths();
  return toHtml(monthlyReport(COMMUNITY, month.chains(), '2026-10', locale));
}

/** The page as a reader opens the file; any request it makes is recorded (there must be none). */
async function open(html: string, width: number): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 }, deviceScaleFactor: 1 });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests };
}

/**
 * Elements that reach past the page's edges, and how wide the page scrolls. A wide table on a
 * phone scrolls inside its own box (.table-scroll), which must itself stay within the page.
 */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const beyond = box.width > 0 && (box.left < -0.5 || box.right > width + 0.5);
        return beyond && !element.parentElement?.closest('.table-scroll');
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { outside, scrollWidth: document.documentElement.scrollWidth, width };
  });

describe('the monthly report in a browser', () => {
  it('shows October’s totals in Chinese, draws its charts, keeps within the page, and is the README’s picture', async () => {
    const { page, requests } = await open(october('zh-Hans'), 900);
    expect(await page.title()).toBe('2026年10月投诉统计分析报告 · 阳光花园社区服务中心');
    expect(await page.locator('.kpi .value').allInnerTexts()).toEqual(['12', '84.6%', '60.0%', '66.7%']);
    expect(await page.locator('.kpi .note').allInnerTexts()).toEqual(['上期 4', '上期 88.9%', '上期 100.0%', '上期 100.0%']);
    expect(await page.locator('h2').allInnerTexts()).toEqual([
      '一、情况分析',
      '二、主要指标',
      '三、月度趋势',
      '四、各环节时效',
      '五、按投诉类别',
      '六、按责任部门',
      '七、重复投诉',
    ]);
    expect(await page.locator('.analysis').innerText()).toContain('满意率为66.7%（9份评价中6份满意），低于95%的目标28.3个百分点');
    const firstCategory = page.locator('section:has(h2:text("按投诉类别")) tbody tr').first();
    expect(await firstCategory.locator('td').allInnerTexts()).toEqual(['公共设施', '4', '5', '4', '84.2%', '40.0%', '50.0%']);

    // five charts, each drawn at a real size, with its bars
    const charts = page.locator('svg');
    expect(await charts.count()).toBe(5);
    for (const chart of await charts.all()) {
      const box = (await chart.boundingBox())!;
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(60);
      expect(await chart.locator('rect').count()).toBeGreaterThan(0);
    }
    // the trend runs from May (5 complaints) to October (12)
    expect(await charts.nth(1).locator('text').allTextContents()).toEqual(expect.arrayContaining(['2026年5月', '10月', '5', '12']));

    expect(await overflow(page)).toEqual({ outside: [], scrollWidth: 900, width: 900 });
    expect(requests).toEqual([]);

    await page.screenshot({ path: screenshotPath('monthly-report.png'), fullPage: true });
    await page.close();
  });

  it('keeps within the page in every language, on a phone and on A4 paper', async () => {
    for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) {
      const html = october(locale);
      for (const width of [390, 1280]) {
        const { page } = await open(html, width);
        const result = await overflow(page);
        expect(result.outside, `${locale} at ${width}px`).toEqual([]);
        expect(result.scrollWidth, `${locale} at ${width}px`).toBe(width);
        await page.close();
      }
      // printed: the sheet's own width between A4 margins (210 mm − 2 × 12 mm ≈ 703 px)
      const { page } = await open(html, 703);
      await page.emulateMedia({ media: 'print' });
      expect((await overflow(page)).outside, `${locale} in print`).toEqual([]);
      expect((await page.pdf({ format: 'A4' })).subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }
  });
});
