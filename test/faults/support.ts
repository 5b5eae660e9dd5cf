import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromRoot } from '../../api/paths.ts';
import { PostgresStore } from '../../api/store/postgres.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';
import type { Store } from '../../api/store/store.ts';
import { POSTGRES_URL, runSql } from '../support/postgres.ts';
import type { RunningServer } from '../support/server-process.ts';

export const SITE = 'demo-community';

/** Where a server keeps its record: a SQLite data directory, or a PostgreSQL schema of its own. */
export type Target = { kind: 'sqlite'; dataDir: string } | { kind: 'postgresql'; schema: string; url: string; applicationName: string };

/**
 * A schema of its own on the test PostgreSQL, and the DATABASE_URL a server takes to live in it:
 * the schema as the search path, and an application name that marks every connection the
 * server makes, so a test can cut exactly those.
 */
export async function postgresTarget(): Promise<Target & { kind: 'postgresql'; drop(): Promise<void> }> {
  const suffix = randomBytes(6).toString('hex');
  const schema = `t_${suffix}`;
  const applicationName = `faults_${suffix}`;
  await runSql(`CREATE SCHEMA ${schema}`);
  const parsed = new URL(POSTGRES_URL);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  parsed.searchParams.set('application_name', applicationName);
  return {
    kind: 'postgresql',
    schema,
    url: parsed.toString(),
    applicationName,
    drop: () => runSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

/** The environment that points a server, or `npm run admin`, at a target. */
export function targetEnv(target: Target): Record<string, string> {
  return target.kind === 'sqlite' ? { DATA_DIR: target.dataDir, DATABASE_URL: '' } : { DATABASE_URL: target.url };
}

/** Opens the target's store from this process (the server should be stopped, or only read). */
export async function openTarget(target: Target): Promise<Store> {
  if (target.kind === 'sqlite') return new SqliteStore(join(target.dataDir, 'complaints.sqlite'));
  return new PostgresStore(POSTGRES_URL, { schema: target.schema, poolSize: 2 });
}

/** `npm run admin -- verify` on the target: its exit code and what it printed. */
export async function adminVerify(target: Target): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', fromRoot('api', 'cli.ts'), 'verify'],
      { env: { ...process.env, ...targetEnv(target), SEED_DEMO: 'false' }, timeout: 120_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? failed.message}` };
  }
}

/** Runs an admin command with `npm run admin`'s entry point; answers its last line of output. */
export async function admin(target: Target, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--disable-warning=ExperimentalWarning', fromRoot('api', 'cli.ts'), ...args], {
    env: { ...process.env, ...targetEnv(target) },
    timeout: 60_000,
  });
  return stdout.trimEnd().split('\n').at(-1)!;
}

/** One complaint a client means to file, with the key it retries it under, and what it was answered. */
export interface Filing {
  key: string;
  /** the complainant's own address: their receipt is told apart by it */
  email: string;
  body: Record<string, unknown>;
  answer?: { reference: string; accessCode: string };
  /** requests sent for it, and how many failed for the server's reasons (5xx, no answer) */
  attempts: number;
  failures: number;
}

/** `count` filings for the community office, each carrying `mark` and its key in its description. */
export function filings(mark: string, count: number): Filing[] {
  return Array.from({ length: count }, (_, i) => {
    const key = `${mark}-${String(i).padStart(5, '0')}`;
    const email = `${key}@example.cn`;
    return {
      key,
      email,
      attempts: 0,
      failures: 0,
      body: {
        category: 'facilities',
        description: `3号楼2单元楼道灯坏了一周,晚上很黑。[${key}]`,
        place: { unit: '3-2', room: String(100 + (i % 900)) },
        complainant: { name: '王芳', email, preferredContact: 'email' },
        language: 'zh-Hans',
      },
    };
  });
}

export interface FilingRun {
  /** how many filings have their answer so far */
  readonly acknowledged: number;
  /** the status codes of the answers that were not 201, and the network errors, as they came */
  readonly failures: string[];
  /** resolves when every filing is acknowledged; rejects on an answer no retry would change, or at the deadline */
  readonly done: Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Clients filing concurrently, as residents' browsers do: each complaint under its own
 * Idempotency-Key, sent again with the same key after a network error or a 5xx (the server
 * may have stored it before the answer was lost) until it is answered 201. `url()` is asked
 * before every attempt, so a server that comes back elsewhere is found.
 */
export function fileConcurrently(options: { url: () => string; filings: Filing[]; concurrency: number; deadlineMs: number; requestTimeoutMs?: number }): FilingRun {
  const { filings: all, concurrency } = options;
  const deadline = Date.now() + options.deadlineMs;
  const failures: string[] = [];
  let acknowledged = 0;
  let next = 0;

  const fileOne = async (filing: Filing) => {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`filing ${filing.key} not acknowledged within ${options.deadlineMs} ms (${filing.attempts} attempts)`);
      filing.attempts += 1;
      let response: Response;
      try {
        response = await fetch(`${options.url()}/api/v1/sites/${SITE}/complaints`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': filing.key },
          body: JSON.stringify(filing.body),
          signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
        });
      } catch (error) {
        filing.failures += 1;
        failures.push(`network: ${(error as Error).cause ? String(((error as Error).cause as Error).message) : (error as Error).message}`);
        await pause(100 + Math.random() * 200);
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.status === 201) {
        const answer = JSON.parse(text) as { reference: string; accessCode: string };
        if (filing.answer && filing.answer.reference !== answer.reference) {
          throw new Error(`filing ${filing.key} was answered with two references: ${filing.answer.reference}, ${answer.reference}`);
        }
        filing.answer = { reference: answer.reference, accessCode: answer.accessCode };
        acknowledged += 1;
        return;
      }
      if (response.status >= 500) {
        filing.failures += 1;
        failures.push(`${response.status}`);
        await pause(100 + Math.random() * 200);
        continue;
      }
      throw new Error(`filing ${filing.key} was refused with ${response.status}: ${text}`);
    }
  };

  const worker = async () => {
    while (next < all.length) await fileOne(all[next++]!);
  };
  const done = Promise.all(Array.from({ length: Math.min(concurrency, all.length) }, worker)).then(() => undefined);
  return {
    get acknowledged() {
      return acknowledged;
    },
    failures,
    done,
  };
}

/** Resolves when `condition` holds, polling; rejects with `what` after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await pause(everyMs);
  }
}

/** Kills the server at once (SIGKILL: no shutdown, no flush) and waits until it is gone. */
export async function killHard(server: RunningServer): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGKILL');
  await exited;
}

/** The server's resident set size in KiB, from /proc/<pid>/status. */
export function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line.replace(/\D+/g, ''));
}

/**
 * What the record holds for a run: each complaint whose description carries `[mark-…]`,
 * counted by its key, read from the events (the record) and the read model.
 */
export async function filedByKey(store: Store, mark: string): Promise<Map<string, { count: number; references: string[] }>> {
  const byKey = new Map<string, { count: number; references: string[] }>();
  const pattern = new RegExp(`\\[(${mark}-\\d+)\\]`);
  for await (const chain of store.eachEventChain()) {
    const first = chain[0];
    if (!first) continue;
    const description = (first.data as { description?: unknown }).description;
    const key = typeof description === 'string' ? pattern.exec(description)?.[1] : undefined;
    if (!key) continue;
    const state = await store.getComplaint(first.complaintId);
    const entry = byKey.get(key) ?? { count: 0, references: [] };
    entry.count += 1;
    entry.references.push(state?.reference ?? '(not in the read model)');
    byKey.set(key, entry);
  }
  return byKey;
}
