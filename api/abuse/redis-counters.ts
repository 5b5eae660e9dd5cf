import { Redis } from 'ioredis';
import type { Logger } from '../http/logger.ts';
import { type Counters, type Hit, type HitMode, MemoryCounters, decide, windowAt } from './counters.ts';

/**
 * One sliding-window decision, atomic: read both windows, count the request if it fits (or
 * whatever it is, for `add`), and keep the current window for two window lengths. The decision
 * is made here, in Redis, so two processes can never both take the last place.
 */
const SLIDING_WINDOW = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
local remaining = tonumber(ARGV[2])
local mode = ARGV[3]
local fits = previous * remaining + current + 1 <= limit + 1e-9
if mode == 'add' or (mode == 'take' and fits) then
  redis.call('INCR', KEYS[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return { current, previous }
`;

export class CountersUnavailable extends Error {}

interface SlidingWindowCommand {
  slidingWindow(current: string, previous: string, limit: number, remaining: string, mode: HitMode, ttlMs: number): Promise<[number, number]>;
}

/** Redis is asked for an answer for this long before the process decides on its own. */
const COMMAND_TIMEOUT_MS = 500;
/** one log line about Redis being away per this long, not one per request */
const REPORT_EVERY_MS = 60_000;

/**
 * The counters shared through Redis by every server process. When Redis cannot be reached
 * for a moment the process counts on its own (and says so in the log once a minute) rather
 * than refusing residents or letting everything through.
 */
export class RedisCounters implements Counters {
  readonly #redis: Redis & SlidingWindowCommand;
  readonly #local = new MemoryCounters();
  readonly #logger: Logger;
  #reportedAt = -Infinity;

  private constructor(redis: Redis, logger: Logger) {
    redis.defineCommand('slidingWindow', { numberOfKeys: 2, lua: SLIDING_WINDOW });
    this.#redis = redis as Redis & SlidingWindowCommand;
    this.#logger = logger;
  }

  /** Connects, or throws CountersUnavailable naming the server when it cannot be reached. */
  static async connect(url: string, logger: Logger): Promise<RedisCounters> {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 5_000,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times) => Math.min(times * 200, 5_000),
    });
    // errors are answered per command; the client reconnects by itself
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      const where = new URL(url);
      throw new CountersUnavailable(`Redis at ${where.hostname}:${where.port || 6379} cannot be reached (${(error as Error).message})`);
    }
    return new RedisCounters(redis, logger);
  }

  async hit(key: string, limit: number, windowMs: number, now: number, mode: HitMode): Promise<Hit> {
    const { index, elapsed } = windowAt(now, windowMs);
    // one hash tag per key: both windows live on the same node of a cluster
    const name = (i: number) => `complaints:rate:{${windowMs}:${key}}:${i}`;
    try {
      const [current, previous] = await this.#redis.slidingWindow(name(index), name(index - 1), limit, String(1 - elapsed), mode, 2 * windowMs);
      return decide(Number(previous), Number(current), limit, elapsed, windowMs, mode);
    } catch (error) {
      this.#report(error);
      return this.#local.hitNow(key, limit, windowMs, now, mode);
    }
  }

  async claim(token: string, ttlMs: number, now: number): Promise<boolean> {
    try {
      return (await this.#redis.set(`complaints:claim:${token}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    } catch (error) {
      this.#report(error);
      return this.#local.claimNow(token, ttlMs, now);
    }
  }

  #report(error: unknown): void {
    const now = Date.now();
    if (now - this.#reportedAt < REPORT_EVERY_MS) return;
    this.#reportedAt = now;
    this.#logger.error({ msg: 'Redis cannot be reached: this process counts limits on its own until it is back', error: (error as Error).message });
  }

  async close(): Promise<void> {
    await this.#local.close();
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
