import { describe, expect, it } from 'vitest';
import type { StaffComplaint } from '../../api/contract/staff-api.ts';
import { createStaff, serverAndBrowser, staffHeaders } from '../support/e2e.ts';

const running = serverAndBrowser();
const SITE = 'demo-hotel';
const NOTE = 'Guest called again from the lobby: the air conditioning still rattles.';

async function file(): Promise<string> {
  const response = await fetch(`${running.server.url}/api/v1/sites/${SITE}/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ category: 'facilities', description: 'The air conditioning blows warm air and rattles all night.', place: { room: '1208' }, complainant: { name: 'Chan Tai Man' } }),
  });
  if (response.status !== 201) throw new Error(`filing answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { reference: string }).reference;
}

describe('the staff portal as an installed app, when the connection drops', () => {
  it('opens from its service worker offline, keeps a note written offline across a reload, and applies it exactly once after reconnecting', async () => {
    const email = 'night-manager@harbour-view.example';
    const password = await createStaff(running.server, { email, roles: ['front-desk'], site: SITE, name: 'Lau Wing' });
    const headers = await staffHeaders(running.server, email, password);
    const reference = await file();
    const notes = async () => {
      const response = await fetch(`${running.server.url}/api/v1/staff/sites/${SITE}/complaints/by-reference/${reference}`, { headers });
      const complaint = (await response.json()) as StaffComplaint;
      return complaint.timeline.filter((entry) => entry.type === 'note-added' && JSON.stringify(entry).includes(NOTE)).length;
    };

    const context = await running.browser.newContext({ locale: 'en-GB', viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    // the page allows no inline script or style: anything its CSP blocks is a fault of the portal
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });

    // signed in through the portal's own form
    await page.goto(`${running.server.url}/portal/`);
    const portal = page.locator('complaint-portal');
    await portal.locator('#email').fill(email);
    await portal.locator('#password').fill(password);
    await portal.locator('button[type="submit"]').click();
    await portal.locator('[part="nav"]').waitFor();
    // the worker is installed and controls the page: the portal opens without a network from now on
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null))).toBe(true);

    await page.goto(`${running.server.url}/portal/${SITE}/desk`);
    const card = page.locator('portal-desk article.card', { hasText: reference });
    await card.waitFor();

    // no network: the note is written and kept on this device
    await context.setOffline(true);
    await card.locator('[data-command="add-note"]').click();
    const sheet = page.locator('portal-desk dialog#sheet');
    await sheet.locator('#note').fill(NOTE);
    await sheet.locator('button[type="submit"]').click();
    const strip = page.locator('portal-desk [data-testid="pending"]');
    await expect.poll(() => strip.locator('h2').textContent()).toBe('1 action waiting to be sent');
    expect(await notes()).toBe(0);

    // still offline, the page is reloaded: it comes from the worker, and the note is still there
    await page.reload();
    await portal.waitFor();
    expect(await page.title()).toBe('Complaint desk · Staff portal');
    // the portal cannot ask who is signed in; it says so, and what still waits on this device
    await expect.poll(() => portal.locator('.offline').textContent()).toContain('1 action waits on this device');
    const stored = () =>
      page.evaluate(
        () =>
          new Promise<{ state: string; command: { type: string } }[]>((resolve, reject) => {
            const open = indexedDB.open('portal-actions');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const read = open.result.transaction('actions').objectStore('actions').getAll();
              read.onsuccess = () => {
                open.result.close();
                resolve(read.result as { state: string; command: { type: string } }[]);
              };
              read.onerror = () => reject(read.error);
            };
          }),
      );
    expect((await stored()).map((action) => [action.command.type, action.state])).toEqual([['add-note', 'pending']]);
    expect(await notes()).toBe(0);

    // the connection returns: the note is sent by itself (the page and the worker's sync may both try)
    await context.setOffline(false);
    await expect.poll(notes, { timeout: 20_000 }).toBe(1);
    // and the portal comes back by itself
    await portal.locator('[part="nav"]').waitFor();
    await expect.poll(async () => (await stored()).length, { timeout: 10_000 }).toBe(0);
    // a moment later, still once: every sender used the same Idempotency-Key
    await page.reload();
    await portal.locator('[part="nav"]').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await notes()).toBe(1);
    expect(await stored()).toEqual([]);
    expect(blocked).toEqual([]);
    await context.close();
  });
});
