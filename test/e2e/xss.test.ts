import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createStaff, staffHeaders } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server-process.ts';

/*
 * Script in every text field a complaint has, typed by a resident into the widget on the bureau's
 * page (which files it through the proof of work) and by the office into its steps: the tracker
 * and the portal's complaint screen show each one as the text it is. Nothing runs, no dialog
 * opens, no element of it appears.
 */

const SITE = 'demo-bureau';

/** One payload per field; each element it would make carries data-xss, each script sets window.__xss. */
const PAYLOADS = {
  description: `<img src=x data-xss onerror="window.__xss='description'"> 窗口态度 & <b data-xss>bold</b>`,
  address: `"><svg data-xss onload="window.__xss='address'">清河镇`,
  name: `<script data-xss>window.__xss='name'</script>张`,
  subject: `</textarea><iframe data-xss srcdoc="<script>parent.__xss='subject'</script>"></iframe>`,
  notice: `<a data-xss href="javascript:alert('notice')">受理</a>`,
  question: `\${alert('question')} {{constructor.constructor('alert(1)')()}} <img src=x data-xss onerror=alert('question')>`,
  answer: `<details data-xss open ontoggle="alert('answer')">补充</details>`,
  note: `<style data-xss>*{display:none}</style><marquee data-xss>进展</marquee>`,
} as const;

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  // the defences on, as a server starts by default: the widget solves its proof of work
  [server, browser] = await Promise.all([startServer({ RATE_LIMITS: 'on', POW_DIFFICULTY: '16' }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every text of the page, into shadow roots, whitespace squashed. */
const deepText = (page: Page) =>
  page.evaluate(() => {
    const walk = (root: Node): string =>
      [...root.childNodes]
        .map((node) => {
          if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
          if (node instanceof HTMLStyleElement || node instanceof HTMLScriptElement) return '';
          const shadow = node instanceof Element ? node.shadowRoot : null;
          return (shadow ? walk(shadow) : '') + walk(node);
        })
        .join(' ');
    return walk(document.body).replace(/\s+/g, ' ');
  });

/** What a payload would have left: elements marked data-xss (in any shadow root) and window.__xss. */
const injected = (page: Page) =>
  page.evaluate(() => {
    const marked: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.hasAttribute('data-xss')) marked.push(element.outerHTML.slice(0, 80));
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return { marked, xss: (window as unknown as { __xss?: string }).__xss ?? null };
  });

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

async function watch(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

describe('script in every text field', () => {
  it('is shown as text in the tracker and in the portal, and never runs', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const dialogs = await watch(page);

    // a resident types the payloads into the form on the bureau's own page
    await page.goto(`${server.url}/demo/bureau/?lang=zh-Hans`);
    const form = page.locator('complaint-form');
    await form.locator('#category').selectOption('conduct');
    await form.locator('[id="answers.subject"]').fill(PAYLOADS.subject);
    await form.locator('[id="answers.conduct-kind"]').selectOption({ index: 1 });
    await form.locator('#description').fill(PAYLOADS.description);
    await form.locator('[id="place.address"]').fill(PAYLOADS.address);
    await form.locator('[id="complainant.name"]').fill(PAYLOADS.name);
    await form.locator('#consent').check();
    await form.locator('button[type="submit"]').click();
    const reference = (await form.locator('[data-testid="reference"]').textContent({ timeout: 30_000 }))!.trim();
    const accessCode = (await form.locator('[data-testid="access-code"]').textContent())!.trim();

    // the office accepts it with a notice, and asks a question
    const password = await createStaff(server, { email: 'xss.desk@example.cn', name: 'Desk', roles: ['front-desk', 'manager'], site: SITE });
    const staff = await staffHeaders(server, 'xss.desk@example.cn', password);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}/api/v1/staff/sites/${SITE}${path}`, { ...init, headers: { ...staff, 'Content-Type': 'application/json' } });
    const { id } = (await (await api(`/complaints/by-reference/${reference}`)).json()) as { id: string };
    const command = async (body: Record<string, unknown>) => {
      const current = (await (await api(`/complaints/${id}`)).json()) as { version: number };
      const response = await api(`/complaints/${id}/commands`, { method: 'POST', body: JSON.stringify({ expectedVersion: current.version, command: body }) });
      expect(response.status, JSON.stringify(body)).toBe(200);
    };
    await command({ type: 'accept', notice: PAYLOADS.notice });
    await command({ type: 'request-information', question: PAYLOADS.question });

    // the resident opens the tracking link and answers
    await page.goto('about:blank');
    await page.goto(`${server.url}/demo/bureau/?lang=zh-Hans#complaint=${reference}&code=${accessCode}`);
    const tracker = page.locator('complaint-tracker');
    await tracker.locator('#information').fill(PAYLOADS.answer);
    await tracker.locator('[part="respond"] button[type="submit"]').click();
    await expect.poll(() => deepText(page)).toContain('谢谢');
    await command({ type: 'add-note', note: PAYLOADS.note, public: true });
    await page.reload();
    await expect.poll(() => deepText(page)).toContain(squash(PAYLOADS.note));
    const tracked = await deepText(page);
    for (const field of ['notice', 'question', 'note'] as const) expect(tracked, `${field} in the tracker`).toContain(squash(PAYLOADS[field]));
    expect(await injected(page)).toEqual({ marked: [], xss: null });

    // the office's portal shows all of it, the identity too once revealed
    const desk = await context.newPage();
    const deskDialogs = await watch(desk);
    await desk.goto(`${server.url}/portal/`);
    await desk.locator('portal-sign-in #email').fill('xss.desk@example.cn');
    await desk.locator('portal-sign-in #password').fill(password);
    await desk.locator('portal-sign-in button[type="submit"]').click();
    await desk.locator('portal-queue').waitFor();
    await desk.goto(`${server.url}/portal/${SITE}/complaints/${id}`);
    await desk.locator('portal-complaint [data-testid="description"]').waitFor();
    await desk.locator('portal-complaint button[aria-describedby="reveal-hint"]').click();
    await expect.poll(() => deepText(desk)).toContain(squash(PAYLOADS.name));
    const shown = await deepText(desk);
    for (const field of Object.keys(PAYLOADS) as (keyof typeof PAYLOADS)[]) expect(shown, `${field} in the portal`).toContain(squash(PAYLOADS[field]));
    expect(await injected(desk)).toEqual({ marked: [], xss: null });

    expect([...dialogs, ...deskDialogs]).toEqual([]);
    await context.close();
  });
});
