import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstBrokenLink } from '../../api/store/chain.ts';
import { loadMigrations } from '../../api/store/migrations.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';
import { replay } from '../../api/workflow/evolve.ts';
import { FILING, type TestApi, startTestApi } from '../support/api.ts';

describe('migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'complaints-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file on first open, applies every numbered migration in order and records it', async () => {
    const store = new SqliteStore(join(dir, 'nested', 'complaints.sqlite'));
    const applied = await store.migrate();
    const files = loadMigrations('sqlite');
    expect(files.length).toBeGreaterThan(0);
    expect(applied.map((m) => m.version)).toEqual(files.map((f) => f.version));
    expect(applied[0]).toMatchObject({ version: 1, name: 'initial' });
    await store.close();
  });

  it('applies nothing twice when opened again', async () => {
    const path = join(dir, 'complaints.sqlite');
    const first = new SqliteStore(path);
    const before = await first.migrate();
    await first.close();
    const second = new SqliteStore(path);
    const after = await second.migrate();
    await second.close();
    expect(after).toEqual(before);
  });
});

describe('the record', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(async () => {
    await api.close();
  });

  it('refuses to update or delete an event, even from SQL', async () => {
    await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING);
    const db = new DatabaseSync(join(api.dir, 'complaints.sqlite'));
    expect(() => db.exec("UPDATE events SET data = '{}'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM events')).toThrow(/append-only/);
    db.close();
  });

  it('chains each event to the one before by SHA-256, and the read model is the fold of the events', async () => {
    const { reference } = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const state = await api.store.findByReference('demo-community', reference);
    const events = await api.store.readEvents(state!.id);
    expect(events.map((e) => e.type)).toEqual(['registered', 'clock-started']);
    expect(events[0]!.prevHash).toBe('0'.repeat(64));
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(firstBrokenLink(events)).toBeNull();
    expect(replay(events)).toEqual(state);
  });

  it('notices a changed byte in a stored event', async () => {
    const { reference } = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const state = await api.store.findByReference('demo-community', reference);
    const [event] = await api.store.readEvents(state!.id);
    if (event?.type !== 'registered') throw new Error('the first event is the registration');
    const tampered = { ...event, data: { ...event.data, description: event.data.description.replace('灯', '門') } };
    expect(firstBrokenLink([tampered])).toEqual({ complaintId: state!.id, seq: 1, reason: 'hash-mismatch' });
  });

  it('rejects a commit decided on an old version', async () => {
    const { reference } = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const state = await api.store.findByReference('demo-community', reference);
    const [event] = await api.store.readEvents(state!.id);
    const result = await api.store.commit({ complaintId: state!.id, expectedVersion: 0, events: [event!] });
    expect(result).toMatchObject({ ok: false, reason: 'version-conflict' });
    expect(await api.store.readEvents(state!.id)).toHaveLength(2);
  });
});
