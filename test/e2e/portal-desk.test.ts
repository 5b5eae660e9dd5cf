import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { StaffComplaint } from '../../api/contract/staff-api.ts';
import { createStaff, serverAndBrowser, staffHeaders } from '../support/e2e.ts';
import { screenshotPath } from '../support/screenshot-path.ts';

const running = serverAndBrowser();
const SITE = 'demo-hotel';

/** A guest files a complaint through the public API, as the hotel's website does. */
async function file(category: string, description: string, room: string, name: string): Promise<string> {
  const response = await fetch(`${running.server.url}/api/v1/sites/${SITE}/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ category, description, place: { room }, complainant: { name } }),
  });
  if (response.status !== 201) throw new Error(`filing answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { reference: string }).reference;
}

/** The complaint's file through the staff API. */
async function staffView(headers: Record<string, string>, reference: string): Promise<StaffComplaint> {
  const response = await fetch(`${running.server.url}/api/v1/staff/sites/${SITE}/complaints/by-reference/${reference}`, { headers });
  if (response.status !== 200) throw new Error(`reading ${reference} answered ${response.status}`);
  return (await response.json()) as StaffComplaint;
}

async function command(headers: Record<string, string>, reference: string, step: Record<string, unknown>): Promise<void> {
  const complaint = await staffView(headers, reference);
  const response = await fetch(`${running.server.url}/api/v1/staff/sites/${SITE}/complaints/${complaint.id}/commands`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ expectedVersion: complaint.version, command: step }),
  });
  if (response.status !== 200) throw new Error(`${String(step.type)} answered ${response.status}: ${await response.text()}`);
}

const card = (page: Page, reference: string) => page.locator('portal-desk article.card', { hasText: reference });

describe('the front desk on a tablet at the hotel’s reception', () => {
  it('shows a guest’s complaint within a second, acknowledges with a tap, and sends a tap made offline exactly once', async () => {
    const email = 'front-desk@harbour-view.example';
    const password = await createStaff(running.server, { email, roles: ['front-desk'], site: SITE, name: 'Wong Ka Yan' });
    const headers = await staffHeaders(running.server, email, password);

    // a working morning: a few complaints already in, two of them taken up
    const morning = [
      await file('room', 'The room was not made up although the sign was on the door since nine.', '0917', 'Ms Ng'),
      await file('noise', '隔壁房間凌晨一點還在大聲放音樂,打電話到前台也沒有人處理。', '1512', '李先生'),
      await file('billing', 'I was charged twice for the minibar on my final bill.', '2101', 'Mr Ho'),
      await file('food-beverage', '送餐服務等了一個多小時,送到時飯菜都涼了。', '1803', '王女士'),
    ];
    await command(headers, morning[0]!, { type: 'accept' });
    await command(headers, morning[0]!, { type: 'dispatch', department: 'housekeeping', assignee: 'Chan Siu Ming' });
    await command(headers, morning[2]!, { type: 'accept' });

    const context = await running.browser.newContext({
      viewport: { width: 768, height: 1024 },
      hasTouch: true,
      isMobile: true,
      locale: 'en-GB',
      deviceScaleFactor: 1,
      // the pictures show a new complaint's highlight at rest, not halfway through its pulse
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    // signed in as the portal's sign-in form does: the session cookie lands in this browser
    const signIn = await context.request.post(`${running.server.url}/api/v1/staff/session`, { data: { email, password } });
    expect(signIn.status()).toBe(200);
    await page.goto(`${running.server.url}/portal/${SITE}/desk`);
    // the tablet's language for the test and the pictures: English
    await page.locator('complaint-portal #language').selectOption('en');
    const desk = page.locator('portal-desk');
    await expect.poll(() => desk.locator('article.card').count()).toBe(morning.length);
    await expect.poll(() => desk.locator('.live').textContent()).toContain('Live');
    await page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));

    // a guest files through the hotel's website: the card is there within a second, without a reload
    const filedAt = Date.now();
    const reference = await file('facilities', 'The air conditioning blows warm air and rattles all night.', '1208', 'Chan Tai Man');
    await card(page, reference).waitFor({ timeout: 5_000 });
    expect(Date.now() - filedAt).toBeLessThan(1_000);
    expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    expect(await card(page, reference).locator('.tag.new').textContent()).toBe('New');
    expect(await desk.locator('p[role="status"].visually-hidden').textContent()).toContain(`New complaint ${reference}`);

    // acknowledged with one tap
    await card(page, reference).locator('[data-command="accept"]').tap();
    await expect.poll(() => card(page, reference).locator('[data-command="accept"]').count()).toBe(0);
    expect((await staffView(headers, reference)).status).toBe('accepted');
    expect(await card(page, reference).textContent()).toContain('Accepted');

    // the pictures, with one more guest's complaint just in: portrait, then landscape
    const latest = await file('noise', 'Construction noise from the floor above since eight this morning.', '1416', 'Mrs Lam');
    await card(page, latest).waitFor();
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('portal-desk-portrait.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect
      .poll(() => desk.locator('article.card').evaluateAll((cards) => new Set(cards.map((c) => Math.round(c.getBoundingClientRect().left))).size))
      .toBe(2);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('portal-desk-landscape.png') });
    await page.setViewportSize({ width: 768, height: 1024 });

    // no network: the tap waits on the tablet, and the screen says so
    await context.setOffline(true);
    await card(page, reference).locator('[data-command="arrive-on-site"]').tap();
    const strip = desk.locator('[data-testid="pending"]');
    await expect.poll(() => strip.locator('h2').textContent()).toBe('1 action waiting to be sent');
    expect(await strip.textContent()).toContain(`Arrived on site · ${reference}`);
    expect(await card(page, reference).textContent()).toContain('Waiting to be sent: Arrived on site');

    // back online: sent by itself, applied once
    await context.setOffline(false);
    await expect.poll(() => strip.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => card(page, reference).textContent()).not.toContain('Waiting to be sent');
    const timeline = (await staffView(headers, reference)).timeline;
    expect(timeline.filter((entry) => entry.type === 'arrived-on-site')).toHaveLength(1);
    // and only once, even after the page had every chance to send it again
    await page.waitForTimeout(1_500);
    expect((await staffView(headers, reference)).timeline.filter((entry) => entry.type === 'arrived-on-site')).toHaveLength(1);
    await context.close();
  });
});
