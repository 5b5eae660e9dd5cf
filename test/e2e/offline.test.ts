import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser } from '../support/e2e.ts';

const running = serverAndBrowser();

/** What the server stored, read from its own database: the registrations whose description carries `mark`. */
function registered(mark: string): { reference: string; data: string }[] {
  const db = new DatabaseSync(join(running.server.dataDir, 'complaints.sqlite'), { readOnly: true });
  try {
    return db
      .prepare(
        `SELECT c.reference, e.data FROM events e JOIN complaints c ON c.id = e.complaint_id
         WHERE c.site_key = 'demo-community' AND e.type = 'registered' AND e.data LIKE ?`,
      )
      .all(`%${mark}%`) as { reference: string; data: string }[];
  } finally {
    db.close();
  }
}

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; form: Locator }> {
  const context = await running.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${running.server.url}/demo/community/?lang=en`);
  const form = page.locator('complaint-form');
  await form.getByLabel('What is it about?').waitFor();
  return { context, page, form };
}

async function fill(form: Locator, description: string): Promise<void> {
  await form.getByLabel('What is it about?').selectOption('environment');
  await form.getByLabel('What happened?').fill(description);
  await form.getByLabel('Building and unit').fill('2-1');
  // the community office may ask for consent to its terms
  const consent = form.locator('#consent');
  if (await consent.count()) await consent.check();
}

describe('a resident whose connection comes and goes', () => {
  it('files three complaints offline; they survive a reload and are stored exactly once each when the service is back', async () => {
    const mark = `offline-${Date.now()}`;
    const { context, page, form } = await newPage();
    // nothing is kept in the browser before the resident sends something
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toEqual([]);

    await context.setOffline(true);
    for (const n of [1, 2, 3]) {
      await fill(form, `${mark} #${n}: the bins behind building 2 were not emptied.`);
      await form.getByRole('button', { name: 'Send complaint' }).click();
      await expect.poll(() => form.locator('[part="entry"][data-state="queued"]').count()).toBe(n);
      await expect.poll(() => form.getByText('Saved on this device. It is sent as soon').first().isVisible()).toBe(true);
      await form.getByRole('button', { name: 'File another complaint' }).click();
    }
    expect(registered(mark)).toHaveLength(0);

    // The reload: the widget keeps no service worker of its own (it lives on other people's
    // sites), so whether the page itself loads offline is the host site's business. What the
    // outbox must survive is a reload while the complaint service cannot be reached; the page
    // stays reachable and every request to the service's API fails as a dropped connection.
    await page.route(`${running.server.url}/api/**`, (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await expect.poll(() => form.locator('[part="entry"][data-state="queued"]').count()).toBe(3);
    await expect.poll(() => form.getByText('Could not reach the complaint service').isVisible()).toBe(true);
    expect(registered(mark)).toHaveLength(0);

    // back: the backoff's next attempt sends them, and the form returns
    await page.unroute(`${running.server.url}/api/**`);
    await expect.poll(() => form.locator('[data-testid="kept-reference"]').count(), { timeout: 20_000 }).toBe(3);
    await form.getByLabel('What is it about?').waitFor();
    expect(registered(mark)).toHaveLength(3);

    // each receipt stays until the resident closes it; a later flush sends nothing again
    const references = await form.locator('[data-testid="kept-reference"]').allTextContents();
    expect(references.sort()).toEqual(registered(mark).map((row) => row.reference).sort());
    await page.reload();
    await expect.poll(() => form.locator('[data-testid="kept-reference"]').count()).toBe(3);
    expect(registered(mark)).toHaveLength(3);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('sends again with the same key when the answer was lost after the server stored the complaint', async () => {
    const mark = `lost-answer-${Date.now()}`;
    const { context, page, form } = await newPage({
      permissions: ['geolocation'],
      geolocation: { latitude: 30.27415, longitude: 120.15515, accuracy: 25 },
    });
    const keys: string[] = [];
    await page.route(`${running.server.url}/api/v1/sites/demo-community/complaints`, async (route) => {
      keys.push((await route.request().headerValue('idempotency-key'))!);
      if (keys.length > 1) return route.continue();
      // the server stores it and answers, but the answer never reaches the browser
      await route.fetch();
      return route.abort('connectionreset');
    });

    await fill(form, `${mark}: the hedge by the playground blocks the path.`);
    // the location is shared only when asked for, and shown with its accuracy
    await form.getByRole('button', { name: 'Share my location' }).click();
    await expect.poll(() => form.getByText('Your location is shared, accurate to about 25 m.').isVisible()).toBe(true);
    await form.getByRole('button', { name: 'Send complaint' }).click();

    await expect.poll(() => form.locator('[data-testid="reference"]').count(), { timeout: 15_000 }).toBe(1);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const stored = registered(mark);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!.data).location).toEqual({ lat: 30.27415, lng: 120.15515, accuracy: 25 });
    expect(await form.locator('[data-testid="reference"]').textContent()).toBe(stored[0]!.reference);
    await expect.poll(() => form.getByText('Thank you. Your complaint was received.').isVisible()).toBe(true);
    await context.close();
  });
});
