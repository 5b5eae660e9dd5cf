import { createECDH, randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStaff, serverAndBrowser } from '../support/e2e.ts';

/**
 * Delivers a push message to the worker until its notification shows. Chromium's
 * `ServiceWorker.deliverPushMessage` does not always reach the worker on the first call here (the
 * suite saw one such loss in CI); a push service delivers again in the same way, and the worker
 * shows one notification per message id however often the message comes.
 */
async function deliverUntilShown(push: () => Promise<unknown>, shown: () => Promise<unknown[]>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await push();
    try {
      await expect.poll(shown, { timeout: 4_000 }).toHaveLength(1);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

const running = serverAndBrowser();

interface Shown {
  title: string;
  body: string;
  tag: string;
  data: { url: string };
}

describe('push messages in the resident app', () => {
  it('the tracker subscribes the app’s worker for the complaint, and the worker shows what a push message carries, once per message id', async () => {
    const url = running.server.url;
    const filed = (await (
      await fetch(`${url}/api/v1/sites/demo-community/complaints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ category: 'environment', description: '垃圾桶满了没人清理。', place: { unit: '2-3' } }),
      })
    ).json()) as { reference: string; accessCode: string };

    const context = await running.browser.newContext();
    await context.grantPermissions(['notifications'], { origin: url });
    // A test's browser reaches no real push service: subscribe() answers as a browser does, with
    // a key pair made here (the server checks it is a P-256 point), and remembers what it was asked.
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    await context.addInitScript((given) => {
      const endpoint = 'https://push.example/e2e-device';
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        (window as unknown as { subscribedWith: unknown }).subscribedWith = options;
        return { endpoint, toJSON: () => ({ endpoint, expirationTime: null, keys: given }) } as unknown as PushSubscription;
      };
    }, keys);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${url}/app/demo-community/#complaint=${filed.reference}&code=${encodeURIComponent(filed.accessCode)}`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });

    const tracker = page.locator('complaint-tracker');
    await tracker.getByRole('button', { name: '开启通知' }).click();
    await expect.poll(() => tracker.getByRole('button', { name: '已开启通知' }).isDisabled(), { timeout: 10_000 }).toBe(true);
    const { publicKey } = (await (await fetch(`${url}/api/v1/push/key`)).json()) as { publicKey: string };
    expect(await page.evaluate(() => (window as unknown as { subscribedWith: unknown }).subscribedWith)).toEqual({ userVisibleOnly: true, applicationServerKey: publicKey });
    const db = new DatabaseSync(join(running.server.dataDir, 'complaints.sqlite'), { readOnly: true });
    try {
      expect(db.prepare('SELECT site_key, endpoint, p256dh, auth, user_id FROM push_subscriptions').all()).toEqual([
        { site_key: 'demo-community', endpoint: 'https://push.example/e2e-device', p256dh: keys.p256dh, auth: keys.auth, user_id: null },
      ]);
    } finally {
      db.close();
    }

    // A message as the server sends it, delivered to the worker by the browser's push machinery.
    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${url}/app/demo-community/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const message = {
      id: '0b6c1f4e-1111-4aaa-8bbb-0123456789ab',
      kind: 'progress',
      site: 'demo-community',
      reference: filed.reference,
      title: `投诉 ${filed.reference}:处理进展`,
      body: '保洁员今天下午清理。',
      url: `${url}/app/demo-community/#complaint=${filed.reference}&code=${encodeURIComponent(filed.accessCode)}`,
    };
    const push = async () => cdp.send('ServiceWorker.deliverPushMessage', { origin: `${url}/`, registrationId: await registrationId, data: JSON.stringify(message) });
    const shown = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as { url: string } }));
      });
    await deliverUntilShown(push, shown);
    expect(await shown()).toEqual<Shown[]>([{ title: message.title, body: message.body, tag: message.id, data: { url: message.url } }]);
    // the same message again (a retry) replaces its notification
    await push();
    await page.waitForTimeout(300);
    expect(await shown()).toHaveLength(1);
    await context.close();
  });
});

describe('push messages in the staff portal', () => {
  it('a member turns them on for the site, and the portal’s worker shows what a push message carries', async () => {
    const url = running.server.url;
    const password = await createStaff(running.server, { email: 'li.ming@example.cn', roles: ['handler'], site: 'demo-community', name: '李明', departments: ['engineering'] });
    const context = await running.browser.newContext({ locale: 'en-US' });
    await context.grantPermissions(['notifications'], { origin: url });
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    await context.addInitScript((given) => {
      const endpoint = 'https://push.example/e2e-staff-device';
      let subscription: PushSubscription | null = null;
      PushManager.prototype.getSubscription = async () => subscription;
      PushManager.prototype.subscribe = async function () {
        subscription = { endpoint, toJSON: () => ({ endpoint, expirationTime: null, keys: given }) } as unknown as PushSubscription;
        return subscription;
      };
    }, keys);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${url}/portal/`);
    await page.locator('portal-sign-in #email').fill('li.ming@example.cn');
    await page.locator('portal-sign-in #password').fill(password);
    await page.locator('portal-sign-in button[type="submit"]').click();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    await page.locator('complaint-portal nav #language').selectOption('en');

    const toggle = page.locator('complaint-portal nav portal-push-toggle').getByRole('checkbox', { name: 'Push notifications' });
    await expect.poll(() => toggle.isChecked(), { timeout: 10_000 }).toBe(false);
    await toggle.click();
    await expect.poll(() => toggle.isChecked(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    const db = new DatabaseSync(join(running.server.dataDir, 'complaints.sqlite'), { readOnly: true });
    try {
      const rows = db.prepare('SELECT site_key, endpoint, complaint_id, user_id IS NOT NULL AS member FROM push_subscriptions WHERE endpoint LIKE ?').all('%e2e-staff-device');
      expect(rows).toEqual([{ site_key: 'demo-community', endpoint: 'https://push.example/e2e-staff-device', complaint_id: null, member: 1 }]);
    } finally {
      db.close();
    }

    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${url}/portal/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const message = { id: 'a1b2c3d4-0000-4000-8000-000000000001', kind: 'assignment', site: 'demo-community', reference: 'KM7Q-29XD', title: '投诉 KM7Q-29XD 已派给您', body: '投诉 KM7Q-29XD 已派发至工程维修部,由您负责办理。', url: `${url}/portal/demo-community/complaints/c-1` };
    const push = async () => cdp.send('ServiceWorker.deliverPushMessage', { origin: `${url}/`, registrationId: await registrationId, data: JSON.stringify(message) });
    const shown = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as { url: string } }));
      });
    await deliverUntilShown(push, shown);
    await expect.poll(shown, { timeout: 10_000 }).toEqual<Shown[]>([{ title: message.title, body: message.body, tag: message.id, data: { url: message.url } }]);

    // off again: the server forgets this browser for the site
    await toggle.click();
    await expect.poll(() => toggle.isChecked(), { timeout: 10_000 }).toBe(false);
    // unchecked at once, disabled until the server has answered
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    const after = new DatabaseSync(join(running.server.dataDir, 'complaints.sqlite'), { readOnly: true });
    try {
      expect(after.prepare('SELECT count(*) AS n FROM push_subscriptions WHERE endpoint LIKE ?').get('%e2e-staff-device')).toEqual({ n: 0 });
    } finally {
      after.close();
    }
    await context.close();
  });
});
