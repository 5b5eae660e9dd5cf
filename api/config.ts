import { resolve } from 'node:path';
import { z } from 'zod';
import { AbuseEnv, type AbuseSettings, abuseSettings } from './abuse/settings.ts';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** `info` logs every request, `error` only failures, `silent` nothing (benchmarks) */
  LOG_LEVEL: z.enum(['info', 'error', 'silent']).default('info'),
  // Set but empty counts as not set, as a blank line in an env file means.
  DATABASE_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^postgres(?:ql)?:\/\//, 'must be a PostgreSQL URL starting with postgres:// or postgresql://')
      .optional(),
  ),
  SMTP_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().regex(/^smtps?:\/\/[^/]/, 'must be an SMTP URL such as smtp://127.0.0.1:2525 or smtps://user:password@mail.example.org').optional(),
  ),
  MAIL_FROM: z.preprocess((value) => (value === '' ? undefined : value), z.email('must be an email address such as complaints@example.org').optional()),
  PUBLIC_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL such as https://complaints.example.org' }).optional(),
  ),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  NOTIFY_THROTTLE_MINUTES: z.coerce.number().min(0).max(1440).default(10),
  /** the wait after a message's first failed attempt; it doubles with each further one, up to an hour */
  NOTIFY_RETRY_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  /** how long a message one server process took up is its alone; a process that stopped without finishing loses it then */
  NOTIFY_LEASE_SECONDS: z.coerce.number().min(5).max(3600).default(120),
}).extend(AbuseEnv.shape);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** the PostgreSQL server to keep everything in; without it, a SQLite file in `dataDir` */
  databaseUrl: string | undefined;
  seedDemo: boolean;
  logLevel: 'info' | 'error' | 'silent';
  /** where email goes out; without it no email is sent (messages wait in the outbox) */
  smtpUrl: string | undefined;
  /** the sender address of every email */
  mailFrom: string | undefined;
  /** the server's address as people reach it, for the links in messages */
  publicUrl: string;
  /** attempts before a message is given up on (dead) */
  notifyMaxAttempts: number;
  /** at most one message of a kind per recipient per complaint within this time */
  notifyThrottleMs: number;
  /** the wait after a first failed delivery, doubling after each further one */
  notifyRetryMs: number;
  /** how long a process holds a message it took up before another may take it over */
  notifyLeaseMs: number;
  /** rate limits, proof of work, trusted proxies, Redis */
  abuse: AbuseSettings;
}

export class ConfigError extends Error {}

/** Reads the environment once; a wrong value stops the start with a sentence that names it. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.MAIL_FROM) throw new ConfigError('invalid configuration: MAIL_FROM: set the sender address of the emails when SMTP_URL is set');
  const listening = `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    seedDemo: e.SEED_DEMO === 'true',
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? listening).replace(/\/+$/, ''),
    notifyMaxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    notifyThrottleMs: Math.round(e.NOTIFY_THROTTLE_MINUTES * 60_000),
    notifyRetryMs: Math.round(e.NOTIFY_RETRY_SECONDS * 1000),
    notifyLeaseMs: Math.round(e.NOTIFY_LEASE_SECONDS * 1000),
    abuse: abuseSettings(e),
  };
}
