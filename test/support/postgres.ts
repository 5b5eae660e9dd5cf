import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from '../../api/store/postgres.ts';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const where = POSTGRES_URL.replace(/\/\/[^@/]*@/, '//'); // never print a password

/** Runs SQL on a connection of its own, in the given schema, and closes it. */
export async function runSql(sql: string, schema?: string): Promise<void> {
  const client = new pg.Client({
    connectionString: POSTGRES_URL,
    connectionTimeoutMillis: 2000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Whether the PostgreSQL tests can run here. In CI (CI=true) an unreachable server fails the
 * run; elsewhere the PostgreSQL tests are skipped with one line saying why.
 */
export async function postgresReachable(suite: string): Promise<boolean> {
  const unreachable = await runSql('SELECT 1').then(
    () => null,
    // a host with several addresses fails with an AggregateError whose message is empty
    (error: Error & { code?: string }) => error.message || error.code || String(error),
  );
  if (!unreachable) return true;
  const how =
    'start PostgreSQL there (pg_ctlcluster <version> main start), or set DATABASE_URL to one that runs';
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL at ${where} is not reachable (${unreachable}); CI must run the ${suite}: ${how}`);
  }
  process.stderr.write(`skipping the ${suite}: PostgreSQL at ${where} is not reachable (${unreachable}); ${how}\n`);
  return false;
}

/** A store in a fresh schema of its own, dropped again by `drop()`. */
export function schemaStore(): { store: PostgresStore; schema: string; drop(): Promise<void> } {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = new PostgresStore(POSTGRES_URL, { schema, poolSize: 8 });
  return {
    store,
    schema,
    drop: async () => {
      await store.close();
      await runSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}
