/**
 * `npm run screenshots`: pictures of the demo pages for the README, taken in headless
 * Chromium against the real server: each whole page, and each site's themed form and tracker
 * (the tracker showing a complaint filed for the picture).
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { fromRoot } from '../../api/paths.ts';
import { launchChromium } from '../support/browser.ts';
import { startServer } from '../support/server-process.ts';

/** each site's widget in the language its residents or guests most often read */
const WIDGETS = [
  {
    site: 'community',
    lang: 'zh-Hans',
    complaint: { category: 'repair-water-electric', description: '7号楼3单元楼道的灯坏了一周,晚上看不见台阶。', place: { unit: '7-3' }, answers: { 'still-happening': 'yes' }, consent: true },
  },
  {
    site: 'hotel',
    lang: 'en',
    complaint: { category: 'noise', description: 'Loud music from the room next door after midnight.', place: { room: '1208' }, complainant: { name: 'Chan Tai Man' } },
  },
  {
    site: 'bureau',
    lang: 'zh-Hant',
    complaint: { category: 'fake-inputs', description: '在鎮上農資店買的玉米種子出苗率不到三成。', place: { address: '清河縣王莊鎮' }, consent: true },
  },
] as const;

const server = await startServer();
const browser = await launchChromium();
const shot = (name: string) => fromRoot('docs', 'screenshots', `${name}.png`);

async function wholePage(browser: Browser, site: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/demo/${site}/`);
  await page.locator('complaint-form form').waitFor();
  await page.screenshot({ path: shot(`demo-${site}`), fullPage: true });
  process.stdout.write(`wrote ${shot(`demo-${site}`)}\n`);
  await page.close();
}

async function themedWidget(browser: Browser, { site, lang, complaint }: (typeof WIDGETS)[number]): Promise<void> {
  const filed = await fetch(`${server.url}/api/v1/sites/demo-${site}/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...complaint, language: lang }),
  });
  if (filed.status !== 201) throw new Error(`filing for the ${site} picture answered ${filed.status}: ${await filed.text()}`);
  const { reference, accessCode } = (await filed.json()) as { reference: string; accessCode: string };

  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/demo/${site}/?lang=${lang}`);
  await page.locator('complaint-form form').waitFor();
  await page.locator('complaint-tracker').evaluate((tracker, codes) => {
    tracker.setAttribute('reference', codes.reference);
    tracker.setAttribute('access-code', codes.accessCode);
  }, { reference, accessCode });
  await page.locator('complaint-tracker [part="timeline"]').waitFor();
  // the fonts and the tracker's last layout settle before the picture
  await page.evaluate(() => document.fonts.ready);
  // where the form and the tracker are on the page, not in the window
  const box = await page.locator('.complaint-grid').evaluate((grid) => {
    const { x, y, width, height } = grid.getBoundingClientRect();
    return { x: x + window.scrollX, y: y + window.scrollY, width, height };
  });
  const margin = 16;
  await page.screenshot({
    path: shot(`widget-${site}`),
    fullPage: true,
    clip: { x: Math.max(0, box.x - margin), y: Math.max(0, box.y - margin), width: box.width + 2 * margin, height: box.height + 2 * margin },
  });
  process.stdout.write(`wrote ${shot(`widget-${site}`)}\n`);
  await page.close();
}

try {
  mkdirSync(fromRoot('docs', 'screenshots'), { recursive: true });
  for (const site of ['community', 'hotel', 'bureau']) await wholePage(browser, site);
  for (const widget of WIDGETS) await themedWidget(browser, widget);
} finally {
  await browser.close();
  await server.stop();
}
