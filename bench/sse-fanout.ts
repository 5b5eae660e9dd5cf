/**
 * Live updates to many screens: 1,000 server-sent-event clients on one server process, all on one
 * site's staff stream (each checked against what its member may see, as in the portal), and a
 * number of complaints filed one after another over HTTP. For each filing, the time from the
 * filing's answer reaching the filer — the change is stored and announced — to the LAST client
 * receiving it; and, for comparison, from the change's own `at` (stamped when the filing is
 * decided, before it is written and synced to disk) to the last client. Run alone with
 * `node --disable-warning=ExperimentalWarning bench/sse-fanout.ts`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../api/paths.ts';
import { StaffAuth } from '../api/service/staff-auth.ts';
import { systemClock } from '../api/service/complaints.ts';
import { SqliteStore } from '../api/store/sqlite.ts';
import { FILING_BODY } from './filing.ts';
import { type Running, startProcess } from './processes.ts';

/** the last of 1,000 clients must have a change within this, at the 99th percentile */
export const FANOUT_TARGET_P99_MS = 250;

export interface SseFanoutFigures {
  clients: number;
  clientProcesses: number;
  changes: number;
  /** from the filing's answer reaching the filer to the last client receiving the change */
  answerToLast: { p50Ms: number; p99Ms: number; maxMs: number };
  /** from the change's `at` (decided, not yet stored) to the last client */
  atToLast: { p50Ms: number; p99Ms: number };
  /** from the first client receiving a change to the last */
  firstToLast: { p50Ms: number; p99Ms: number };
  targetP99Ms: number;
  /** answerToLast.p99Ms ÷ target: below 1 is within the target */
  ratio: number;
  seconds: number;
}

interface Delivered {
  type: 'delivered';
  complaintId: string;
  /** the change's `at` */
  changedAt: string;
  first: number;
  last: number;
}

/** what a client process tells: its streams are open (or could not be), one ended, a change reached all of them */
type ClientReport = { type: 'connected'; clients: number } | { type: 'failed'; error: string } | { type: 'ended' } | Delivered;

const now = () => performance.timeOrigin + performance.now();
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)]!;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

export async function benchSseFanout(options: {
  clients: number;
  changes: number;
  /** pause between one change reaching everyone and the next filing */
  spacingMs?: number;
  clientProcesses?: number;
  progress(line: string): void;
}): Promise<SseFanoutFigures> {
  const { clients, changes, progress } = options;
  const spacingMs = options.spacingMs ?? 100;
  const processes = options.clientProcesses ?? 2;
  const started = now();
  const dataDir = mkdtempSync(join(tmpdir(), 'complaints-sse-bench-'));
  let server: Running | undefined;
  const children: ChildProcess[] = [];
  try {
    server = await startProcess(fromRoot('api', 'server.ts'), {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // one address files every complaint here: the public intake's defences would refuse most
      RATE_LIMITS: 'off',
      POW_DIFFICULTY: '0',
      POW_MAX_DIFFICULTY: '0',
    });
    const token = await staffToken(join(dataDir, 'complaints.sqlite'));
    const site = 'demo-community';
    const streamUrl = `${server.url}/api/v1/staff/sites/${site}/live`;

    progress(`sse fan-out: opening ${clients} streams on one site from ${processes} client processes`);
    const delivered = new Map<string, Delivered[]>();
    let waiting: (() => void) | undefined;
    const share = (i: number) => Math.floor(clients / processes) + (i < clients % processes ? 1 : 0);
    await Promise.all(
      Array.from({ length: processes }, (_, i) => {
        const child = fork(fromRoot('bench', 'sse-clients.ts'), [], { execArgv: ['--disable-warning=ExperimentalWarning'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        return new Promise<void>((resolve, reject) => {
          child.on('message', (message: ClientReport) => {
            if (message.type === 'connected') resolve();
            else if (message.type === 'failed') reject(new Error(`a client process could not open its streams: ${message.error}`));
            else if (message.type === 'ended') reject(new Error('the server ended a stream during the run'));
            else if (message.type === 'delivered') {
              const list = delivered.get(message.complaintId) ?? [];
              list.push(message);
              delivered.set(message.complaintId, list);
              waiting?.();
            }
          });
          child.once('exit', (code) => reject(new Error(`a client process exited with ${code}`)));
          child.send({ url: streamUrl, token, clients: share(i) });
        });
      }),
    );

    progress(`sse fan-out: ${clients} streams open; filing ${changes} complaints, each after the last reached every client`);
    const answerToLast: number[] = [];
    const atToLast: number[] = [];
    const firstToLast: number[] = [];
    for (let n = 0; n < changes; n += 1) {
      const response = await fetch(`${server.url}/api/v1/sites/${site}/complaints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(FILING_BODY),
      });
      const answered = now();
      if (response.status !== 201) throw new Error(`filing answered ${response.status}: ${await response.text()}`);
      const { reference } = (await response.json()) as { reference: string };
      const complaintId = await idOf(server.url, token, site, reference);
      const deadline = now() + 10_000;
      while ((delivered.get(complaintId)?.length ?? 0) < processes) {
        if (now() > deadline) throw new Error(`change ${n + 1} did not reach every client within 10 s`);
        await new Promise<void>((resolve) => {
          waiting = resolve;
          setTimeout(resolve, 50);
        });
      }
      const reports = delivered.get(complaintId)!;
      const last = Math.max(...reports.map((r) => r.last));
      const first = Math.min(...reports.map((r) => r.first));
      answerToLast.push(last - answered);
      atToLast.push(last - Date.parse(reports[0]!.changedAt));
      firstToLast.push(last - first);
      await new Promise((resolve) => setTimeout(resolve, spacingMs));
    }
    const p99 = percentile(answerToLast, 99);
    return {
      clients,
      clientProcesses: processes,
      changes,
      answerToLast: { p50Ms: round(percentile(answerToLast, 50)), p99Ms: round(p99), maxMs: round(Math.max(...answerToLast)) },
      atToLast: { p50Ms: round(percentile(atToLast, 50)), p99Ms: round(percentile(atToLast, 99)) },
      firstToLast: { p50Ms: round(percentile(firstToLast, 50)), p99Ms: round(percentile(firstToLast, 99)) },
      targetP99Ms: FANOUT_TARGET_P99_MS,
      ratio: Math.round((p99 / FANOUT_TARGET_P99_MS) * 1000) / 1000,
      seconds: Math.round((now() - started) / 100) / 10,
    };
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' });
    }
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A front-desk member of the demo community with a personal API token, written straight into the server's SQLite file. */
async function staffToken(file: string): Promise<string> {
  const store = new SqliteStore(file);
  try {
    const auth = new StaffAuth(store, systemClock);
    const user = await auth.createUser({
      email: 'bench-desk@example.cn',
      name: 'bench desk',
      password: 'correct horse battery staple',
      memberships: [{ site: 'demo-community', roles: ['front-desk'], departments: [] }],
    });
    return (await auth.createToken(user, 'sse bench')).token;
  } finally {
    await store.close();
  }
}

/** The complaint's id, as staff see it. */
async function idOf(url: string, token: string, site: string, reference: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/staff/sites/${site}/complaints/by-reference/${reference}`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`looking up ${reference} answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchSseFanout({
    clients: Number(process.env.BENCH_SSE_CLIENTS ?? 1000),
    changes: Number(process.env.BENCH_SSE_CHANGES ?? 20),
    clientProcesses: Number(process.env.BENCH_SSE_CLIENT_PROCESSES ?? 2),
    progress: (line) => process.stderr.write(`· ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
