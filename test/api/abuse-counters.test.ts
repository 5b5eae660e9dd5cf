import { createHash, randomBytes } from 'node:crypto';
import { type AddressInfo, type Socket, createServer, connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from '../../api/abuse/client-address.ts';
import { type Counters, MemoryCounters, decide } from '../../api/abuse/counters.ts';
import { CountersUnavailable, RedisCounters } from '../../api/abuse/redis-counters.ts';
import { createApp } from '../../api/http/app.ts';
import { silentLogger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import type { SqliteStore } from '../../api/store/sqlite.ts';
import { sha256 as widgetSha256 } from '../../widget/shared/api.ts';
import { FILING } from '../support/api.ts';
import { defences, from, proofOfWork } from '../support/abuse.ts';
import { REDIS_URL, redisReachable } from '../support/redis.ts';
import { temporarySqliteStore } from '../support/sqlite.ts';

const WINDOW = 10_000;

describe('sliding-window counters in memory', () => {
  it('take up to the limit, then refuse and say how long to wait; peek only reads, add always counts', async () => {
    const counters = new MemoryCounters();
    const at = 1_000_000_000_000; // a window boundary
    for (let i = 0; i < 3; i += 1) expect(await counters.hit('k', 3, WINDOW, at + i, 'take')).toMatchObject({ allowed: true, count: i + 1 });
    const refused = await counters.hit('k', 3, WINDOW, at + 5, 'take');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(await counters.hit('k', 3, WINDOW, at + 6, 'peek')).toMatchObject({ allowed: false, count: 3 });
    expect(await counters.hit('k', 3, WINDOW, at + 7, 'add')).toMatchObject({ allowed: true, count: 4 });
    expect((await counters.hit('k', 3, WINDOW, at + refused.retryAfterMs + 5, 'take')).allowed).toBe(false);
    // other keys are apart
    expect((await counters.hit('other', 3, WINDOW, at + 8, 'take')).allowed).toBe(true);
  });

  it('never let more than the limit through in a fixed window, nor twice the limit in any sliding one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 5 * WINDOW }), { minLength: 1, maxLength: 80 }),
        async (limit, times) => {
          const counters = new MemoryCounters();
          const allowed: number[] = [];
          for (const t of times.sort((a, b) => a - b)) if ((await counters.hit('k', limit, WINDOW, t, 'take')).allowed) allowed.push(t);
          for (const t of allowed) {
            const fixed = Math.floor(t / WINDOW);
            expect(allowed.filter((u) => Math.floor(u / WINDOW) === fixed).length).toBeLessThanOrEqual(limit);
            expect(allowed.filter((u) => u > t - WINDOW && u <= t).length).toBeLessThanOrEqual(2 * limit);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('let a refused request through once it has waited as long as it was told', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (limit, previous, current, elapsed) => {
          const hit = decide(previous, current, limit, elapsed, WINDOW, 'take');
          if (hit.allowed) return;
          const later = elapsed + hit.retryAfterMs / WINDOW;
          // where the clock is then: this window, the next (this one's count becomes the previous), or later still
          const then =
            later < 1 ? decide(previous, current, limit, later, WINDOW, 'take') : later < 2 ? decide(current, 0, limit, later - 1, WINDOW, 'take') : decide(0, 0, limit, 0, WINDOW, 'take');
          expect(then.allowed).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the address a request counts against', () => {
  it('is the socket’s, unless a trusted proxy appended the client’s to X-Forwarded-For', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7', 0)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    // fewer entries than proxies: the first there is
    expect(clientAddress('127.0.0.1', '203.0.113.7', 3)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', '203.0.113.7:51234', 1)).toBe('203.0.113.7');
    // nonsense from the header is not an address
    expect(clientAddress('127.0.0.1', 'unknown, <script>', 1)).toBe('127.0.0.1');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('is an IPv6 address’s /64, and an IPv4 address mapped into IPv6 is the IPv4 one', () => {
    expect(addressKey('2001:db8:aaaa:bbbb:1:2:3:4')).toBe('2001:db8:aaaa:bbbb::/64');
    expect(addressKey('2001:db8:aaaa:bbbb::9')).toBe('2001:db8:aaaa:bbbb::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('::1', '[2001:db8:aaaa:bbbb::5]:443', 1)).toBe('2001:db8:aaaa:bbbb::/64');
  });
});

describe('the widget’s SHA-256', () => {
  it('gives the same first 32 bits as the server’s for any text it may hash', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 }), (text) => {
        expect(widgetSha256(text)).toBe(createHash('sha256').update(text).digest().readUInt32BE(0));
      }),
      { numRuns: 500 },
    );
  });
});

const reachable = await redisReachable('rate limit tests on Redis');

describe.skipIf(!reachable)('counters in Redis', () => {
  const opened: Counters[] = [];
  const connectCounters = async (url = REDIS_URL, logger = silentLogger) => {
    const counters = await RedisCounters.connect(url, logger);
    opened.push(counters);
    return counters;
  };
  afterAll(async () => {
    for (const counters of opened) await counters.close();
  });
  const unique = () => `test-${randomBytes(6).toString('hex')}`;

  it('decide as the memory counters do', async () => {
    const redis = await connectCounters();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 3 * WINDOW }), { minLength: 1, maxLength: 25 }), async (limit, times) => {
        const key = unique();
        const memory = new MemoryCounters();
        const base = 1_000_000_000_000;
        for (const t of times.sort((a, b) => a - b)) {
          const [there, here] = [await redis.hit(key, limit, WINDOW, base + t, 'take'), await memory.hit(key, limit, WINDOW, base + t, 'take')];
          expect(there).toEqual(here);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('take the last place only once, however many requests arrive together from several processes', async () => {
    const [a, b] = [await connectCounters(), await connectCounters()];
    const key = unique();
    const now = Date.now();
    const hits = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).hit(key, 10, 60_000, now, 'take')));
    expect(hits.filter((hit) => hit.allowed)).toHaveLength(10);
    const token = unique();
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(token, 60_000, now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('refuse to start against a Redis that cannot be reached, naming it', async () => {
    await expect(RedisCounters.connect('redis://127.0.0.1:1', silentLogger)).rejects.toThrow(CountersUnavailable);
    await expect(RedisCounters.connect('redis://127.0.0.1:1', silentLogger)).rejects.toThrow(/Redis at 127\.0\.0\.1:1 cannot be reached/);
  });

  it('count in the process while Redis is away, and say so once', async () => {
    // Redis behind a connection this test can cut
    const target = new URL(REDIS_URL);
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const lines: Record<string, unknown>[] = [];
    const logger = { info: () => undefined, error: (fields: Record<string, unknown>) => void lines.push(fields) };
    const counters = await connectCounters(`redis://127.0.0.1:${(proxy.address() as AddressInfo).port}`, logger);
    const key = unique();
    const now = Date.now();
    expect((await counters.hit(key, 2, 60_000, now, 'take')).allowed).toBe(true);
    proxy.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // the process goes on counting by itself
    expect((await counters.hit(key, 2, 60_000, now, 'take')).allowed).toBe(true);
    expect((await counters.hit(key, 2, 60_000, now, 'take')).allowed).toBe(true);
    expect((await counters.hit(key, 2, 60_000, now, 'take')).allowed).toBe(false);
    expect(await counters.claim(key, 60_000, now)).toBe(true);
    expect(await counters.claim(key, 60_000, now)).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toMatch(/Redis cannot be reached/);
  });

  describe('two server processes on one store and one Redis', () => {
    let subject: Awaited<ReturnType<typeof temporarySqliteStore>>;
    let store: SqliteStore;
    beforeAll(async () => {
      subject = await temporarySqliteStore();
      store = subject.store as SqliteStore;
      await store.migrate();
      await seedDemoSites(store);
    });
    afterAll(async () => {
      await subject.close();
    });

    it('share the limits and the used challenges', async () => {
      const settings = defences({ trustProxy: 1, powDifficulty: 6, powMaxDifficulty: 6 });
      const abuse = { ...settings, limits: { ...settings.limits, filing: { perAddress: 3, perSite: 0 } } };
      const [one, two] = [
        createApp({ store, logger: silentLogger, abuse, counters: await connectCounters() }),
        createApp({ store, logger: silentLogger, abuse, counters: await connectCounters() }),
      ];
      const call = (app: typeof one) => (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        Promise.resolve(
          app.request(path, {
            method,
            headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
            body: body === undefined ? undefined : JSON.stringify(body),
          }),
        );
      // a fresh address per run: the counts of earlier runs stay in Redis for their window
      const address = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
      const file = async (app: typeof one, proof?: Record<string, string>) =>
        call(app)('POST', '/api/v1/sites/demo-community/complaints', FILING, { ...from(address), ...(proof ?? (await proofOfWork(call(app), 'demo-community'))) });

      const proof = await proofOfWork(call(one), 'demo-community');
      expect((await file(one, proof)).status).toBe(201);
      // the same proof at the other process is a used one
      const reused = await file(two, proof);
      expect(reused.status).toBe(403);
      expect((await reused.json()).error.code).toBe('proof_of_work_expired');
      expect((await file(two)).status).toBe(201);
      // the refused proof counted too: that makes three, so a fourth filing is refused at either process
      expect((await file(one)).status).toBe(429);
      expect((await file(two)).status).toBe(429);
    });
  });
});
