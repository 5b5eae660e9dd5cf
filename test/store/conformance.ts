import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../api/contract/events.ts';
import { verify } from '../../api/admin/record.ts';
import { outboxFor } from '../../api/notify/intents.ts';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';
import { Policies } from '../../api/service/policies.ts';
import { firstBrokenLink } from '../../api/store/chain.ts';
import type { Store } from '../../api/store/store.ts';
import type { Command } from '../../api/workflow/commands.ts';
import { decide, replay } from '../../api/workflow/lifecycle.ts';
import type { ComplaintState } from '../../api/workflow/state.ts';
import { outboxConformance } from './outbox-conformance.ts';

export interface StoreUnderTest {
  store: Store;
  /** runs SQL straight on the database, past the store, as a tamperer or an operator would */
  raw(sql: string): Promise<void>;
  close(): Promise<void>;
}

const policies = new Policies();
const community = DEMO_SITES.find((s) => s.key === 'demo-community')!;
const policy = () => policies.for(community);

/** A real registration, decided by the workflow, ready to commit. */
function filing(at: Date, reference = `T${randomUUID().slice(0, 3).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`) {
  const complaintId = randomUUID();
  const decision = decide(
    null,
    {
      type: 'file',
      actor: { kind: 'complainant' },
      complaintId,
      siteKey: community.key,
      reference,
      accessCodeHash: 'a'.repeat(64),
      channel: 'web',
      category: 'repair-water-electric',
      description: '楼道灯坏了',
      place: { unit: '3-2' },
      answers: {},
      complainant: { email: 'resident@example.cn' },
      language: 'zh-Hans',
    },
    policy(),
    at,
  );
  if (!decision.ok) throw new Error(decision.rejection.message);
  return { complaintId, reference, events: decision.events };
}

function next(state: ComplaintState, command: Command, at: Date): NewEvent[] {
  const decision = decide(state, { ...command, actor: { kind: 'staff', id: 'desk-1' } } as Parameters<typeof decide>[1], policy(), at);
  if (!decision.ok) throw new Error(decision.rejection.message);
  return decision.events;
}

const T0 = new Date('2026-11-02T02:00:00Z'); // Monday 10:00 in Shanghai

/**
 * What every Store must do, whatever it keeps its data in. Each implementation runs this
 * same suite (test/store/*.test.ts).
 */
export function storeConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} store`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      await store.migrate();
      for (const site of DEMO_SITES) await store.putSite(site, T0);
    });
    afterEach(async () => {
      await subject.close();
    });

    it('applies its migrations once, in order, and records them', async () => {
      const again = await store.migrate();
      expect(again.length).toBeGreaterThan(1);
      expect(again.map((m) => m.version)).toEqual([...again.map((m) => m.version)].sort((a, b) => a - b));
      expect(await store.migrate()).toEqual(again);
    });

    it('keeps sites and returns them as they were put', async () => {
      expect((await store.listSites()).map((s) => s.key)).toEqual(['demo-bureau', 'demo-community', 'demo-hotel']);
      expect(await store.getSite('demo-hotel')).toEqual(DEMO_SITES.find((s) => s.key === 'demo-hotel'));
      expect(await store.getSite('nowhere')).toBeNull();
      const renamed = { ...community, name: { ...community.name, en: 'Renamed' } };
      await store.putSite(renamed, T0);
      expect((await store.getSite(community.key))?.name.en).toBe('Renamed');
    });

    it('replaces a site only while it is unchanged, seeing the stored one inside the transaction', async () => {
      const seen: string[] = [];
      const first = { ...community, name: { ...community.name, en: 'First change' } };
      expect(await store.replaceSite(first, T0, (current) => (seen.push(current.name.en), current.name.en === community.name.en))).toBe(true);
      expect((await store.getSite(community.key))?.name.en).toBe('First change');
      // a writer holding the configuration as it was before the first change is refused, and changes nothing
      const stale = { ...community, name: { ...community.name, en: 'Stale change' } };
      expect(await store.replaceSite(stale, T0, (current) => (seen.push(current.name.en), current.name.en === community.name.en))).toBe(false);
      expect(await store.getSite(community.key)).toEqual(first);
      expect(seen).toEqual([community.name.en, 'First change']);
      expect(await store.replaceSite({ ...community, key: 'nowhere' }, T0, () => true)).toBe(false);
      expect(await store.getSite('nowhere')).toBeNull();
    });

    it('appends a chain of events, projects the state, and queues messages, together', async () => {
      const { complaintId, reference, events } = filing(T0);
      const result = await store.commit({ complaintId, expectedVersion: 0, events, outbox: (stored, state) => outboxFor(stored, state) });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(firstBrokenLink(result.events)).toBeNull();
      const stored = await store.readEvents(complaintId);
      expect(stored).toEqual(result.events);
      expect(await store.getComplaint(complaintId)).toEqual(replay(stored));
      expect(await store.findByReference(community.key, reference)).toEqual(result.state);
      const outbox = await store.outboxMessages({ complaintId });
      expect(outbox.map((m) => [m.kind, m.recipient, m.status, m.attempts])).toEqual([
        ['receipt', { kind: 'complainant', channel: 'email', address: 'resident@example.cn' }, 'pending', 0],
      ]);
      expect(outbox[0]!.eventSeq).toBe(1);
    });

    it('refuses a commit decided on an old version and writes nothing of it', async () => {
      const { complaintId, events } = filing(T0);
      const first = await store.commit({ complaintId, expectedVersion: 0, events });
      if (!first.ok) throw new Error('first commit failed');
      const accept = next(first.state, { type: 'accept' }, T0);
      const stale = await store.commit({ complaintId, expectedVersion: 1, events: accept, outbox: (s, st) => outboxFor(s, st) });
      expect(stale).toMatchObject({ ok: false, reason: 'version-conflict' });
      if (!stale.ok && stale.reason === 'version-conflict') expect(stale.state).toEqual(first.state);
      expect(await store.readEvents(complaintId)).toHaveLength(events.length);
      expect(await store.outboxMessages({ complaintId })).toHaveLength(0);
    });

    it('lets exactly one of two simultaneous commits on the same version win', async () => {
      const { complaintId, events } = filing(T0);
      const first = await store.commit({ complaintId, expectedVersion: 0, events });
      if (!first.ok) throw new Error('first commit failed');
      const accept = next(first.state, { type: 'accept' }, T0);
      const reject = next(first.state, { type: 'not-accept', reason: '不属于物业管理范围' }, T0);
      const results = await Promise.all([
        store.commit({ complaintId, expectedVersion: first.state.version, events: accept }),
        store.commit({ complaintId, expectedVersion: first.state.version, events: reject }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'version-conflict')).toHaveLength(1);
      const chain = await store.readEvents(complaintId);
      expect(firstBrokenLink(chain)).toBeNull();
      expect(['accepted', 'not-accepted']).toContain((await store.getComplaint(complaintId))?.status);
    });

    it('remembers an idempotent answer with the events, and answers a second claim with it', async () => {
      const claim = { scope: 'file:demo-community', keyHash: 'k'.repeat(64), requestHash: 'r'.repeat(64), status: 201, body: { reference: 'X' } };
      const a = filing(T0);
      expect((await store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events, idempotency: claim })).ok).toBe(true);
      const b = filing(T0);
      const second = await store.commit({ complaintId: b.complaintId, expectedVersion: 0, events: b.events, idempotency: claim });
      expect(second).toEqual({ ok: false, reason: 'idempotency-conflict', existing: { requestHash: claim.requestHash, status: 201, body: claim.body } });
      expect(await store.readEvents(b.complaintId)).toEqual([]);
      expect(await store.findIdempotent(claim.scope, claim.keyHash)).toEqual({ requestHash: claim.requestHash, status: 201, body: claim.body });
      expect(await store.findIdempotent(claim.scope, 'x'.repeat(64))).toBeNull();
    });

    it('files simultaneous requests with one Idempotency-Key once', async () => {
      const claim = { scope: 'file:demo-community', keyHash: 'q'.repeat(64), requestHash: 'r'.repeat(64), status: 201, body: {} };
      const attempts = Array.from({ length: 6 }, () => filing(T0));
      const results = await Promise.all(
        attempts.map((a) => store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events, idempotency: claim })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'idempotency-conflict')).toHaveLength(5);
    });

    it('answers a reference already used on the site, and stores nothing of the second', async () => {
      const a = filing(T0, 'SAME-REF1');
      const b = filing(T0, 'SAME-REF1');
      expect((await store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events })).ok).toBe(true);
      expect(await store.commit({ complaintId: b.complaintId, expectedVersion: 0, events: b.events })).toEqual({ ok: false, reason: 'reference-taken' });
      expect(await store.readEvents(b.complaintId)).toEqual([]);
    });

    it('rolls everything back when building the messages fails', async () => {
      const a = filing(T0);
      await expect(
        store.commit({
          complaintId: a.complaintId,
          expectedVersion: 0,
          events: a.events,
          outbox: () => {
            throw new Error('template missing');
          },
        }),
      ).rejects.toThrow('template missing');
      expect(await store.readEvents(a.complaintId)).toEqual([]);
      expect(await store.getComplaint(a.complaintId)).toBeNull();
    });

    it('refuses to change or remove a stored event, even by SQL', async () => {
      const a = filing(T0);
      await store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events });
      await expect(subject.raw(`UPDATE events SET type = 'x'`)).rejects.toThrow(/append-only/);
      await expect(subject.raw('DELETE FROM events')).rejects.toThrow(/append-only/);
      expect(await store.readEvents(a.complaintId)).toHaveLength(a.events.length);
    });

    it('finds the complaints whose warnings or breaches are due, soonest first', async () => {
      const a = filing(T0);
      const committed = await store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events });
      if (!committed.ok) throw new Error('commit failed');
      // repair: on site within 15 minutes, warned at 75% (11:15), acknowledged within 24 hours
      const warnAt = new Date(committed.state.clocks.onSite!.warnAt);
      expect(await store.nextDeadline()).toBe(warnAt.toISOString());
      expect(await store.dueForDeadlines(new Date(warnAt.getTime() - 1), 10)).toEqual([]);
      expect(await store.dueForDeadlines(warnAt, 10)).toEqual([{ id: a.complaintId, siteKey: community.key }]);
    });

    it('hands out every chain and rebuilds the read model to exactly what it was', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const a = filing(new Date(T0.getTime() + i * 60_000));
        const first = await store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events });
        if (!first.ok) throw new Error('commit failed');
        const accept = next(first.state, { type: 'accept', notice: '已受理' }, new Date(T0.getTime() + i * 60_000 + 1000));
        await store.commit({ complaintId: a.complaintId, expectedVersion: first.state.version, events: accept });
        ids.push(a.complaintId);
      }
      const chains: string[] = [];
      for await (const chain of store.eachEventChain()) {
        expect(firstBrokenLink(chain)).toBeNull();
        chains.push(chain[0]!.complaintId);
      }
      expect(chains).toEqual(ids);
      const before = await store.readModelSnapshot();
      expect(before).toHaveLength(3);
      const rebuilt = await store.rebuildReadModel();
      expect(rebuilt.complaints).toBe(3);
      expect(await store.readModelSnapshot()).toEqual(before);
      const said: string[] = [];
      expect(await verify({ store, options: {}, out: (line) => said.push(line) })).toBe(0);
      // each: registered, two clocks started (repair: acknowledge, on site), accepted, one clock stopped
      expect(said).toEqual(['verified 3 complaints, 15 events: every chain is whole']);
    });

    it('keeps a named secret from its first creation on', async () => {
      const first = await store.secret('test-secret', () => 'one');
      expect(first).toBe('one');
      expect(await store.secret('test-secret', () => 'two')).toBe('one');
    });

    it('keeps API keys by their hash', async () => {
      await store.createApiKey({ id: 'k1', siteKey: 'demo-hotel', keyHash: 'h'.repeat(64), label: 'desk', createdAt: T0.toISOString() });
      expect(await store.listApiKeys('demo-hotel')).toEqual([
        { id: 'k1', siteKey: 'demo-hotel', label: 'desk', createdAt: T0.toISOString(), revokedAt: null },
      ]);
      expect(await store.listApiKeys('demo-bureau')).toEqual([]);
    });

    it('finds an API key by its hash and revokes it once', async () => {
      await store.createApiKey({ id: 'k2', siteKey: 'demo-hotel', keyHash: 'k'.repeat(64), label: null, createdAt: T0.toISOString() });
      expect(await store.findApiKey('k'.repeat(64))).toEqual({ id: 'k2', siteKey: 'demo-hotel', label: null, createdAt: T0.toISOString(), revokedAt: null });
      expect(await store.findApiKey('x'.repeat(64))).toBeNull();
      expect(await store.revokeApiKey('demo-bureau', 'k2', T0.toISOString())).toBeNull();
      const at = new Date(T0.getTime() + 60_000).toISOString();
      expect(await store.revokeApiKey('demo-hotel', 'k2', at)).toEqual({
        key: { id: 'k2', siteKey: 'demo-hotel', label: null, createdAt: T0.toISOString(), revokedAt: at },
        revokedNow: true,
      });
      // again, even at the same moment: it was revoked before
      expect(await store.revokeApiKey('demo-hotel', 'k2', at)).toMatchObject({ key: { revokedAt: at }, revokedNow: false });
      expect(await store.revokeApiKey('demo-hotel', 'k2', new Date(T0.getTime() + 120_000).toISOString())).toMatchObject({ key: { revokedAt: at }, revokedNow: false });
      expect((await store.findApiKey('k'.repeat(64)))?.revokedAt).toBe(at);
      expect(await store.revokeApiKey('demo-hotel', 'nope', at)).toBeNull();
    });

    it('reads several chains at once, and lists the complaints changed since a time', async () => {
      const a = filing(T0);
      const b = filing(new Date(T0.getTime() + 60_000));
      const first = await store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events });
      await store.commit({ complaintId: b.complaintId, expectedVersion: 0, events: b.events });
      if (!first.ok) throw new Error('the first filing was not stored');
      const later = new Date(T0.getTime() + 3_600_000);
      await store.commit({ complaintId: a.complaintId, expectedVersion: first.state.version, events: next(first.state, { type: 'accept' }, later) });

      const chains = await store.readEventsOf([a.complaintId, b.complaintId, a.complaintId, 'missing']);
      expect([...chains.keys()].sort()).toEqual([a.complaintId, b.complaintId].sort());
      expect(chains.get(a.complaintId)).toEqual(await store.readEvents(a.complaintId));
      expect(chains.get(b.complaintId)!.map((e) => e.seq)).toEqual(b.events.map((_, i) => i + 1));
      expect((await store.readEventsOf([])).size).toBe(0);

      const changed = await store.listComplaints({
        siteKey: community.key,
        updatedFrom: new Date(T0.getTime() + 30 * 60_000).toISOString(),
        sort: '-updated',
        limit: 10,
        now: later.toISOString(),
      });
      expect(changed.items.map((s) => s.id)).toEqual([a.complaintId]);
    });

    it('lists the complaints of a site changed after a time, oldest change first, for a live stream to catch up', async () => {
      const a = filing(T0);
      const b = filing(new Date(T0.getTime() + 60_000));
      const first = await store.commit({ complaintId: a.complaintId, expectedVersion: 0, events: a.events });
      const second = await store.commit({ complaintId: b.complaintId, expectedVersion: 0, events: b.events });
      if (!first.ok || !second.ok) throw new Error('the filings were not stored');
      const accepted = await store.commit({
        complaintId: a.complaintId,
        expectedVersion: first.state.version,
        events: next(first.state, { type: 'accept' }, new Date(T0.getTime() + 3_600_000)),
      });
      if (!accepted.ok) throw new Error('the acceptance was not stored');

      const changed = (state: ComplaintState) => ({ complaintId: state.id, version: state.version, at: state.updatedAt });
      expect(await store.changedAfter(community.key, new Date(T0.getTime() - 1).toISOString(), 10)).toEqual([changed(second.state), changed(accepted.state)]);
      expect(accepted.state.version).toBeGreaterThan(first.state.version);
      // strictly after: a change at exactly that time was heard already
      expect(await store.changedAfter(community.key, second.state.updatedAt, 10)).toEqual([changed(accepted.state)]);
      expect(await store.changedAfter(community.key, accepted.state.updatedAt, 10)).toEqual([]);
      expect(await store.changedAfter(community.key, T0.toISOString(), 1)).toEqual([changed(second.state)]);
      // another site's stream hears nothing of these
      expect(await store.changedAfter('demo-hotel', new Date(0).toISOString(), 10)).toEqual([]);
    });

    describe('outbox', () => outboxConformance(() => store));
  });
}
