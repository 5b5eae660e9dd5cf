import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';
import { Policies } from '../../api/service/policies.ts';
import type { OutboxMessage, Store } from '../../api/store/store.ts';
import { decide } from '../../api/workflow/lifecycle.ts';

const community = DEMO_SITES.find((s) => s.key === 'demo-community')!;
const policy = new Policies().for(community);
const T0 = new Date('2026-11-02T02:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/**
 * Files a complaint whose commit queues the given messages (ids `<prefix>-1`, `<prefix>-2`, …,
 * written a minute apart, all to one email address).
 */
async function queue(store: Store, count: number, prefix = randomUUID().slice(0, 8)): Promise<string[]> {
  const complaintId = randomUUID();
  const decision = decide(
    null,
    {
      type: 'file',
      actor: { kind: 'complainant' },
      complaintId,
      siteKey: community.key,
      reference: `Q${randomUUID().slice(0, 3).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`,
      accessCodeHash: 'a'.repeat(64),
      channel: 'web',
      category: 'facilities',
      description: '楼道灯坏了',
      place: { unit: '3-2' },
      answers: {},
      complainant: { email: 'resident@example.cn' },
      language: 'zh-Hans',
    },
    policy,
    T0,
  );
  if (!decision.ok) throw new Error(decision.rejection.message);
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
  const messages = (state: { id: string; siteKey: string }): OutboxMessage[] =>
    ids.map((id, i) => ({
      id,
      siteKey: state.siteKey,
      complaintId: state.id,
      eventSeq: 1,
      kind: 'progress',
      recipient: { kind: 'complainant', channel: 'email', address: 'resident@example.cn' },
      payload: { reference: 'X', note: `note ${i + 1}` },
      createdAt: at(i).toISOString(),
    }));
  const result = await store.commit({ complaintId, expectedVersion: 0, events: decision.events, outbox: (_, state) => messages(state) });
  if (!result.ok) throw new Error(`commit failed: ${result.reason}`);
  return ids;
}

const claim = (store: Store, owner: string, now: Date, limit = 10, leaseMs = 60_000) =>
  store.claimOutbox({ owner, now, limit, leaseUntil: new Date(now.getTime() + leaseMs) });

/** What every Store must do for the dispatcher: leases, attempts, dead letters, folding. */
export function outboxConformance(store: () => Store): void {
  it('leases due messages to one claimer at a time, and hands them over when the lease runs out', async () => {
    const ids = await queue(store(), 3);
    // written a minute apart: at minute 1 only the first two are due
    const first = await claim(store(), 'a', at(1), 10, 10 * 60_000);
    expect(first.map((m) => m.id)).toEqual(ids.slice(0, 2));
    expect(first.every((m) => m.leasedUntil === at(11).toISOString())).toBe(true);
    expect(await claim(store(), 'b', at(1))).toEqual([]);
    // the third falls due; the leased two stay with their claimer
    expect((await claim(store(), 'b', at(2))).map((m) => m.id)).toEqual([ids[2]]);
    // the first claimer died: once its lease is over, another takes its messages over
    expect((await claim(store(), 'c', at(11))).map((m) => m.id).sort()).toEqual([...ids].sort());
  });

  it('never gives the same message to two simultaneous claimers', async () => {
    const ids = await queue(store(), 12);
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => claim(store(), owner, at(20), 4)));
    const claimed = claims.flat().map((m) => m.id);
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(new Set(claimed).size).toBe(claimed.length);
  });

  it('counts failed attempts, waits for the next one, and gives up on a dead message until it is retried', async () => {
    const [id] = await queue(store(), 1);
    const [message] = await claim(store(), 'a', at(0));
    expect(message).toMatchObject({ id, status: 'pending', attempts: 0, lastError: null, deliveredVia: [], foldedInto: null });
    await store().markFailed(id!, { error: 'connection refused', at: at(0), nextAttemptAt: at(5) });
    expect(await store().getOutboxMessage(id!)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connection refused', nextAttemptAt: at(5).toISOString(), leasedUntil: null });
    expect(await claim(store(), 'a', at(4))).toEqual([]);
    expect(await claim(store(), 'a', at(5))).toHaveLength(1);
    await store().markFailed(id!, { error: 'still refused', at: at(5), dead: true });
    expect(await store().getOutboxMessage(id!)).toMatchObject({ status: 'dead', attempts: 2, lastError: 'still refused' });
    expect(await claim(store(), 'a', at(600))).toEqual([]);
    expect((await store().outboxMessages({ siteKey: community.key, status: 'dead' })).map((m) => m.id)).toEqual([id]);

    const retried = await store().retryDead(id!, at(700));
    expect(retried).toMatchObject({ id, status: 'pending', attempts: 0, nextAttemptAt: at(700).toISOString() });
    expect(await store().retryDead(id!, at(700))).toBeNull();
    expect(await store().retryDead('no-such-message', at(700))).toBeNull();
    expect((await claim(store(), 'a', at(700))).map((m) => m.id)).toEqual([id]);
  });

  it('never hands out a sent message again, and a late report from a lapsed lease changes nothing', async () => {
    const [id] = await queue(store(), 1);
    await claim(store(), 'a', at(0));
    await store().markSent(id!, at(1));
    expect(await store().getOutboxMessage(id!)).toMatchObject({ status: 'sent', sentAt: at(1).toISOString(), leasedUntil: null });
    expect(await claim(store(), 'b', at(999))).toEqual([]);
    // a late failure report of a dispatcher whose lease had run out changes nothing
    await store().markFailed(id!, { error: 'timeout', at: at(2), nextAttemptAt: at(3) });
    await store().markSent(id!, at(5));
    await store().postponeOutbox(id!, at(9), 'held');
    expect(await store().getOutboxMessage(id!)).toMatchObject({ status: 'sent', sentAt: at(1).toISOString(), attempts: 0, lastError: null });
  });

  it('records each channel that delivered a message once', async () => {
    const [id] = await queue(store(), 1);
    await store().recordOutboxDelivery(id!, 'email');
    await store().recordOutboxDelivery(id!, 'email');
    await store().recordOutboxDelivery(id!, 'webhook');
    expect((await store().getOutboxMessage(id!))!.deliveredVia).toEqual(['email', 'webhook']);
  });

  it('holds a message back without counting an attempt, and keeps the reason', async () => {
    const [id] = await queue(store(), 1);
    await claim(store(), 'a', at(0));
    await store().postponeOutbox(id!, at(10), 'no channel for phone');
    expect(await store().getOutboxMessage(id!)).toMatchObject({ attempts: 0, lastError: 'no channel for phone', nextAttemptAt: at(10).toISOString(), leasedUntil: null });
    await store().postponeOutbox(id!, at(20));
    expect(await store().getOutboxMessage(id!)).toMatchObject({ lastError: 'no channel for phone', nextAttemptAt: at(20).toISOString() });
    expect(await claim(store(), 'b', at(19))).toEqual([]);
    expect(await claim(store(), 'b', at(20))).toHaveLength(1);
  });

  it('folds messages into one delivery that they follow: sent with it, dead with it, retried with it', async () => {
    const [a, b, c, d] = await queue(store(), 4);
    const claimed = await claim(store(), 'one', at(0), 1, 1000 * 60_000);
    expect(claimed.map((m) => m.id)).toEqual([a]);
    expect((await claim(store(), 'other', at(3), 1)).map((m) => m.id)).toEqual([b]);
    // a is held by "one": no one else may add to a delivery that may be going out right now
    expect(await store().foldOutbox(a!, [c!], 'other', at(3))).toEqual([]);
    // b is another’s for now; c and d are free
    expect((await store().foldOutbox(a!, [b!, c!, d!], 'one', at(3))).sort()).toEqual([c, d].sort());
    expect(await store().foldOutbox(a!, [a!], 'one', at(3))).toEqual([]);
    expect((await store().outboxMessages({ foldedInto: a! })).map((m) => m.id)).toEqual([c, d]);
    // folded messages are no one's to claim: they go with a
    expect((await claim(store(), 'third', at(1000))).map((m) => m.id).sort()).toEqual([a, b].sort());

    await store().markFailed(a!, { error: 'refused', at: at(1000), dead: true });
    expect((await store().outboxMessages({ status: 'dead' })).map((m) => m.id)).toEqual([a, c, d]);
    await store().retryDead(a!, at(2000));
    expect((await store().outboxMessages({ foldedInto: a! })).map((m) => [m.id, m.status])).toEqual([
      [c, 'pending'],
      [d, 'pending'],
    ]);
    await store().markSent(a!, at(2001));
    expect((await store().outboxMessages({ status: 'sent' })).map((m) => m.id)).toEqual([a, c, d]);
    expect((await store().getOutboxMessage(b!))!.status).toBe('pending');
  });

  it('folds into a message only while it waits, and what was folded into a folded message moves along', async () => {
    const [a, b, c] = await queue(store(), 3);
    expect(await store().foldOutbox(b!, [c!], 'x', at(5))).toEqual([c]);
    expect(await store().foldOutbox(a!, [b!], 'x', at(5))).toEqual([b]);
    expect((await store().outboxMessages({ foldedInto: a! })).map((m) => m.id)).toEqual([b, c]);
    // b is folded now: nothing can be folded into it
    const [e] = await queue(store(), 1);
    expect(await store().foldOutbox(b!, [e!], 'x', at(5))).toEqual([]);
    await store().markSent(a!, at(6));
    expect(await store().foldOutbox(a!, [e!], 'x', at(6))).toEqual([]);
    expect((await store().getOutboxMessage(e!))!.foldedInto).toBeNull();
  });

  it('lists a site’s messages by status, newest first, a page at a time', async () => {
    const ids = await queue(store(), 3);
    expect((await store().outboxMessages({ siteKey: community.key, newestFirst: true, limit: 2 })).map((m) => m.id)).toEqual([ids[2], ids[1]]);
    expect(await store().outboxMessages({ siteKey: 'demo-hotel' })).toEqual([]);
    expect(await store().outboxMessages({ status: 'sent' })).toEqual([]);
  });

  it('keeps each member’s choice of immediate messages or a daily digest', async () => {
    const user = {
      id: `u-${randomUUID()}`,
      email: `${randomUUID()}@example.cn`,
      name: '张三',
      passwordHash: 'scrypt$1$1$1$s$h',
      memberships: [{ site: community.key, roles: ['handler' as const], departments: [] }],
      superadmin: false,
      createdAt: T0.toISOString(),
      disabledAt: null,
      failedLogins: 0,
      lockedUntil: null,
    };
    await store().staff.createUser(user);
    expect(await store().staff.notificationDelivery([user.id, 'someone-else'])).toEqual(
      new Map([
        [user.id, 'immediate'],
        ['someone-else', 'immediate'],
      ]),
    );
    await store().staff.setNotificationDelivery(user.id, 'daily-digest', T0.toISOString());
    expect((await store().staff.notificationDelivery([user.id])).get(user.id)).toBe('daily-digest');
    await store().staff.setNotificationDelivery(user.id, 'immediate', at(1).toISOString());
    expect((await store().staff.notificationDelivery([user.id])).get(user.id)).toBe('immediate');
  });
}
