import type { Clock } from '../service/complaints.ts';
import { randomSecret } from '../service/credentials.ts';
import { ServiceError } from '../service/errors.ts';
import type { Store } from '../store/store.ts';
import type { Counters } from './counters.ts';
import { type Challenge, checkProof, issueChallenge } from './proof-of-work.ts';
import type { AbuseSettings, Bucket } from './settings.ts';

const POW_SECRET = 'proof-of-work-key';

const PROBLEMS = {
  proof_of_work_required: 'send the proof of work of a challenge from GET …/challenge in the X-Proof-Of-Work header',
  proof_of_work_invalid: 'the proof of work does not solve a challenge this site gave out',
  proof_of_work_expired: 'the challenge has expired or was used already; get a new one',
} as const;

/**
 * The public intake's defences: limits per client address and per site, the stricter throttle on
 * wrong access codes, and the proof of work a filing carries. Its state is in `counters` (this
 * process, or Redis); the challenges are signed with a secret kept in the store, so every process
 * on the same store accepts every other's.
 */
export class AbuseGuard {
  readonly settings: AbuseSettings;
  readonly #counters: Counters;
  readonly #store: Store;
  readonly #clock: Clock;
  #secret: Promise<string> | undefined;

  constructor(settings: AbuseSettings, counters: Counters, store: Store, clock: Clock) {
    this.settings = settings;
    this.#counters = counters;
    this.#store = store;
    this.#clock = clock;
  }

  get powRequired(): boolean {
    return this.settings.powDifficulty > 0;
  }

  /**
   * Counts a request of `bucket` against its address, then its site; over either limit it is
   * refused with 429 and how long to wait. A refused address is not counted against the site.
   */
  async limit(bucket: Bucket, address: string, site: string): Promise<void> {
    const { perAddress, perSite } = this.settings.limits[bucket];
    const now = this.#clock.now().getTime();
    const checks: [string, number][] = [
      [`${bucket}:address:${address}`, perAddress],
      [`${bucket}:site:${site}`, perSite],
    ];
    for (const [key, limit] of checks) {
      if (!limit) continue;
      const hit = await this.#counters.hit(key, limit, this.settings.windowMs, now, 'take');
      if (!hit.allowed) throw tooMany(bucket, hit.retryAfterMs);
    }
  }

  /** Refuses lookups from an address that has given too many wrong access codes lately. */
  async lookupAllowed(address: string): Promise<void> {
    const limit = this.settings.failedCodesPerAddress;
    if (!limit) return;
    const hit = await this.#counters.hit(`code:address:${address}`, limit, this.settings.windowMs, this.#clock.now().getTime(), 'peek');
    if (!hit.allowed) throw tooMany('lookup', hit.retryAfterMs);
  }

  /** Counts a wrong access code (or unknown reference) against its address. */
  async lookupFailed(address: string): Promise<void> {
    const limit = this.settings.failedCodesPerAddress;
    if (limit) await this.#counters.hit(`code:address:${address}`, limit, this.settings.windowMs, this.#clock.now().getTime(), 'add');
  }

  /**
   * The difficulty for a new challenge: the base when all is quiet, rising to the maximum as the
   * address's or the site's recent filings approach their limits.
   */
  async difficulty(address: string, site: string): Promise<number> {
    const { powDifficulty: base, powMaxDifficulty: max, limits, windowMs } = this.settings;
    if (!base || max <= base) return base;
    const now = this.#clock.now().getTime();
    let load = 0;
    for (const [key, limit] of [[`filing:address:${address}`, limits.filing.perAddress], [`filing:site:${site}`, limits.filing.perSite]] as const) {
      if (limit) load = Math.max(load, (await this.#counters.hit(key, limit, windowMs, now, 'peek')).count / limit);
    }
    return base + Math.round(Math.min(1, load) * (max - base));
  }

  async challenge(address: string, site: string): Promise<Challenge> {
    const expiresAt = this.#clock.now().getTime() + this.settings.powTtlMs;
    return issueChallenge(await this.#key(), site, await this.difficulty(address, site), expiresAt);
  }

  /** Accepts a proof for `site` once; anything else is refused with 403 and why. */
  async requireProof(site: string, proof: string | undefined): Promise<void> {
    if (!this.powRequired) return;
    const now = this.#clock.now().getTime();
    const checked = checkProof(await this.#key(), site, proof, now);
    if (!checked.ok) throw new ServiceError(403, checked.problem, PROBLEMS[checked.problem]);
    if (!(await this.#counters.claim(`pow:${checked.id}`, checked.expiresAt - now, now))) {
      throw new ServiceError(403, 'proof_of_work_expired', PROBLEMS.proof_of_work_expired);
    }
  }

  #key(): Promise<string> {
    // created once and never changed, so kept in memory after the first read (not a failed one)
    this.#secret ??= this.#store.secret(POW_SECRET, randomSecret).catch((error: unknown) => {
      this.#secret = undefined;
      throw error;
    });
    return this.#secret;
  }

  close(): Promise<void> {
    return this.#counters.close();
  }
}

function tooMany(bucket: Bucket, retryAfterMs: number): ServiceError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (bucket === 'lookup') {
    return new ServiceError(429, 'too_many_lookups', 'too many lookups from this address just now; wait and try again', { details: { retryAfter } });
  }
  const what = bucket === 'filing' ? 'complaints' : 'photos';
  return new ServiceError(429, 'rate_limited', `too many ${what} from this address or to this site just now; wait and try again`, { details: { retryAfter } });
}
