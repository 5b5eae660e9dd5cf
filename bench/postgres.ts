/**
 * The filing benchmark on PostgreSQL: the same pipeline, the same bare baseline, the server
 * keeping everything in a schema of its own on the PostgreSQL at BENCH_DATABASE_URL (else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { benchFiling, type FilingFigures } from './filing.ts';

export type PostgresFilingFigures = FilingFigures | { skipped: string };

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function sql(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function benchPostgresFiling(options: { connections: number; seconds: number; rounds: number; progress(line: string): void }): Promise<PostgresFilingFigures> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_URL;
  const where = url.replace(/\/\/[^@/]*@/, '//');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  try {
    await sql(url, `CREATE SCHEMA ${schema}`);
  } catch (error) {
    const why = `PostgreSQL at ${where} is not reachable (${(error as Error).message || String((error as { code?: string }).code)})`;
    options.progress(`filing (postgresql): skipped, ${why}`);
    return { skipped: why };
  }
  try {
    const inSchema = new URL(url);
    inSchema.searchParams.set('options', `-c search_path=${schema}`);
    return await benchFiling({ ...options, databaseUrl: inSchema.toString() });
  } finally {
    await sql(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}
