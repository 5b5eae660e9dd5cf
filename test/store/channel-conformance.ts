import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';
import type { PushSubscriptionRecord, WebhookAttempt, WebhookRecord } from '../../api/store/channel-store.ts';
import type { UserRecord } from '../../api/store/staff-store.ts';
import type { StoreUnderTest } from './conformance.ts';

const T0 = new Date('2026-11-02T02:00:00Z');
const KEY = `B${'A'.repeat(86)}`;

const subscription = (id: string, owner: { complaintId: string } | { userId: string }, endpoint = `https://push.example/${id}`): PushSubscriptionRecord => ({
  id,
  siteKey: 'demo-community',
  endpoint,
  p256dh: KEY,
  auth: 'AAAAAAAAAAAAAAAAAAAAAA',
  complaintId: 'complaintId' in owner ? owner.complaintId : null,
  userId: 'userId' in owner ? owner.userId : null,
  createdAt: new Date(T0.getTime() + Number(id.replace(/\D/g, '') || 0) * 1000).toISOString(),
});

const webhook = (id: string, siteKey = 'demo-community'): WebhookRecord => ({
  id,
  siteKey,
  url: `https://gateway.example/${id}`,
  events: ['receipt', 'result'],
  recipients: ['phone'],
  secret: 'whsec_c2VjcmV0',
  enabled: true,
  description: `hook ${id}`,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
});

const attempt = (webhookId: string, messageId: string, minutes: number, ok: boolean): WebhookAttempt => ({
  webhookId,
  messageId,
  type: 'receipt',
  attemptedAt: new Date(T0.getTime() + minutes * 60_000).toISOString(),
  statusCode: ok ? 200 : 500,
  durationMs: 12,
  error: ok ? null : 'answered 500',
  ok,
});

const member = (id: string): UserRecord => ({
  id,
  email: `${id}@example.cn`,
  name: `member ${id}`,
  passwordHash: 'scrypt$1$1$1$salt$hash',
  memberships: [{ site: 'demo-community', roles: ['handler'], departments: [] }],
  superadmin: false,
  createdAt: T0.toISOString(),
  disabledAt: null,
  failedLogins: 0,
  lockedUntil: null,
});

/** What every store must do with push subscriptions, webhooks and the webhooks' delivery log. */
export function channelConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} channel store`, () => {
    let subject: StoreUnderTest;
    beforeEach(async () => {
      subject = await open();
      await subject.store.migrate();
      for (const site of DEMO_SITES) await subject.store.putSite(site, T0);
      await subject.store.staff.createUser(member('u1'));
      await subject.store.staff.createUser(member('u2'));
    });
    afterEach(async () => {
      await subject.close();
    });

    it('keeps push subscriptions per complaint and per member, renewing the keys of the same one', async () => {
      const channels = subject.store.channels;
      expect(await channels.hasComplaintPushSubscription('c1')).toBe(false);
      await channels.putPushSubscription(subscription('s1', { complaintId: 'c1' }));
      await channels.putPushSubscription(subscription('s2', { complaintId: 'c1' }));
      await channels.putPushSubscription(subscription('s3', { userId: 'u1' }));
      await channels.putPushSubscription(subscription('s4', { userId: 'u2' }));
      await channels.putPushSubscription({ ...subscription('s1', { complaintId: 'c1' }), auth: 'BBBBBBBBBBBBBBBBBBBBBB' });

      expect(await channels.hasComplaintPushSubscription('c1')).toBe(true);
      const followers = await channels.complaintPushSubscriptions('c1');
      expect(followers.map((s) => s.id)).toEqual(['s1', 's2']);
      expect(followers[0]).toEqual({ ...subscription('s1', { complaintId: 'c1' }), auth: 'BBBBBBBBBBBBBBBBBBBBBB' });
      expect((await channels.memberPushSubscriptions('demo-community', ['u1', 'u2'])).map((s) => s.id)).toEqual(['s3', 's4']);
      expect((await channels.memberPushSubscriptions('demo-community', ['u2'])).map((s) => s.userId)).toEqual(['u2']);
      expect(await channels.memberPushSubscriptions('demo-hotel', ['u1'])).toEqual([]);
      expect(await channels.memberPushSubscriptions('demo-community', [])).toEqual([]);
    });

    it('forgets one subscription by id, and every subscription of an endpoint the push service dropped', async () => {
      const channels = subject.store.channels;
      const endpoint = 'https://push.example/shared';
      await channels.putPushSubscription(subscription('s1', { complaintId: 'c1' }, endpoint));
      await channels.putPushSubscription(subscription('s2', { complaintId: 'c2' }, endpoint));
      await channels.putPushSubscription(subscription('s3', { userId: 'u1' }, endpoint));
      await channels.putPushSubscription(subscription('s4', { complaintId: 'c2' }));

      expect(await channels.deletePushSubscription('s4')).toBe(true);
      expect(await channels.deletePushSubscription('s4')).toBe(false);
      expect(await channels.deletePushEndpoint(endpoint)).toBe(3);
      expect(await channels.hasComplaintPushSubscription('c1')).toBe(false);
      expect(await channels.complaintPushSubscriptions('c2')).toEqual([]);
      expect(await channels.memberPushSubscriptions('demo-community', ['u1'])).toEqual([]);
    });

    it('refuses a subscription for both a complaint and a member, or for neither', async () => {
      const channels = subject.store.channels;
      await expect(channels.putPushSubscription({ ...subscription('s1', { complaintId: 'c1' }), userId: 'u1' })).rejects.toThrow();
      await expect(channels.putPushSubscription({ ...subscription('s2', { complaintId: 'c1' }), complaintId: null })).rejects.toThrow();
    });

    it('keeps webhooks per site, changes only the fields given, and deletes them', async () => {
      const channels = subject.store.channels;
      await channels.createWebhook(webhook('w1'));
      await channels.createWebhook({ ...webhook('w2'), createdAt: new Date(T0.getTime() + 1000).toISOString() });
      await channels.createWebhook(webhook('w3', 'demo-hotel'));

      expect((await channels.listWebhooks('demo-community')).map((w) => w.id)).toEqual(['w1', 'w2']);
      expect(await channels.getWebhook('demo-community', 'w1')).toEqual(webhook('w1'));
      expect(await channels.getWebhook('demo-community', 'w3')).toBeNull();

      const later = new Date(T0.getTime() + 60_000).toISOString();
      const changed = await channels.updateWebhook('demo-community', 'w1', { enabled: false, events: ['assignment'], description: null, updatedAt: later });
      expect(changed).toEqual({ ...webhook('w1'), enabled: false, events: ['assignment'], description: null, updatedAt: later });
      expect(await channels.getWebhook('demo-community', 'w1')).toEqual(changed);
      const moved = await channels.updateWebhook('demo-community', 'w1', { url: 'https://elsewhere.example/', recipients: ['staff', 'phone'], updatedAt: later });
      expect(moved).toMatchObject({ url: 'https://elsewhere.example/', recipients: ['staff', 'phone'], enabled: false, events: ['assignment'] });
      expect(await channels.updateWebhook('demo-community', 'w3', { enabled: false, updatedAt: later })).toBeNull();

      expect(await channels.deleteWebhook('demo-community', 'w3')).toBe(false);
      expect(await channels.deleteWebhook('demo-community', 'w1')).toBe(true);
      expect((await channels.listWebhooks('demo-community')).map((w) => w.id)).toEqual(['w2']);
      expect((await channels.listWebhooks('demo-hotel')).map((w) => w.id)).toEqual(['w3']);
    });

    it('logs delivery attempts newest first, knows what was delivered, prunes old ones, and drops a deleted webhook’s log', async () => {
      const channels = subject.store.channels;
      await channels.createWebhook(webhook('w1'));
      await channels.createWebhook(webhook('w2'));
      await channels.recordWebhookAttempt(attempt('w1', 'm1', 0, false));
      await channels.recordWebhookAttempt(attempt('w1', 'm1', 1, false));
      await channels.recordWebhookAttempt(attempt('w1', 'm1', 3, true));
      await channels.recordWebhookAttempt(attempt('w1', 'm2', 4, false));
      await channels.recordWebhookAttempt(attempt('w2', 'm2', 4, true));

      const log = await channels.webhookAttempts('w1', 10);
      expect(log.map((a) => [a.messageId, a.statusCode, a.ok])).toEqual([
        ['m2', 500, false],
        ['m1', 200, true],
        ['m1', 500, false],
        ['m1', 500, false],
      ]);
      expect(log[0]).toMatchObject({ ...attempt('w1', 'm2', 4, false) });
      expect(log[0]!.id).toBeGreaterThan(log[1]!.id);
      expect((await channels.webhookAttempts('w1', 2)).map((a) => a.attemptedAt)).toEqual([attempt('w1', 'm2', 4, false).attemptedAt, attempt('w1', 'm1', 3, true).attemptedAt]);

      expect(await channels.webhookDelivered('w1', 'm1')).toBe(true);
      expect(await channels.webhookDelivered('w1', 'm2')).toBe(false);
      expect(await channels.webhookDelivered('w2', 'm2')).toBe(true);

      expect(await channels.pruneWebhookAttempts(new Date(T0.getTime() + 2 * 60_000).toISOString())).toBe(2);
      expect((await channels.webhookAttempts('w1', 10)).length).toBe(2);

      await channels.deleteWebhook('demo-community', 'w1');
      expect(await channels.webhookAttempts('w1', 10)).toEqual([]);
      expect(await channels.webhookDelivered('w1', 'm1')).toBe(false);
      expect((await channels.webhookAttempts('w2', 10)).length).toBe(1);
    });
  });
}
