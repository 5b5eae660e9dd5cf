import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookAttemptView, WebhookView } from '../../api/contract/webhooks.ts';
import type { WebhookPayload } from '../../api/notify/webhook.ts';
import { Webhooks } from '../../api/service/webhooks.ts';
import { type ChannelHarness, PUBLIC_URL, type ReceivedRequest, type Receiver, channelHarness, startReceiver } from '../support/channels.ts';
import { type Member, member } from '../support/staff.ts';

/**
 * What a receiver does with each request (the Standard Webhooks scheme): the three headers
 * present, the timestamp within five minutes of its own clock, and one of the signatures equal
 * — compared in constant time — to its own HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed with
 * the secret's bytes. Answers why not, or null.
 */
function refusal(secret: string, headers: IncomingHttpHeaders, body: string, now = Date.now()): string | null {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return 'missing headers';
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - seconds) > 5 * 60) return 'timestamp too old or too new';
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  for (const signature of signatures.split(' ')) {
    const [version, value = ''] = signature.split(',');
    const given = Buffer.from(value, 'base64');
    if (version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)) return null;
  }
  return 'no valid signature';
}

/** A webhook receiver on loopback: checks each request as above, then answers as `plan` says. */
async function receiver(secretOf: () => string, plan: (verified: number) => number) {
  const refused: string[] = [];
  const verified: ReceivedRequest[] = [];
  const server = await startReceiver((request) => {
    const why = refusal(secretOf(), request.headers, request.body.toString('utf8'));
    if (why) {
      refused.push(why);
      return 400;
    }
    verified.push(request);
    return plan(verified.length);
  });
  return { server, refused, verified, payloads: () => verified.map((r) => JSON.parse(r.body.toString('utf8')) as WebhookPayload) };
}

let h: ChannelHarness;
let manager: Member;
const receivers: Receiver[] = [];
const hooks = '/api/v1/staff/sites/demo-community/webhooks';
const MINUTE = 60_000;

beforeEach(async () => {
  h = await channelHarness();
  manager = await member(h.api, 'manager@community.example', [{ site: 'demo-community', roles: ['manager'] }], '张经理');
});
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
  await h.close();
});

async function createHook(body: Record<string, unknown>): Promise<WebhookView & { secret: string }> {
  const response = await manager.call('POST', hooks, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as WebhookView & { secret: string };
}

describe('webhooks', () => {
  it('send the phone messages that waited to a text-message gateway, signed, retried with the same id until it answers 2xx, every attempt logged', async () => {
    const dispatcher = h.dispatcher();
    const complaint = await h.file('demo-community', 'zh-Hans', { name: '王芳', phone: '13800004220' });
    // no way to reach a phone yet: the receipt waits, as it always has
    expect(await dispatcher.tick()).toBe(0);
    const [receipt] = await h.api.store.outboxMessages({ complaintId: complaint.id });
    expect(receipt).toMatchObject({ kind: 'receipt', status: 'pending', lastError: 'no channel for phone' });

    let secret = '';
    const gateway = await receiver(() => secret, (n) => (n <= 3 ? 500 : 200));
    receivers.push(gateway.server);
    const hook = await createHook({ url: `${gateway.server.origin}/sms`, events: ['receipt', 'acceptance-notice'], recipients: ['phone'], description: 'SMS gateway' });
    secret = hook.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(hook).toMatchObject({ url: `${gateway.server.origin}/sms`, events: ['receipt', 'acceptance-notice'], recipients: ['phone'], enabled: true, description: 'SMS gateway' });
    const listed = (await (await manager.call('GET', hooks)).json()) as Record<string, unknown>[];
    expect(listed).toEqual([Object.fromEntries(Object.entries(hook).filter(([field]) => field !== 'secret'))]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));

    // the waiting message is looked at again a minute later, and goes to the gateway; 500 three times, then 200
    h.advance(MINUTE);
    const backoff = [30_000, 60_000, 120_000];
    for (const [i, wait] of [0, ...backoff].entries()) {
      h.advance(wait);
      expect(await dispatcher.tick()).toBe(i === 3 ? 1 : 0);
      const now = (await h.api.store.getOutboxMessage(receipt!.id))!;
      if (i < 3) expect(now).toMatchObject({ status: 'pending', attempts: i + 1, lastError: `webhook: ${gateway.server.origin}: answered 500` });
    }
    expect(await h.api.store.getOutboxMessage(receipt!.id)).toMatchObject({ status: 'sent', deliveredVia: ['webhook'] });
    // and not again
    h.advance(10 * MINUTE);
    expect(await dispatcher.tick()).toBe(0);

    expect(gateway.refused).toEqual([]);
    expect(gateway.verified).toHaveLength(4);
    expect(new Set(gateway.verified.map((r) => r.headers['webhook-id']))).toEqual(new Set([receipt!.id]));
    expect(gateway.verified.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    const [payload] = gateway.payloads();
    expect(payload).toEqual({
      type: 'receipt',
      timestamp: receipt!.createdAt,
      data: {
        id: receipt!.id,
        site: 'demo-community',
        reference: complaint.reference,
        recipient: { kind: 'complainant', channel: 'phone', phone: '13800004220' },
        language: 'zh-Hans',
        title: `投诉 ${complaint.reference} 已收到`,
        text: expect.stringContaining(complaint.reference),
        url: expect.stringMatching(new RegExp(`^${PUBLIC_URL}/app/demo-community/#complaint=${complaint.reference}&code=link\\.`)),
        messages: [{ id: receipt!.id, kind: 'receipt', reference: complaint.reference, at: receipt!.createdAt }],
      },
    });
    // every attempt posts the same message
    expect(new Set(gateway.payloads().map((p) => JSON.stringify({ ...p, data: { ...p.data, url: null } }))).size).toBe(1);

    const log = (await (await manager.call('GET', `${hooks}/${hook.id}/deliveries`)).json()) as WebhookAttemptView[];
    expect(log.map((a) => [a.messageId, a.type, a.statusCode, a.ok, a.error])).toEqual([
      [receipt!.id, 'receipt', 200, true, null],
      [receipt!.id, 'receipt', 500, false, 'answered 500'],
      [receipt!.id, 'receipt', 500, false, 'answered 500'],
      [receipt!.id, 'receipt', 500, false, 'answered 500'],
    ]);
    expect(log.every((a) => Number.isInteger(a.durationMs) && a.durationMs >= 0)).toBe(true);
    expect([...log].map((a) => a.attemptedAt).sort().reverse()).toEqual(log.map((a) => a.attemptedAt));
    expect((await (await manager.call('GET', `${hooks}/${hook.id}/deliveries?limit=1`)).json()) as unknown[]).toHaveLength(1);
  });

  it('can be checked by the receiver: a changed body, another secret or an old timestamp are refused', () => {
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const body = JSON.stringify({ type: 'receipt', timestamp: '2026-11-25T08:30:00.000Z', data: { id: 'm1' } });
    const sign = (key: string, id: string, at: number, text: string) =>
      `v1,${createHmac('sha256', Buffer.from(key.slice(6), 'base64')).update(`${id}.${at}.${text}`).digest('base64')}`;
    const now = Math.floor(Date.now() / 1000);
    const headers = (at: number, signature: string) => ({ 'webhook-id': 'm1', 'webhook-timestamp': String(at), 'webhook-signature': signature });

    expect(refusal(secret, headers(now, sign(secret, 'm1', now, body)), body)).toBeNull();
    // several signatures (a secret being rotated): one valid is enough
    expect(refusal(secret, headers(now, `v1,AAAA ${sign(secret, 'm1', now, body)}`), body)).toBeNull();
    expect(refusal(secret, headers(now, sign(secret, 'm1', now, body)), body.replace('m1', 'm2'))).toBe('no valid signature');
    expect(refusal(secret, headers(now, sign(`whsec_${Buffer.alloc(32, 8).toString('base64')}`, 'm1', now, body)), body)).toBe('no valid signature');
    expect(refusal(secret, { ...headers(now, sign(secret, 'm1', now, body)), 'webhook-id': 'm2' }, body)).toBe('no valid signature');
    const old = now - 6 * 60;
    expect(refusal(secret, headers(old, sign(secret, 'm1', old, body)), body)).toBe('timestamp too old or too new');
    expect(refusal(secret, { 'webhook-id': 'm1' }, body)).toBe('missing headers');
  });

  it('give up on a message after the last attempt (dead), which a manager may send again', async () => {
    const dispatcher = h.dispatcher({ maxAttempts: 2 });
    let secret = '';
    let healthy = false;
    const gateway = await receiver(() => secret, () => (healthy ? 204 : 503));
    receivers.push(gateway.server);
    secret = (await createHook({ url: `${gateway.server.origin}/down`, events: ['receipt'], recipients: ['phone'] })).secret;

    const complaint = await h.file('demo-community', 'en', { phone: '13800004220' });
    await dispatcher.tick();
    h.advance(30_000);
    await dispatcher.tick();
    const [receipt] = await h.api.store.outboxMessages({ complaintId: complaint.id });
    expect(receipt).toMatchObject({ status: 'dead', attempts: 2, lastError: `webhook: ${gateway.server.origin}: answered 503` });
    const dead = (await (await manager.call('GET', '/api/v1/staff/sites/demo-community/notifications?status=dead')).json()) as { id: string }[];
    expect(dead.map((m) => m.id)).toEqual([receipt!.id]);

    healthy = true;
    expect((await manager.call('POST', `/api/v1/staff/sites/demo-community/notifications/${receipt!.id}/retry`)).status).toBe(200);
    expect(await dispatcher.tick()).toBe(1);
    expect(await h.api.store.getOutboxMessage(receipt!.id)).toMatchObject({ status: 'sent', deliveredVia: ['webhook'] });
    expect(gateway.verified.map((r) => r.headers['webhook-id'])).toEqual([receipt!.id, receipt!.id, receipt!.id]);
  });

  it('go only to enabled webhooks of the message’s kind and recipient, with no more personal data than the receiver needs; one that took a message is not sent it again', async () => {
    const dispatcher = h.dispatcher();
    let secrets: Record<string, string> = {};
    const make = async (name: string, plan: (n: number) => number) => {
      const r = await receiver(() => secrets[name]!, plan);
      receivers.push(r.server);
      return r;
    };
    const steady = await make('steady', () => 200);
    const flaky = await make('flaky', (n) => (n === 1 ? 500 : 200));
    const chat = await make('chat', () => 200);
    const off = await make('off', () => 200);
    const create = async (name: string, r: Awaited<ReturnType<typeof make>>, body: Record<string, unknown>) => {
      const made = await createHook({ url: `${r.server.origin}/${name}`, ...body });
      secrets = { ...secrets, [name]: made.secret };
      return made;
    };
    await create('steady', steady, { events: ['receipt'], recipients: ['email'] });
    await create('flaky', flaky, { events: ['receipt', 'result'], recipients: ['email', 'phone'] });
    await create('chat', chat, { events: ['assignment', 'deadline-breach'], recipients: ['staff'] });
    const disabled = await create('off', off, { events: ['receipt'], recipients: ['email'] });
    const turnedOff = await manager.call('PATCH', `${hooks}/${disabled.id}`, { enabled: false });
    expect(await turnedOff.json()).toMatchObject({ id: disabled.id, enabled: false });

    const complaint = await h.file('demo-community', 'en', { name: 'Wang Fang', email: 'resident@example.cn' });
    expect(await dispatcher.tick()).toBe(0);
    h.advance(30_000);
    expect(await dispatcher.tick()).toBe(1);
    expect(steady.verified).toHaveLength(1);
    expect(flaky.verified).toHaveLength(2);
    expect(off.server.received).toHaveLength(0);
    expect(chat.server.received).toHaveLength(0);
    // an email address is the server's to write to: neither it nor the tracking link goes out
    const [toEmail] = steady.payloads();
    expect(toEmail!.data.recipient).toEqual({ kind: 'complainant', channel: 'email' });
    expect(toEmail!.data.url).toBeNull();
    expect(JSON.stringify(toEmail)).not.toContain('resident@example.cn');
    expect(JSON.stringify(toEmail)).not.toContain('Wang Fang');

    // staff are named as the workflow names them, with the portal's address
    await member(h.api, 'li.ming@community.example', [{ site: 'demo-community', roles: ['handler'], departments: ['engineering'] }], '李明');
    await h.act(complaint, { type: 'accept' });
    await h.act(complaint, { type: 'dispatch', department: 'engineering', assignee: '李明' });
    await dispatcher.tick();
    expect(chat.payloads().map((p) => [p.type, p.data.recipient, p.data.url, p.data.language])).toEqual([
      ['assignment', { kind: 'staff', who: '李明' }, `${PUBLIC_URL}/portal/demo-community/complaints/${complaint.id}`, 'zh-Hans'],
    ]);
    expect(steady.verified).toHaveLength(1);
  });

  it('are set up by managers and administrators only, with a clear answer for what cannot be used, and each change audited without the secret', async () => {
    const handler = await member(h.api, 'handler@community.example', [{ site: 'demo-community', roles: ['handler'], departments: ['engineering'] }]);
    expect((await handler.call('GET', hooks)).status).toBe(403);
    expect((await handler.call('POST', hooks, { url: 'https://gw.example/', events: ['receipt'] })).status).toBe(403);
    const admin = await member(h.api, 'admin@community.example', [{ site: 'demo-community', roles: ['admin'] }]);
    expect((await admin.call('GET', hooks)).status).toBe(200);

    const refused = async (body: Record<string, unknown>) => {
      const response = await manager.call('POST', hooks, body);
      expect(response.status).toBe(422);
      return ((await response.json()) as { error: { code: string; message: string; issues: { path: unknown[] }[] } }).error;
    };
    expect(await refused({ url: 'http://gateway.example.org/sms', events: ['receipt'] })).toMatchObject({
      code: 'invalid_webhook_url',
      message: expect.stringContaining('http:// is accepted only for this machine'),
      issues: [{ path: ['url'], code: 'http_elsewhere' }],
    });
    expect(await refused({ url: 'ftp://gateway.example.org/', events: ['receipt'] })).toMatchObject({
      code: 'invalid_webhook_url',
      issues: [{ path: ['url'], code: 'scheme_not_accepted' }],
    });
    expect(await refused({ url: 'not a url', events: ['receipt'] })).toMatchObject({ code: 'invalid_webhook_url', issues: [{ path: ['url'], code: 'not_a_url' }] });
    expect(await refused({ url: 'https://gw.example/', events: ['registered'] })).toMatchObject({ code: 'validation_failed', issues: [{ path: ['events', 0] }] });
    expect(await refused({ url: 'https://gw.example/', events: [] })).toMatchObject({ code: 'validation_failed' });
    expect(await refused({ url: 'https://gw.example/', events: ['receipt', 'receipt'] })).toMatchObject({ code: 'validation_failed' });
    expect(await refused({ url: 'https://gw.example/', events: ['receipt'], recipients: ['fax'] })).toMatchObject({ code: 'validation_failed' });

    // plain http to this machine is for development and tests: a server reached elsewhere refuses it
    const site = (await h.api.store.getSite('demo-community'))!;
    await expect(
      new Webhooks(h.api.store, h.clock).create(site, { url: 'http://127.0.0.1:9/gateway', events: ['receipt'], recipients: ['phone'], enabled: true }, 'admin-command'),
    ).rejects.toMatchObject({ status: 422, code: 'invalid_webhook_url', message: expect.stringContaining('use https://') });

    const hook = await createHook({ url: 'https://gw.example/hook?token=abc', events: ['receipt'] });
    expect(hook.recipients).toEqual(['phone', 'email', 'staff']);
    expect((await manager.call('PATCH', `${hooks}/${hook.id}`, {})).status).toBe(422);
    expect((await manager.call('PATCH', `${hooks}/${hook.id}`, { url: 'http://example.org/' })).status).toBe(422);
    const moved = await manager.call('PATCH', `${hooks}/${hook.id}`, { url: 'http://127.0.0.1:9/local-gateway', description: 'beside the server' });
    expect(await moved.json()).toMatchObject({ url: 'http://127.0.0.1:9/local-gateway', description: 'beside the server', events: ['receipt'] });

    // another site's members do not see it
    const hotel = await member(h.api, 'hotel@hotel.example', [{ site: 'demo-hotel', roles: ['manager'] }]);
    expect((await hotel.call('DELETE', `/api/v1/staff/sites/demo-hotel/webhooks/${hook.id}`)).status).toBe(404);
    expect((await hotel.call('GET', `/api/v1/staff/sites/demo-community/webhooks`)).status).toBe(404);

    const deleted = await manager.call('DELETE', `${hooks}/${hook.id}`);
    expect(deleted.status).toBe(200);
    expect((await manager.call('DELETE', `${hooks}/${hook.id}`)).status).toBe(404);
    const gone = await manager.call('GET', `${hooks}/${hook.id}/deliveries`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('webhook_not_found');

    const audit = (await (await manager.call('GET', `/api/v1/staff/sites/demo-community/audit?target=${hook.id}`)).json()) as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.map((entry) => entry.action).sort()).toEqual(['webhook-changed', 'webhook-created', 'webhook-deleted']);
    expect(audit.find((entry) => entry.action === 'webhook-created')?.details).toEqual({ url: 'https://gw.example', events: ['receipt'], recipients: ['phone', 'email', 'staff'], enabled: true });
    expect(JSON.stringify(audit)).not.toContain(hook.secret.slice(6));
    expect(JSON.stringify(audit)).not.toContain('token=abc');
  });
});
