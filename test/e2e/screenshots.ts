/**
 * `npm run screenshots`: pictures of the demo pages for the README, taken in headless
 * Chromium against the real server.
 */
import { mkdirSync } from 'node:fs';
import { fromRoot } from '../../api/paths.ts';
import { launchChromium } from '../support/browser.ts';
import { startServer } from '../support/server-process.ts';

const server = await startServer();
const browser = await launchChromium();
try {
  mkdirSync(fromRoot('docs', 'screenshots'), { recursive: true });
  for (const site of ['community', 'hotel', 'bureau']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/demo/${site}/`);
    await page.locator('complaint-form form').waitFor();
    const path = fromRoot('docs', 'screenshots', `demo-${site}.png`);
    await page.screenshot({ path, fullPage: true });
    process.stdout.write(`wrote ${path}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
