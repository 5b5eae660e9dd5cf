import { afterAll, describe, expect, it } from 'vitest';
import { createStaff, serverAndBrowser, signInToPortal, staffHeaders } from '../support/e2e.ts';
import { type TestSmtp, startSmtp } from '../support/smtp.ts';

/*
 * A message the service gave up on, seen and sent again from the portal, on the real server in
 * Chromium: the mail server is down when a resident files, the receipt dies after its last
 * attempt, the mail server comes back, and a manager sends the receipt again from the Messages
 * screen. The mail arrives once, and the screen lists it as sent.
 */

const SITE = 'demo-community';
let smtp: TestSmtp;

const running = serverAndBrowser(async () => {
  smtp = await startSmtp();
  // the port is known, and nothing listens on it until the test says so
  await smtp.stop();
  return { SMTP_URL: smtp.url, MAIL_FROM: 'complaints@sunshine.example.cn', NOTIFY_MAX_ATTEMPTS: '2', NOTIFY_RETRY_SECONDS: '0.2' };
});
afterAll(() => smtp?.stop());

const squash = (text: string | null) => (text ?? '').replace(/[\s\u202f]+/g, ' ').trim();

describe('the portal’s outgoing messages', () => {
  it('lists a receipt that could not be delivered, with the reason, and sends it again once', async () => {
    const server = running.server;
    const manager = { email: 'mei.manager@example.cn', password: '' };
    manager.password = await createStaff(server, { email: manager.email, roles: ['manager'], site: SITE, name: 'Mei Manager' });

    const filed = await fetch(`${server.url}/api/v1/sites/${SITE}/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'portal-messages-1' },
      body: JSON.stringify({
        category: 'service-quality',
        description: 'The lift in block 3 has been out of order since Monday.',
        place: { unit: '3-1' },
        complainant: { name: 'Wong Siu Ming', email: 'siu.ming@example.cn', preferredContact: 'email' },
        language: 'en',
      }),
    });
    expect(filed.status).toBe(201);
    const { reference } = (await filed.json()) as { reference: string };

    // two attempts against a closed port, then the service gives up on the receipt
    const headers = await staffHeaders(server, manager.email, manager.password);
    const dead = async () =>
      (await (await fetch(`${server.url}/api/v1/staff/sites/${SITE}/notifications?status=dead`, { headers })).json()) as { reference: string; kind: string }[];
    await expect.poll(async () => (await dead()).map((m) => `${m.kind} ${m.reference}`), { timeout: 15_000 }).toEqual([`receipt ${reference}`]);
    await smtp.start();

    const context = await running.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      await signInToPortal(page, server, manager.email, manager.password);

      await page.locator('complaint-portal nav').getByRole('link', { name: 'Messages' }).click();
      expect(new URL(page.url()).pathname).toBe(`/portal/${SITE}/messages`);
      const screen = page.locator('portal-messages');
      const card = screen.locator('li.message');
      await card.waitFor();
      expect(await card.count()).toBe(1);
      expect(squash(await card.locator('h2').textContent())).toBe(`Receipt · ${reference}`);
      const text = squash(await card.textContent());
      expect(text).toContain('The complainant, by email: s***@example.cn');
      expect(text).not.toContain('siu.ming@example.cn');
      expect(text).toContain('Attempts 2');
      expect(squash(await card.locator('.reason').textContent())).toMatch(/^email: .*ECONNREFUSED/);

      await card.getByRole('button', { name: 'Send again' }).click();
      await expect.poll(async () => squash(await screen.locator('.notice').textContent())).toContain(`“Receipt” for ${reference} is being sent again.`);
      expect(await screen.locator('li.message').count()).toBe(0);

      const [mail] = await smtp.waitFor(1, 15_000);
      expect(mail!.envelopeTo).toEqual(['siu.ming@example.cn']);
      expect(mail!.mail.text).toContain(reference);

      await screen.getByRole('button', { name: 'Sent', exact: true }).click();
      await expect.poll(() => screen.locator('li.message').count()).toBe(1);
      expect(squash(await screen.locator('li.message').textContent())).toMatch(/Sent .* · email/);
      await screen.getByRole('button', { name: 'Undelivered' }).click();
      await expect.poll(async () => squash(await screen.locator('p.panel').textContent())).toBe('Every message has been delivered: none is waiting undelivered.');
      // once, however many ticks the dispatcher has had since
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(smtp.received).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
