import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createStaff, serverAndBrowser, signInToPortal, staffHeaders } from '../support/e2e.ts';
import { startHostSite } from '../support/static-host.ts';

/*
 * The staff portal end to end, on the real server in Chromium: a complaint filed by a resident is
 * accepted and dispatched by the front desk, appears live in the queue of a handler of that
 * department, is resolved there, shows its answer in the resident's tracker on another site,
 * and has a deadline extended by a supervisor.
 */

const running = serverAndBrowser();
const SITE = 'demo-community';

async function newContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await running.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return { context, page };
}

/** Signs in with the portal's own form, then reads it in English. */
const signIn = (page: Page, email: string, password: string, path = '') => signInToPortal(page, running.server, email, password, path);

const complaintScreen = (page: Page) => page.locator('portal-complaint');
const statusOf = (page: Page) => complaintScreen(page).locator('[data-testid="status"]').textContent();

/** Opens a step's form by its button and answers with the form. */
async function step(page: Page, command: string): Promise<Locator> {
  await complaintScreen(page).locator(`portal-complaint-actions button[data-command="${command}"]`).click();
  const form = complaintScreen(page).locator('portal-command-form');
  await form.locator('h3').waitFor();
  return form;
}

/** Today's date in the office's time zone, `days` ahead, as `YYYY-MM-DD`. */
function shanghaiDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

const squash = (text: string | null) => (text ?? '').replace(/[\s\u202f]+/g, ' ').trim();

describe('the staff portal, from a resident’s complaint to its answer', () => {
  it('is accepted and dispatched at the desk, appears live for the handler, is resolved, answered in the tracker, and extended by a supervisor', async () => {
    const server = running.server;
    const desk = { email: 'lin.desk@example.cn', password: '' };
    const handler = { email: 'han.handler@example.cn', password: '' };
    const supervisor = { email: 'zhou.supervisor@example.cn', password: '' };
    desk.password = await createStaff(server, { email: desk.email, roles: ['front-desk'], site: SITE, name: 'Lin Desk' });
    handler.password = await createStaff(server, { email: handler.email, roles: ['handler'], site: SITE, name: 'Han Handler', departments: ['engineering'] });
    supervisor.password = await createStaff(server, { email: supervisor.email, roles: ['supervisor'], site: SITE, name: 'Zhou Supervisor' });

    // a resident files through the public API: a service complaint, routed to customer service
    const filed = await fetch(`${server.url}/api/v1/sites/${SITE}/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'portal-flow-resident-1' },
      body: JSON.stringify({
        category: 'service-quality',
        description: '9号楼楼梯间的灯坏了两周,报修两次都没人来。',
        place: { unit: '9-2' },
        complainant: { name: '周美玲', phone: '138 0013 8000', preferredContact: 'phone' },
        language: 'zh-Hans',
      }),
    });
    expect(filed.status).toBe(201);
    const { reference, accessCode } = (await filed.json()) as { reference: string; accessCode: string };

    const a = await newContext();
    const b = await newContext();
    const contexts = [a.context, b.context];
    const host = await startHostSite({
      '/': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sunshine Garden</title></head><body>
        <script type="module" src="${server.url}/widget.js"></script>
        <complaint-tracker site="${SITE}" lang="en" reference="${reference}" access-code="${accessCode}"></complaint-tracker>
      </body></html>`,
    });
    try {
      // the handler watches the queue: nothing of customer service is theirs
      await signIn(b.page, handler.email, handler.password);
      const handlerQueue = b.page.locator('portal-queue');
      await handlerQueue.locator('#q').waitFor();
      // its live stream is up before anything happens, so what arrives is heard, not reloaded
      await handlerQueue.locator('.live.on').waitFor();
      expect(await handlerQueue.getByRole('link', { name: reference }).count()).toBe(0);
      await b.page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

      // the dispatcher finds it in the queue and opens it
      await signIn(a.page, desk.email, desk.password);
      const deskQueue = a.page.locator('portal-queue');
      await deskQueue.locator('#q').fill(reference);
      await deskQueue.locator('#q').press('Enter');
      await deskQueue.getByRole('link', { name: reference }).click();
      await expect.poll(() => statusOf(a.page)).toBe('Registered');
      expect(a.page.url()).toMatch(new RegExp(`/portal/${SITE}/complaints/[^/]+$`));
      const complaintPath = new URL(a.page.url()).pathname.replace(/^\/portal\//, '');

      // accepts, with a notice the resident reads
      const accept = await step(a.page, 'accept');
      await accept.locator('[name="notice"]').fill('您的投诉已受理,工程维修部将在三个工作日内处理。');
      await accept.locator('button[type="submit"]').click();
      await expect.poll(() => statusOf(a.page)).toBe('Accepted');

      // and dispatches it to the handler's department, to the handler picked from the directory
      const dispatch = await step(a.page, 'dispatch');
      await dispatch.locator('[name="department"]').selectOption('engineering');
      await expect.poll(() => dispatch.locator('datalist#colleagues option[value="Han Handler"]').count()).toBe(1);
      await dispatch.locator('[name="assignee"]').fill('Han Handler');
      await dispatch.locator('[name="requirements"]').fill('更换灯具,检查线路。');
      await dispatch.locator('button[type="submit"]').click();
      await expect.poll(() => statusOf(a.page)).toBe('Dispatched');
      expect(await complaintScreen(a.page).locator('[data-testid="assignee"]').textContent()).toBe('Han Handler');

      // it appears in the handler's queue by itself, without a reload
      const row = handlerQueue.getByRole('link', { name: reference });
      await row.waitFor({ timeout: 15_000 });
      expect(await b.page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

      await complaintScreen(a.page).locator('.live-state[data-state="live"]').waitFor();

      // the handler opens it and resolves it
      await row.click();
      await expect.poll(() => statusOf(b.page)).toBe('Dispatched');
      expect(await complaintScreen(b.page).locator('.timeline').textContent()).toContain('更换灯具,检查线路。');
      const resolve = await step(b.page, 'resolve');
      await resolve.locator('[name="result"]').fill('已更换9号楼楼梯间全部灯具,线路检查正常。');
      await resolve.locator('[name="basis"]').fill('物业服务合同第五条:公共照明由物业负责维修。');
      await resolve.locator('button[type="submit"]').click();
      await expect.poll(() => statusOf(b.page)).toBe('Resolved');

      // the dispatcher's screen follows: it shows the handler's step without a reload
      await expect.poll(() => statusOf(a.page), { timeout: 15_000 }).toBe('Resolved');

      // the resident's tracker, on the community's own website, shows the answer
      const resident = await running.browser.newContext({ locale: 'en-US' });
      contexts.push(resident);
      const residentPage = await resident.newPage();
      await residentPage.goto(host.url);
      const tracker = residentPage.locator('complaint-tracker');
      await expect.poll(() => tracker.locator('[part="timeline"]').textContent(), { timeout: 15_000 }).toContain('已更换9号楼楼梯间全部灯具,线路检查正常。');
      expect(await tracker.locator('[part="timeline"]').textContent()).toContain('物业服务合同第五条');

      // a supervisor gives the answer to the complainant more time
      const c = await newContext();
      contexts.push(c.context);
      await signIn(c.page, supervisor.email, supervisor.password, complaintPath);
      await expect.poll(() => statusOf(c.page)).toBe('Resolved');
      const dueBefore = await complaintScreen(c.page).locator('[data-testid="due-feedback"]').textContent();
      const extend = await step(c.page, 'extend-deadline');
      await extend.locator('[name="stage"]').selectOption('feedback');
      expect(await extend.locator('[name="approvedBy"]').inputValue()).toBe('Zhou Supervisor');
      await extend.locator('#mode-until').check();
      const until = `${shanghaiDate(40)}T17:30`;
      await extend.locator('[name="until"]').fill(until);
      await extend.locator('[name="reason"]').fill('住户出差,要求回来后再当面告知结果。');
      await extend.locator('button[type="submit"]').click();
      await expect.poll(() => complaintScreen(c.page).locator('[data-testid="due-feedback"]').textContent()).not.toBe(dueBefore);

      // the new due time, as the office's clock reads it
      const expected = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(
        new Date(`${until}:00+08:00`),
      );
      expect(squash(await complaintScreen(c.page).locator('[data-testid="due-feedback"]').textContent())).toBe(squash(expected));
      const extended = complaintScreen(c.page).locator('.timeline li[data-type="deadline-extended"]');
      expect(await extended.textContent()).toContain('Zhou Supervisor');
      expect(await extended.textContent()).toContain('住户出差,要求回来后再当面告知结果。');
      expect(await extended.getAttribute('class')).toContain('internal');

      // the server agrees
      const headers = await staffHeaders(server, supervisor.email, supervisor.password);
      const stored = (await (await fetch(`${server.url}/api/v1/staff/sites/${SITE}/complaints/by-reference/${reference}`, { headers })).json()) as {
        clocks: { stage: string; dueAt: string }[];
      };
      expect(stored.clocks.find((clock) => clock.stage === 'feedback')!.dueAt).toBe(new Date(`${until}:00+08:00`).toISOString());
    } finally {
      await host.stop();
      for (const context of contexts) await context.close();
    }
  }, 120_000);
});
