import { z } from 'zod';

/** What a limit counts, per client address and per site, within one window. */
export type Bucket = 'filing' | 'upload' | 'lookup';

export interface Limit {
  /** requests from one address in a window; 0: no limit */
  perAddress: number;
  /** requests to one site, from everyone, in a window; 0: no limit */
  perSite: number;
}

export interface AbuseSettings {
  /** how many proxies in front of the server append to X-Forwarded-For; 0: the socket's address counts */
  trustProxy: number;
  /** the sliding window every limit is counted over */
  windowMs: number;
  limits: Record<Bucket, Limit>;
  /** wrong access codes (or reference) from one address in a window, after which its lookups wait; 0: no limit */
  failedCodesPerAddress: number;
  /** leading zero bits a filing's proof of work needs when all is quiet; 0: no proof of work */
  powDifficulty: number;
  /** the most it rises to under load */
  powMaxDifficulty: number;
  /** how long a challenge may be solved and used */
  powTtlMs: number;
  /** `redis://…`: limits and used challenges shared by several server processes */
  redisUrl: string | undefined;
}

const count = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000_000).default(fallback);
const blankIsUnset = (value: unknown) => (value === '' ? undefined : value);

/** The environment variables of the defences, with their defaults (README, "Abuse and security"). */
export const AbuseEnv = z.object({
  TRUST_PROXY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^(?:true|false|\d{1,2})$/, 'must be false, true (one proxy) or the number of proxies in front of the server')
      .default('false'),
  ),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  RATE_FILINGS_PER_IP: count(10),
  RATE_FILINGS_PER_SITE: count(300),
  RATE_UPLOADS_PER_IP: count(40),
  RATE_UPLOADS_PER_SITE: count(1200),
  RATE_LOOKUPS_PER_IP: count(300),
  RATE_LOOKUPS_PER_SITE: count(20_000),
  RATE_FAILED_CODES_PER_IP: count(10),
  POW_DIFFICULTY: z.coerce.number().int().min(0).max(30).default(16),
  POW_MAX_DIFFICULTY: z.coerce.number().int().min(0).max(30).default(22),
  REDIS_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^rediss?:\/\/[^/]/, 'must be a Redis URL such as redis://127.0.0.1:6379')
      .optional(),
  ),
});

/** Ten minutes to solve a challenge and send the complaint it goes with. */
const POW_TTL_MS = 10 * 60_000;

/** The settings from parsed environment variables. */
export function abuseSettings(env: z.output<typeof AbuseEnv>): AbuseSettings {
  const on = env.RATE_LIMITS === 'on';
  const limit = (perAddress: number, perSite: number): Limit => (on ? { perAddress, perSite } : { perAddress: 0, perSite: 0 });
  const proxies = env.TRUST_PROXY === 'true' ? 1 : env.TRUST_PROXY === 'false' ? 0 : Number(env.TRUST_PROXY);
  return {
    trustProxy: proxies,
    windowMs: env.RATE_WINDOW_SECONDS * 1000,
    limits: {
      filing: limit(env.RATE_FILINGS_PER_IP, env.RATE_FILINGS_PER_SITE),
      upload: limit(env.RATE_UPLOADS_PER_IP, env.RATE_UPLOADS_PER_SITE),
      lookup: limit(env.RATE_LOOKUPS_PER_IP, env.RATE_LOOKUPS_PER_SITE),
    },
    failedCodesPerAddress: on ? env.RATE_FAILED_CODES_PER_IP : 0,
    powDifficulty: env.POW_DIFFICULTY,
    powMaxDifficulty: Math.max(env.POW_DIFFICULTY, env.POW_MAX_DIFFICULTY),
    powTtlMs: POW_TTL_MS,
    redisUrl: env.REDIS_URL,
  };
}

/**
 * The settings in `env`; a wrong value throws with a sentence that names it. The server reads
 * them with the rest of its configuration; an app made without them reads the process's.
 */
export function readAbuseSettings(env: NodeJS.ProcessEnv = process.env): AbuseSettings {
  const parsed = AbuseEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return abuseSettings(parsed.data);
}

/** The settings with every limit and the proof of work off, changed by `overrides`. */
export function openSettings(overrides: Partial<AbuseSettings> = {}): AbuseSettings {
  return { ...readAbuseSettings({ RATE_LIMITS: 'off', POW_DIFFICULTY: '0' }), ...overrides };
}
