import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, Delivery } from '../../api/notify/channel.ts';
import { nextLocalHour } from '../../api/notify/dispatcher.ts';
import type { OutboxMessage } from '../../api/store/store.ts';
import { type NotifyHarness, PUBLIC_URL, linksIn, notifyHarness } from '../support/notify.ts';
import { member } from '../support/staff.ts';

let h: NotifyHarness;
beforeEach(async () => {
  h = await notifyHarness();
});
afterEach(async () => {
  await h.close();
});

const MINUTE = 60_000;
const site = '/api/v1/staff/sites/demo-community';

describe('throttling', () => {
  it('sends the first message of a kind at once and folds the repeats within the interval into one', async () => {
    const dispatcher = h.dispatcher({ throttleMs: 10 * MINUTE });
    const complaint = await h.file('demo-community', 'en');
    await h.act(complaint, { type: 'accept' });
    await h.act(complaint, { type: 'add-note', note: 'First: the lamp is ordered.', public: true });
    expect(await dispatcher.tick()).toBe(3); // receipt, acceptance, first progress

    await h.act(complaint, { type: 'add-note', note: 'Second: the lamp has arrived.', public: true });
    expect(await dispatcher.tick()).toBe(0);
    h.advance(4 * MINUTE);
    await h.act(complaint, { type: 'add-note', note: 'Third: the electrician comes on Friday.', public: true });
    expect(await dispatcher.tick()).toBe(0);
    const progress = (await h.api.store.outboxMessages({ complaintId: complaint.id })).filter((m) => m.kind === 'progress');
    const [first, second, third] = progress;
    expect(second).toMatchObject({ status: 'pending', attempts: 0, foldedInto: null, lastError: null });
    expect(Date.parse(second!.nextAttemptAt)).toBe(Date.parse(first!.sentAt!) + 10 * MINUTE);
    expect(third).toMatchObject({ status: 'pending', foldedInto: second!.id });

    h.advance(6 * MINUTE);
    expect(await dispatcher.tick()).toBe(1);
    const mails = h.smtp.received.filter((r) => r.mail.subject?.includes('progress'));
    expect(mails.map((r) => r.mail.subject)).toEqual([`Complaint ${complaint.reference}: progress`, `Complaint ${complaint.reference}: progress (2 updates)`]);
    expect(mails[1]!.id).toBe(second!.id);
    expect(mails[1]!.mail.text).toContain('Second: the lamp has arrived.');
    expect(mails[1]!.mail.text).toContain('Third: the electrician comes on Friday.');
    expect(linksIn(mails[1]!.mail.text!).filter((link) => link.includes('/app/'))).toHaveLength(1);
    const after = (await h.api.store.outboxMessages({ complaintId: complaint.id })).filter((m) => m.kind === 'progress');
    expect(after.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
    // other kinds and other complaints are not held back by it
    expect(h.smtp.received).toHaveLength(4);
  });

  it('lets every message go on its own when throttling is off', async () => {
    const dispatcher = h.dispatcher({ throttleMs: 0 });
    const complaint = await h.file('demo-community', 'en');
    await dispatcher.tick();
    await h.act(complaint, { type: 'add-note', note: 'one', public: true });
    await dispatcher.tick();
    await h.act(complaint, { type: 'add-note', note: 'two', public: true });
    await dispatcher.tick();
    expect(h.smtp.received.map((r) => r.mail.subject)).toEqual([
      `Complaint ${complaint.reference} received`,
      `Complaint ${complaint.reference}: progress`,
      `Complaint ${complaint.reference}: progress`,
    ]);
  });
});

describe('staff', () => {
  it('sends a member who chose the daily digest one email a day at 08:00 in the site’s time zone', async () => {
    const wang = await member(h.api, 'wang@example.cn', [{ site: 'demo-community', roles: ['handler'], departments: ['engineering'] }], '王工');
    const zhao = await member(h.api, 'zhao@example.cn', [{ site: 'demo-community', roles: ['handler'], departments: ['engineering'] }], '赵工');
    expect(await (await wang.call('GET', '/api/v1/staff/me/notifications')).json()).toEqual({ delivery: 'immediate' });
    const chosen = await wang.call('PUT', '/api/v1/staff/me/notifications', { delivery: 'daily-digest' });
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toEqual({ delivery: 'daily-digest' });
    expect(await (await wang.call('GET', '/api/v1/staff/me/notifications')).json()).toEqual({ delivery: 'daily-digest' });
    expect((await wang.call('PUT', '/api/v1/staff/me/notifications', { delivery: 'hourly' })).status).toBe(422);

    const dispatcher = h.dispatcher();
    const complaints = [await h.file('demo-community', 'en'), await h.file('demo-community', 'zh-Hant')];
    for (const complaint of complaints) {
      await h.act(complaint, { type: 'accept' });
      await h.act(complaint, { type: 'dispatch', department: 'engineering', assignee: '王工' });
    }
    const other = await h.file('demo-community', 'zh-Hans');
    await h.act(other, { type: 'accept' });
    await h.act(other, { type: 'dispatch', department: 'engineering', assignee: '赵工' });
    await dispatcher.tick();
    // the member who hears at once has heard; the digest waits for 08:00
    expect(h.smtp.received.filter((r) => r.envelopeTo.includes(zhao.email))).toHaveLength(1);
    expect(h.smtp.received.filter((r) => r.envelopeTo.includes(wang.email))).toHaveLength(0);
    const held = (await h.api.store.outboxMessages({ status: 'pending' })).filter((m) => m.kind === 'assignment');
    expect(held).toHaveLength(2);
    const eight = nextLocalHour(new Date(held[0]!.createdAt), 'Asia/Shanghai', 8);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', timeStyle: 'short' }).format(eight)).toBe('08:00');
    expect(held.map((m) => m.nextAttemptAt)).toContain(eight.toISOString());

    h.advance(eight.getTime() - h.clock.now().getTime() - MINUTE);
    expect(await dispatcher.tick()).toBe(0);
    h.advance(MINUTE);
    expect(await dispatcher.tick()).toBe(1);
    const digests = h.smtp.received.filter((r) => r.envelopeTo.includes(wang.email));
    expect(digests).toHaveLength(1);
    const { mail } = digests[0]!;
    // in the site's language, whatever the complaints' languages
    expect(mail.subject).toBe('阳光花园社区服务中心:每日汇总,共 2 条通知');
    for (const complaint of complaints) {
      expect(mail.text).toContain(`投诉 ${complaint.reference} 已派给您`);
      expect(linksIn(mail.text!)).toContain(`${PUBLIC_URL}/portal/demo-community/complaints/${complaint.id}`);
    }
    expect((await h.api.store.outboxMessages({ status: 'pending' })).filter((m) => m.kind === 'assignment')).toEqual([]);
  });

  it('reaches the members holding a role the policy names, and says so when no one answers to a name', async () => {
    await member(h.api, 'boss@example.cn', [{ site: 'demo-community', roles: ['manager'] }], '刘经理');
    await member(h.api, 'gone@example.cn', [{ site: 'demo-community', roles: ['manager'] }], '前经理');
    const gone = (await h.api.store.staff.findUserByEmail('gone@example.cn'))!;
    await h.api.store.staff.updateUser(gone.id, { disabledAt: new Date().toISOString() });
    // the policy names the role itself as the one who hears of escalations
    const community = (await h.api.store.getSite('demo-community'))!;
    await h.api.store.putSite({ ...community, policy: { ...community.policy, manager: 'manager' } }, new Date());

    const complaint = await h.file('demo-community', 'en');
    await h.act(complaint, { type: 'accept' });
    await h.act(complaint, { type: 'dispatch', department: 'engineering', assignee: '无名氏' });
    await h.act(complaint, { type: 'escalate', to: 'manager', note: 'Residents keep calling.' });
    await h.dispatcher().tick();

    const messages = await h.api.store.outboxMessages({ complaintId: complaint.id });
    const escalation = messages.find((m) => m.kind === 'escalation')!;
    expect(escalation).toMatchObject({ recipient: { kind: 'staff', who: 'manager' }, status: 'sent' });
    const mail = h.smtp.received.find((r) => r.id === escalation.id)!;
    expect(mail.envelopeTo).toEqual(['boss@example.cn']);
    expect(mail.mail.subject).toBe(`投诉 ${complaint.reference} 已升级给您`);
    expect(mail.mail.text).toContain('Residents keep calling.');
    expect(messages.find((m) => m.kind === 'assignment')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'no staff account on site "demo-community" is named "无名氏" (nor holds that role)',
    });
  });
});

describe('dead letters', () => {
  it('gives up after the last attempt, lists it for managers only, and sends it again on a retry', async () => {
    const manager = await member(h.api, 'manager@example.cn', [{ site: 'demo-community', roles: ['manager'] }]);
    const admin = await member(h.api, 'admin@example.cn', [{ site: 'demo-community', roles: ['admin'] }]);
    const handler = await member(h.api, 'handler@example.cn', [{ site: 'demo-community', roles: ['handler'] }]);
    const hotel = await member(h.api, 'hotel@example.hk', [{ site: 'demo-hotel', roles: ['manager'] }]);
    await h.smtp.stop();
    const complaint = await h.file('demo-community', 'en');
    const dispatcher = h.dispatcher({ maxAttempts: 3, baseDelayMs: 1000 });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await dispatcher.tick();
      h.advance(10_000);
    }
    const [dead] = await h.api.store.outboxMessages({ complaintId: complaint.id });
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(h.logs.filter((l) => l.msg === 'notification dead')).toHaveLength(1);
    // nothing personal in the logs
    expect(JSON.stringify(h.logs)).not.toContain('resident@example.cn');
    await dispatcher.tick();
    expect((await h.api.store.getOutboxMessage(dead!.id))!.attempts).toBe(3);

    const listed = await manager.call('GET', `${site}/notifications?status=dead`);
    expect(listed.status).toBe(200);
    const body = await listed.json();
    expect(body).toEqual([
      expect.objectContaining({
        id: dead!.id,
        complaintId: complaint.id,
        reference: complaint.reference,
        kind: 'receipt',
        recipient: { kind: 'complainant', channel: 'email', address: 'r***@example.cn' },
        status: 'dead',
        attempts: 3,
        sentAt: null,
      }),
    ]);
    expect(body[0].lastError).toMatch(/^email: .*ECONNREFUSED/);
    expect(JSON.stringify(body)).not.toContain('resident@example.cn');
    expect((await admin.call('GET', `${site}/notifications`)).status).toBe(200);
    expect((await handler.call('GET', `${site}/notifications?status=dead`)).status).toBe(403);
    expect((await handler.call('POST', `${site}/notifications/${dead!.id}/retry`)).status).toBe(403);
    expect((await hotel.call('GET', '/api/v1/staff/sites/demo-hotel/notifications')).status).toBe(200);
    expect((await hotel.call('POST', `/api/v1/staff/sites/demo-hotel/notifications/${dead!.id}/retry`)).status).toBe(404);
    expect((await manager.call('POST', `${site}/notifications/no-such-id/retry`)).status).toBe(404);
    expect((await h.api.call('GET', `${site}/notifications?status=dead`)).status).toBe(401);

    await h.smtp.start();
    const retried = await manager.call('POST', `${site}/notifications/${dead!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ id: dead!.id, status: 'pending', attempts: 0 });
    const again = await manager.call('POST', `${site}/notifications/${dead!.id}/retry`);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('not_dead');
    const audit = await (await manager.call('GET', `${site}/audit?action=notification-retried`)).json();
    expect(audit).toEqual([expect.objectContaining({ actor: manager.id, action: 'notification-retried', target: dead!.id })]);

    expect(await dispatcher.tick()).toBe(1);
    expect(h.smtp.received.map((r) => r.id)).toEqual([dead!.id]);
    expect(await (await manager.call('GET', `${site}/notifications?status=sent`)).json()).toEqual([
      expect.objectContaining({ id: dead!.id, status: 'sent', attempts: 0, deliveredVia: ['email'] }),
    ]);
    expect(await (await manager.call('GET', `${site}/notifications?status=dead`)).json()).toEqual([]);
  });
});

/** A second channel, as a site's webhook would plug in: it records what it was handed, and can be made to fail. */
class RecordingChannel implements Channel {
  readonly delivered: Delivery[] = [];
  failures = 0;
  readonly name: string;
  readonly #accepts: (message: OutboxMessage) => boolean;

  constructor(name: string, accepts: (message: OutboxMessage) => boolean) {
    this.name = name;
    this.#accepts = accepts;
  }

  accepts(message: OutboxMessage): boolean {
    return this.#accepts(message);
  }

  async deliver(delivery: Delivery): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('503 from the receiver');
    }
    this.delivered.push(delivery);
  }
}

describe('channels', () => {
  it('keeps a message to a phone number pending, never dead, until a channel that reaches phones is added', async () => {
    const complaint = await h.file('demo-community', 'zh-Hans', { phone: '13800004220' });
    const emailOnly = h.dispatcher({ maxAttempts: 1, unroutedRetryMs: MINUTE });
    for (let i = 0; i < 3; i += 1) {
      await emailOnly.tick();
      h.advance(MINUTE);
    }
    const [receipt] = await h.api.store.outboxMessages({ complaintId: complaint.id });
    expect(receipt).toMatchObject({
      recipient: { kind: 'complainant', channel: 'phone', address: '13800004220' },
      status: 'pending',
      attempts: 0,
      lastError: 'no channel for phone',
    });
    expect(h.smtp.received).toEqual([]);

    const sms = new RecordingChannel('sms-webhook', (m) => m.recipient.kind === 'complainant' && m.recipient.channel === 'phone');
    await emailOnly.stop();
    const withSms = h.dispatcher({}, [sms]);
    expect(await withSms.tick()).toBe(1);
    expect(sms.delivered.map((d) => [d.id, d.messages.map((m) => m.kind)])).toEqual([[receipt!.id, ['receipt']]]);
    expect(await h.api.store.getOutboxMessage(receipt!.id)).toMatchObject({ status: 'sent', deliveredVia: ['sms-webhook'] });
  });

  it('delivers through every channel that accepts a message, and retries only the one that failed', async () => {
    const mirror = new RecordingChannel('mirror', (m) => m.recipient.kind === 'complainant');
    mirror.failures = 2;
    const dispatcher = h.dispatcher({ baseDelayMs: 1000 }, [mirror]);
    await h.file('demo-community', 'en');
    await dispatcher.tick();
    const [message] = await h.api.store.outboxMessages();
    expect(message).toMatchObject({ status: 'pending', attempts: 1, deliveredVia: ['email'], lastError: 'mirror: 503 from the receiver' });
    h.advance(1000);
    await dispatcher.tick();
    h.advance(2000);
    expect(await dispatcher.tick()).toBe(1);
    expect(await h.api.store.getOutboxMessage(message!.id)).toMatchObject({ status: 'sent', attempts: 2, deliveredVia: ['email', 'mirror'] });
    // the email went out once, on the first attempt
    expect(h.smtp.received.map((r) => r.id)).toEqual([message!.id]);
    expect(mirror.delivered.map((d) => d.id)).toEqual([message!.id]);
  });
});

describe('backoff', () => {
  it('doubles from the first wait up to the cap, with jitter in its upper half', () => {
    const at = (random: number) => h.dispatcher({ baseDelayMs: 30_000, maxDelayMs: 3_600_000, random: () => random });
    const full = at(0.999_999);
    expect([1, 2, 3, 4, 8, 20].map((n) => Math.round(full.backoff(n) / 1000))).toEqual([30, 60, 120, 240, 3600, 3600]);
    const least = at(0);
    expect([1, 2, 3].map((n) => least.backoff(n) / 1000)).toEqual([15, 30, 60]);
  });
});
