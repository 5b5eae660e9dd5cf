/**
 * Sliding-window counters and single-use tokens, the state the defences keep: in this process by
 * default, in Redis when several processes share the load (redis-counters.ts).
 *
 * A window's count is estimated from the current fixed window and the previous one, weighted by
 * how much of the previous one still lies inside the sliding window: two numbers per key, and
 * an answer within a few per cent of an exact log of every request.
 */

/**
 * `take` counts the request if it is within the limit (and refuses it otherwise), `peek` only
 * reads, `add` counts it whatever the limit (a failure that already happened).
 */
export type HitMode = 'take' | 'peek' | 'add';

export interface Hit {
  allowed: boolean;
  /** the requests counted in the sliding window, this one included when it was counted */
  count: number;
  /** when refused: how long until one more request fits */
  retryAfterMs: number;
}

export interface Counters {
  hit(key: string, limit: number, windowMs: number, now: number, mode: HitMode): Promise<Hit>;
  /** true the first time `token` is claimed; false while an earlier claim lasts (`ttlMs`) */
  claim(token: string, ttlMs: number, now: number): Promise<boolean>;
  close(): Promise<void>;
}

const EPSILON = 1e-9;

/** Where `now` falls: the fixed window's number and the share of it that has passed. */
export function windowAt(now: number, windowMs: number): { index: number; elapsed: number } {
  return { index: Math.floor(now / windowMs), elapsed: (now % windowMs) / windowMs };
}

/**
 * The decision from the two windows' counts (before this request): whether one more fits, and
 * when refused how long until it would, if nothing else arrives meanwhile.
 */
export function decide(previous: number, current: number, limit: number, elapsed: number, windowMs: number, mode: HitMode): Hit {
  const estimate = previous * (1 - elapsed) + current;
  // a hair of tolerance, so that waiting exactly as long as told is enough despite rounding
  const allowed = mode === 'add' || estimate + 1 <= limit + EPSILON;
  const counted = mode === 'add' || (mode === 'take' && allowed);
  return { allowed, count: estimate + (counted ? 1 : 0), retryAfterMs: allowed ? 0 : retryAfter(previous, current, limit, elapsed, windowMs) };
}

function retryAfter(previous: number, current: number, limit: number, elapsed: number, windowMs: number): number {
  const room = limit - 1 - current;
  if (room >= 0) {
    // later in this window, once enough of the previous one has slid out
    const share = previous > 0 ? 1 - room / previous : 0;
    return Math.max(1, Math.ceil((share - elapsed) * windowMs));
  }
  // in the next window, this one's count is the previous one
  const share = current > 0 ? Math.max(0, 1 - (limit - 1) / current) : 0;
  return Math.max(1, Math.ceil((1 - elapsed + share) * windowMs));
}

interface Entry {
  index: number;
  current: number;
  previous: number;
}

/** Most entries kept before the stale ones are swept out. */
const SWEEP_ABOVE = 50_000;

/** The counters of one process. */
export class MemoryCounters implements Counters {
  readonly #windows = new Map<string, Entry>();
  readonly #claims = new Map<string, number>();
  #nextWindowSweep = 0;
  #nextClaimSweep = 0;

  async hit(key: string, limit: number, windowMs: number, now: number, mode: HitMode): Promise<Hit> {
    return this.hitNow(key, limit, windowMs, now, mode);
  }

  /** The same as `hit`, at once: the Redis counters fall back on it when Redis cannot be reached. */
  hitNow(key: string, limit: number, windowMs: number, now: number, mode: HitMode): Hit {
    const { index, elapsed } = windowAt(now, windowMs);
    const id = `${windowMs}:${key}`;
    let entry = this.#windows.get(id);
    if (!entry || entry.index < index - 1) entry = { index, current: 0, previous: 0 };
    else if (entry.index === index - 1) entry = { index, current: 0, previous: entry.current };
    const hit = decide(entry.previous, entry.current, limit, elapsed, windowMs, mode);
    if (mode === 'add' || (mode === 'take' && hit.allowed)) entry.current += 1;
    if (mode !== 'peek' || this.#windows.has(id)) this.#windows.set(id, entry);
    if (this.#windows.size > SWEEP_ABOVE && now >= this.#nextWindowSweep) {
      this.#nextWindowSweep = now + windowMs;
      for (const [k, e] of this.#windows) if (e.index < index - 1) this.#windows.delete(k);
    }
    return hit;
  }

  async claim(token: string, ttlMs: number, now: number): Promise<boolean> {
    return this.claimNow(token, ttlMs, now);
  }

  claimNow(token: string, ttlMs: number, now: number): boolean {
    const until = this.#claims.get(token);
    if (until !== undefined && until > now) return false;
    this.#claims.set(token, now + ttlMs);
    if (this.#claims.size > SWEEP_ABOVE && now >= this.#nextClaimSweep) {
      this.#nextClaimSweep = now + 60_000;
      for (const [k, expires] of this.#claims) if (expires <= now) this.#claims.delete(k);
    }
    return true;
  }

  async close(): Promise<void> {
    this.#windows.clear();
    this.#claims.clear();
  }
}
