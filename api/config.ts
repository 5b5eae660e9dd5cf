import { resolve } from 'node:path';
import { z } from 'zod';

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
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** the PostgreSQL server to keep everything in; without it, a SQLite file in `dataDir` */
  databaseUrl: string | undefined;
  seedDemo: boolean;
  logLevel: 'info' | 'error' | 'silent';
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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    seedDemo: e.SEED_DEMO === 'true',
    logLevel: e.LOG_LEVEL,
  };
}
