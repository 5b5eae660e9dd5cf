/**
 * Faults on purpose: a data directory that cannot be written, a disk that fills up, the mail
 * server gone for a while (SMTP_OUTAGE_SECONDS; 20 here, `npm run soak` takes it away for ten
 * minutes), PostgreSQL cutting the server's connections under load.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import pg from 'pg';
import { POSTGRES_URL, postgresReachable } from '../support/postgres.ts';
import { type RunningServer, startServer } from '../support/server-process.ts';
import { startSmtp } from '../support/smtp.ts';
import { limitFileSize, mountTmpfs } from './disk.ts';
import { SITE, type Target, adminVerify, fileConcurrently, filedByKey, filings as makeFilings, openTarget, postgresTarget, targetEnv, until } from './support.ts';

const OUTAGE_SECONDS = Number(process.env.SMTP_OUTAGE_SECONDS ?? 20);
/** where mounting is allowed, the fallbacks can still be run with this set */
const MOUNT = process.env.FAULTS_WITHOUT_MOUNT !== 'true';
const pgReachable = await postgresReachable('PostgreSQL fault tests');

const OPEN = { RATE_LIMITS: 'off', POW_DIFFICULTY: '0', POW_MAX_DIFFICULTY: '0' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the server where it must not start: its exit code and what it wrote, or a failure if it listens. */
function startRefused(env: Record<string, string>, asUser?: number): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', fromRoot('api', 'server.ts')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asUser === undefined ? {} : { uid: asUser, gid: asUser }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server neither started nor stopped within 30 s\n${stdout}${stderr}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (stdout.includes('"listening"')) reject(new Error(`the server started on a read-only data directory\n${stdout}`));
      else resolve({ code, stderr, stdout });
    });
  });
}

/** SHA-256 of each file of a SQLite database (the file, its write-ahead log), to tell it was not touched. */
function fingerprint(dataDir: string): Record<string, string> {
  const prints: Record<string, string> = {};
  for (const name of ['complaints.sqlite', 'complaints.sqlite-wal']) {
    try {
      prints[name] = createHash('sha256').update(readFileSync(join(dataDir, name))).digest('hex');
    } catch {
      prints[name] = 'absent';
    }
  }
  return prints;
}

/** SQLite's own check of the file: every page, index and constraint. */
function integrity(dataDir: string): string {
  const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'), { readOnly: true });
  try {
    return (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** One filing, answered as it is: status, JSON body, Retry-After. */
async function fileOnce(server: RunningServer, key: string, body: unknown) {
  const response = await fetch(`${server.url}/api/v1/sites/${SITE}/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json: json as { reference?: string; accessCode?: string; error?: { code: string; message: string } } | undefined, text, retryAfter: response.headers.get('retry-after') };
}

/** Files and reads against the server: everything a resident does. */
async function readBack(server: RunningServer, reference: string, accessCode: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/sites/${SITE}/complaints/${reference}`, { headers: { 'X-Access-Code': accessCode }, signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  return response.status;
}

describe('a data directory the server cannot write', () => {
  it('stops the start with one line naming the directory, exit code 1, and leaves the database as it was', async () => {
    const disk = MOUNT ? mountTmpfs(64 * 2 ** 20) : 'FAULTS_WITHOUT_MOUNT=true';
    const dataDir = typeof disk === 'string' ? mkdtempSync(join(tmpdir(), 'complaints-readonly-')) : disk.dir;
    cleanups.push(() => (typeof disk === 'string' ? rmSync(dataDir, { recursive: true, force: true }) : disk.unmount()));
    const target: Target = { kind: 'sqlite', dataDir };
    const env = { ...targetEnv(target), ...OPEN, LOG_LEVEL: 'error' };

    // a working server files a few complaints, and stops
    const server = await startServer(env);
    const filed = await Promise.all([1, 2, 3].map((n) => fileOnce(server, `readonly-before-${n}`, makeFilings('readonly', 3)[n - 1]!.body)));
    expect(filed.map((f) => f.status)).toEqual([201, 201, 201]);
    await server.stop();
    const before = fingerprint(dataDir);

    // read-only: a tmpfs remounted so, or (where this process may not mount) a folder without
    // write permission, which root ignores: then the server runs as nobody
    let asUser: number | undefined;
    if (typeof disk === 'string') {
      process.stderr.write(`read-only data directory: no tmpfs (${disk}); using a folder without write permission\n`);
      chmodSync(dataDir, 0o555);
      cleanups.push(() => chmodSync(dataDir, 0o700));
      if (process.getuid?.() === 0) asUser = 65534;
    } else {
      disk.readOnly();
      cleanups.push(() => disk.writable());
    }

    const refused = await startRefused(env, asUser);
    expect(refused.code).not.toBe(0);
    expect(refused.code).not.toBeNull();
    const message = refused.stderr.trim();
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^cannot start: DATA_DIR .+ is not a writable folder/);
    expect(message).toContain(dataDir);

    // nothing was touched: the same bytes, a sound file, a whole record
    expect(fingerprint(dataDir)).toEqual(before);
    if (typeof disk === 'string') chmodSync(dataDir, 0o700);
    else disk.writable();
    expect(integrity(dataDir)).toBe('ok');
    const verified = await adminVerify(target);
    expect(verified.code).toBe(0);
    expect(verified.output).toMatch(/verified 3 complaints/);
  }, 120_000);
});

describe('a disk that fills up', () => {
  it('answers a filing 503 with a JSON error while it is full, keeps serving reads, and files again once there is room', async () => {
    const disk = MOUNT ? mountTmpfs(32 * 2 ** 20) : 'FAULTS_WITHOUT_MOUNT=true';
    const dataDir = typeof disk === 'string' ? mkdtempSync(join(tmpdir(), 'complaints-full-')) : disk.dir;
    cleanups.push(() => (typeof disk === 'string' ? rmSync(dataDir, { recursive: true, force: true }) : disk.unmount()));
    const target: Target = { kind: 'sqlite', dataDir };
    const server = await startServer({ ...targetEnv(target), ...OPEN, LOG_LEVEL: 'error' });
    cleanups.push(() => server.stop());
    const all = makeFilings(`full-${Date.now().toString(36)}`, 3000);
    let next = 0;
    const acknowledged = new Map<string, { reference: string; accessCode: string }>();

    for (; next < 5; next += 1) {
      const answer = await fileOnce(server, all[next]!.key, all[next]!.body);
      expect(answer.status).toBe(201);
      acknowledged.set(all[next]!.key, { reference: answer.json!.reference!, accessCode: answer.json!.accessCode! });
    }

    // the disk fills: what the database may still write without growing, it writes; then no more
    if (typeof disk === 'string') {
      process.stderr.write(`full disk: no tmpfs (${disk}); limiting the server's file size with prlimit instead\n`);
      const largest = Math.max(...['complaints.sqlite', 'complaints.sqlite-wal'].map((name) => statSync(join(dataDir, name)).size));
      limitFileSize(server.process.pid!, largest);
    } else {
      expect(disk.fill()).toBeGreaterThan(0);
    }
    let refusal: Awaited<ReturnType<typeof fileOnce>> | undefined;
    const refusedKeys: string[] = [];
    let fitted = 0;
    while (!refusal && next < all.length) {
      const filing = all[next++]!;
      const answer = await fileOnce(server, filing.key, filing.body);
      if (answer.status === 201) {
        acknowledged.set(filing.key, { reference: answer.json!.reference!, accessCode: answer.json!.accessCode! });
        fitted += 1;
      } else {
        refusal = answer;
        refusedKeys.push(filing.key);
      }
    }
    expect(refusal, 'no filing was refused before the disk-sized supply of filings ran out').toBeDefined();
    expect(refusal!.status).toBe(503);
    expect(refusal!.json?.error?.code).toBe('storage_unavailable');
    expect(refusal!.retryAfter).toMatch(/^\d+$/);
    // still full: every filing is refused the same way, none hangs
    for (let n = 0; n < 3; n += 1) {
      const filing = all[next++]!;
      const answer = await fileOnce(server, filing.key, filing.body);
      expect(answer.status).toBe(503);
      expect(answer.json?.error?.code).toBe('storage_unavailable');
      refusedKeys.push(filing.key);
    }

    // reads go on: the site, the tracker, health; the background work that writes does not bring it down
    await pause(1000);
    expect(server.process.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/sites/${SITE}`)).status).toBe(200);
    for (const { reference, accessCode } of [...acknowledged.values()].slice(0, 5)) expect(await readBack(server, reference, accessCode)).toBe(200);

    // room again: the refused filings go through with their keys, and new ones too
    if (typeof disk === 'string') limitFileSize(server.process.pid!, 'unlimited');
    else disk.free();
    for (const key of refusedKeys) {
      const filing = all.find((f) => f.key === key)!;
      const answer = await fileOnce(server, key, filing.body);
      expect(answer.status).toBe(201);
      acknowledged.set(key, { reference: answer.json!.reference!, accessCode: answer.json!.accessCode! });
    }
    for (let n = 0; n < 5; n += 1) {
      const filing = all[next++]!;
      const answer = await fileOnce(server, filing.key, filing.body);
      expect(answer.status).toBe(201);
      acknowledged.set(filing.key, { reference: answer.json!.reference!, accessCode: answer.json!.accessCode! });
    }
    await server.stop();

    expect(integrity(dataDir)).toBe('ok');
    const verified = await adminVerify(target);
    expect(verified.output).toMatch(/every chain is whole/);
    expect(verified.code).toBe(0);
    const store = await openTarget(target);
    try {
      const mark = all[0]!.key.replace(/-\d+$/, '');
      const byKey = await filedByKey(store, mark);
      expect(byKey.size).toBe(acknowledged.size);
      for (const [key, { reference }] of acknowledged) expect(byKey.get(key)).toEqual({ count: 1, references: [reference] });
    } finally {
      await store.close();
    }
    process.stderr.write(`full disk: ${fitted} filings fitted after the disk filled, then 503 (${refusedKeys.length} refused) until there was room\n`);
  }, 180_000);
});

describe('the mail server gone for a while', () => {
  it(`delivers every receipt once it is back after ${OUTAGE_SECONDS} s, none twice`, async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'complaints-smtp-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const target: Target = { kind: 'sqlite', dataDir };
    const server = await startServer({
      ...targetEnv(target),
      ...OPEN,
      LOG_LEVEL: 'error',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'complaints@example.org',
      // the backoff starts short, so the wait after the server is back stays short too; and
      // enough attempts that no message is given up on in the outage
      NOTIFY_RETRY_SECONDS: '0.5',
      NOTIFY_MAX_ATTEMPTS: '40',
    });
    cleanups.push(() => server.stop());
    const all = makeFilings(`smtp-${Date.now().toString(36)}`, 13);
    const file = async (from: number, to: number) => {
      const run = fileConcurrently({ url: () => server.url, filings: all.slice(from, to), concurrency: 4, deadlineMs: 60_000 });
      await run.done;
      expect(run.failures).toEqual([]);
    };
    const receiptsTo = (addresses: string[]) => smtp.received.filter((mail) => mail.envelopeTo.some((to) => addresses.includes(to)));

    // it works: three receipts go out at once
    await file(0, 3);
    await smtp.waitFor(3, 30_000);

    // gone: filings are taken in all along, their receipts wait
    await smtp.stop();
    const outage = Date.now();
    await file(3, 8);
    await pause((OUTAGE_SECONDS * 1000) / 2);
    await file(8, 13);
    const waiting = all.slice(3).map((f) => f.email);
    await until(() => Date.now() - outage >= OUTAGE_SECONDS * 1000, 'the outage', OUTAGE_SECONDS * 1000 + 1000, 200);
    expect(receiptsTo(waiting)).toEqual([]);
    // the dispatcher kept trying, and kept failing, and gave up on none
    const during = await openTarget(target);
    try {
      const pending = (await during.outboxMessages({ siteKey: SITE })).filter((m) => m.kind === 'receipt' && m.recipient.kind === 'complainant' && waiting.includes((m.recipient as { address?: string }).address ?? ''));
      expect(pending).toHaveLength(10);
      expect(pending.every((m) => m.status === 'pending')).toBe(true);
      expect(Math.max(...pending.map((m) => m.attempts))).toBeGreaterThanOrEqual(2);
      expect(pending.find((m) => m.attempts > 0)!.lastError).toMatch(/email/);
    } finally {
      await during.close();
    }

    // back, on the same port: every receipt arrives, each once
    await smtp.start();
    await until(() => new Set(receiptsTo(waiting).map((m) => m.id)).size === 10, 'the ten waiting receipts', OUTAGE_SECONDS * 1500 + 30_000, 200);
    const back = Date.now();
    await pause(3000);
    const ids = smtp.received.map((mail) => mail.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const filing of all) expect(receiptsTo([filing.email])).toHaveLength(1);
    await server.stop();

    const store = await openTarget(target);
    try {
      const receipts = (await store.outboxMessages({ siteKey: SITE })).filter((m) => m.kind === 'receipt');
      expect(receipts).toHaveLength(13);
      expect(receipts.every((m) => m.status === 'sent')).toBe(true);
      for (const receipt of receipts) expect(ids.filter((id) => id === receipt.id)).toHaveLength(1);
    } finally {
      await store.close();
    }
    process.stderr.write(`SMTP outage of ${OUTAGE_SECONDS} s: the last waiting receipt arrived ${((back - outage) / 1000 - OUTAGE_SECONDS).toFixed(1)} s after the server was back\n`);
  }, OUTAGE_SECONDS * 3000 + 120_000);
});

describe.skipIf(!pgReachable)('PostgreSQL cutting the server’s connections under load', () => {
  it('fails requests cleanly with a 503 JSON error, never hangs or crashes, and recovers afterwards', async () => {
    const target = await postgresTarget();
    cleanups.push(() => target.drop());
    const server = await startServer({ ...targetEnv(target), ...OPEN, LOG_LEVEL: 'error' });
    cleanups.push(() => server.stop());

    // a few complaints to read back
    const seed = makeFilings(`pg-seed-${Date.now().toString(36)}`, 5);
    await fileConcurrently({ url: () => server.url, filings: seed, concurrency: 5, deadlineMs: 60_000 }).done;

    type Outcome = { at: number; ms: number; kind: 'file' | 'read'; status: number | 'network'; code?: string };
    const outcomes: Outcome[] = [];
    const all = makeFilings(`pg-load-${Date.now().toString(36)}`, 5000);
    const acknowledged = new Map<string, string>();
    const attempted = new Set<string>();
    let next = 0;
    let stop = false;
    const filer = async () => {
      let filing = all[next++]!;
      while (!stop) {
        const at = Date.now();
        attempted.add(filing.key);
        try {
          const answer = await fileOnce(server, filing.key, filing.body);
          outcomes.push({ at, ms: Date.now() - at, kind: 'file', status: answer.status, code: answer.json?.error?.code ?? (answer.json ? undefined : 'not json') });
          if (answer.status === 201) {
            acknowledged.set(filing.key, answer.json!.reference!);
            filing = all[next++]!;
          }
        } catch {
          outcomes.push({ at, ms: Date.now() - at, kind: 'file', status: 'network' });
        }
        await pause(10);
      }
      // as a client would: a filing that was sent and not acknowledged is sent again until it is
      if (attempted.has(filing.key) && !acknowledged.has(filing.key)) {
        await fileConcurrently({ url: () => server.url, filings: [filing], concurrency: 1, deadlineMs: 60_000 }).done;
        acknowledged.set(filing.key, filing.answer!.reference);
      }
    };
    const reader = async (n: number) => {
      const { reference, accessCode } = seed[n % seed.length]!.answer!;
      while (!stop) {
        const at = Date.now();
        try {
          const response = await fetch(`${server.url}/api/v1/sites/${SITE}/complaints/${reference}`, { headers: { 'X-Access-Code': accessCode }, signal: AbortSignal.timeout(30_000) });
          const body = (await response.json().catch(() => undefined)) as { error?: { code: string } } | undefined;
          outcomes.push({ at, ms: Date.now() - at, kind: 'read', status: response.status, code: body?.error?.code ?? (body ? undefined : 'not json') });
        } catch {
          outcomes.push({ at, ms: Date.now() - at, kind: 'read', status: 'network' });
        }
        await pause(10);
      }
    };
    const workers = [...Array.from({ length: 4 }, filer), ...Array.from({ length: 4 }, (_, n) => reader(n))];

    await pause(3000);
    // the cut: every connection of this server's, as they come, for four seconds
    const cutFrom = Date.now();
    let terminated = 0;
    // from a connection of the test's own, which the cut spares
    const cutter = new pg.Client({ connectionString: POSTGRES_URL });
    await cutter.connect();
    try {
      while (Date.now() - cutFrom < 4000) {
        const result = await cutter.query('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1', [target.applicationName]);
        terminated += Number((result.rows[0] as { n: string }).n);
        await pause(150);
      }
    } finally {
      await cutter.end();
    }
    const cutTo = Date.now();
    // afterwards: back to normal within seconds, and normal it stays
    await until(
      () => outcomes.some((o) => o.at > cutTo && o.kind === 'file' && o.status === 201) && outcomes.some((o) => o.at > cutTo && o.kind === 'read' && o.status === 200),
      'a filing and a read succeeding after the cut',
      30_000,
      100,
    );
    const recovered = Date.now();
    await pause(3000);
    const steadyFrom = Date.now();
    await pause(3000);
    stop = true;
    await Promise.all(workers);

    expect(terminated).toBeGreaterThan(0);
    expect(server.process.exitCode).toBeNull();
    // no request went unanswered, none took long, and every failure was a JSON 503
    expect(outcomes.filter((o) => o.status === 'network')).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(15_000);
    const failed = outcomes.filter((o) => o.status !== 200 && o.status !== 201);
    expect(failed.length).toBeGreaterThan(0);
    for (const o of failed) expect({ status: o.status, code: o.code }).toEqual({ status: 503, code: 'storage_unavailable' });
    // failures only while the connections were being cut, or moments after
    expect(failed.every((o) => o.at + o.ms >= cutFrom && o.at <= cutTo + 2000)).toBe(true);
    const steady = outcomes.filter((o) => o.at >= steadyFrom);
    expect(steady.length).toBeGreaterThan(10);
    expect(steady.every((o) => o.status === 200 || o.status === 201)).toBe(true);
    await server.stop();

    const verified = await adminVerify(target);
    expect(verified.output).toMatch(/every chain is whole/);
    expect(verified.code).toBe(0);
    const store = await openTarget(target);
    try {
      const mark = all[0]!.key.replace(/-\d+$/, '');
      const byKey = await filedByKey(store, mark);
      expect(byKey.size).toBe(acknowledged.size);
      for (const [key, reference] of acknowledged) expect(byKey.get(key)).toEqual({ count: 1, references: [reference] });
    } finally {
      await store.close();
    }
    process.stderr.write(
      `PostgreSQL cut: ${terminated} connections terminated over ${((cutTo - cutFrom) / 1000).toFixed(1)} s; ${failed.length} of ${outcomes.length} requests answered 503; ` +
        `back to normal ${((recovered - cutTo) / 1000).toFixed(1)} s after the cut\n`,
    );
  }, 180_000);
});
