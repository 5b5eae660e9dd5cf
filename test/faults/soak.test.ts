/**
 * The soak: mixed load on loopback for SOAK_SECONDS (60 here; `npm run soak` runs ten
 * minutes) — residents filing and following their complaints, staff reading the queue and
 * working complaints, live streams opening and closing — at a bounded pace, against one server
 * whose memory is sampled from /proc. It stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../support/server-process.ts';
import { SseClient } from '../support/sse.ts';
import { SITE, type Target, admin, adminVerify, filings as makeFilings, rssKiB, targetEnv } from './support.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
/** memory is compared after this: the heap, the caches and the database's pages have settled */
const WARM_UP_SECONDS = Math.max(20, Math.round(SECONDS * 0.3));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A mail server that takes every message and keeps only the count: ten minutes of receipts would fill memory. */
async function countingSmtp(): Promise<{ url: string; count(): number; stop(): Promise<void> }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        count += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    count: () => count,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every answer the load got, by what was asked and how it was answered. */
class Tally {
  readonly counts = new Map<string, number>();
  readonly unexpected: string[] = [];

  record(what: string, status: number | string, expected: boolean, detail = ''): void {
    const key = `${what} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!expected && this.unexpected.length < 20) this.unexpected.push(`${key} ${detail}`.trim());
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
}

describe(`the soak: ${SECONDS} s of mixed load`, () => {
  let dataDir: string;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof countingSmtp>>;
  let target: Target;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'complaints-soak-'));
    target = { kind: 'sqlite', dataDir };
    smtp = await countingSmtp();
    server = await startServer({
      ...targetEnv(target),
      LOG_LEVEL: 'error',
      RATE_LIMITS: 'off',
      POW_DIFFICULTY: '0',
      POW_MAX_DIFFICULTY: '0',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'complaints@example.org',
    });
    // a front-desk member, made as an operator would, with a personal API token
    const password = await admin(target, ['user', 'create', '--email', 'desk@example.cn', '--name', '前台', '--role', 'front-desk', '--site', SITE]);
    const session = await fetch(`${server.url}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'desk@example.cn', password }),
    });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const token = await fetch(`${server.url}/api/v1/staff/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({ label: 'soak' }),
    });
    expect(token.status).toBe(201);
    bearer = { Authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its memory flat after the warm-up (RSS growth under 10%) and answers nothing it should not', async () => {
    const tally = new Tally();
    const filed: { reference: string; accessCode: string }[] = [];
    const pool = makeFilings(`soak-${Date.now().toString(36)}`, 1_000_000);
    let nextFiling = 0;
    const started = Date.now();
    const ends = started + SECONDS * 1000;
    const running = () => Date.now() < ends;
    const api = (path: string) => `${server.url}/api/v1${path}`;

    // an answer read whole; a request that fails on the network counts as unexpected
    const ask = async (what: string, url: string, init: RequestInit = {}, expected: (status: number, text: string) => boolean = (s) => s >= 200 && s < 300) => {
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
        const text = await response.text();
        tally.record(what, response.status, expected(response.status, text), response.status >= 300 ? text.slice(0, 200) : '');
        return { status: response.status, text };
      } catch (error) {
        tally.record(what, 'network', false, (error as Error).message);
        return { status: 0, text: '' };
      }
    };

    const resident = async () => {
      while (running()) {
        const filing = pool[nextFiling++]!;
        const answer = await ask('file', api(`/sites/${SITE}/complaints`), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': filing.key },
          body: JSON.stringify(filing.body),
        });
        if (answer.status === 201) filed.push(JSON.parse(answer.text) as { reference: string; accessCode: string });
        await pause(60);
      }
    };
    const tracker = async () => {
      while (running()) {
        const complaint = filed[Math.floor(Math.random() * filed.length)];
        if (complaint) {
          await ask('track', api(`/sites/${SITE}/complaints/${complaint.reference}`), { headers: { 'X-Access-Code': complaint.accessCode } });
        }
        await pause(25);
      }
    };
    const queueReader = async () => {
      const queries = ['', '?status=registered', '?status=accepted&sort=due', '?q=楼道', '?overdue=true'];
      for (let n = 0; running(); n += 1) {
        await ask('queue', api(`/staff/sites/${SITE}/complaints${queries[n % queries.length]}`), { headers: bearer });
        await pause(150);
      }
    };
    // the one 4xx a member can expect: the complaint changed meanwhile (a clock's warning, say), so the step is decided again
    const commandAnswered = (status: number, text: string) => (status >= 200 && status < 300) || (status === 409 && text.includes('"version_conflict"'));
    const deskWorker = async () => {
      while (running()) {
        const page = await ask('queue', api(`/staff/sites/${SITE}/complaints?status=registered&limit=5`), { headers: bearer });
        const items = page.status === 200 ? (JSON.parse(page.text) as { items: { id: string; version: number }[] }).items : [];
        const item = items[0];
        if (item) {
          await ask('command', api(`/staff/sites/${SITE}/complaints/${item.id}/commands`), {
            method: 'POST',
            headers: { ...bearer, 'Content-Type': 'application/json' },
            body: JSON.stringify({ expectedVersion: item.version, command: { type: 'accept' } }),
          }, commandAnswered);
          const accepted = await ask('file-view', api(`/staff/sites/${SITE}/complaints/${item.id}`), { headers: bearer });
          if (accepted.status === 200) {
            const { version } = JSON.parse(accepted.text) as { version: number };
            await ask('command', api(`/staff/sites/${SITE}/complaints/${item.id}/commands`), {
              method: 'POST',
              headers: { ...bearer, 'Content-Type': 'application/json' },
              body: JSON.stringify({ expectedVersion: version, command: { type: 'add-note', note: '已电话联系物业维修组。', public: false } }),
            }, commandAnswered);
          }
        }
        await pause(100);
      }
    };
    // live streams come and go: the complainant's (with a ticket) and the site's
    const streamer = async (n: number) => {
      for (let round = 0; running(); round += 1) {
        let stream: SseClient | undefined;
        try {
          if ((round + n) % 2 === 0) {
            stream = await SseClient.open(api(`/staff/sites/${SITE}/live`), bearer);
          } else {
            const complaint = filed[Math.floor(Math.random() * filed.length)];
            if (!complaint) {
              await pause(200);
              continue;
            }
            const ticket = await ask('live-token', api(`/sites/${SITE}/complaints/${complaint.reference}/live-token`), { method: 'POST', headers: { 'X-Access-Code': complaint.accessCode } });
            if (ticket.status !== 200) continue;
            stream = await SseClient.open(api(`/sites/${SITE}/complaints/${complaint.reference}/live?token=${encodeURIComponent((JSON.parse(ticket.text) as { token: string }).token)}`));
          }
          await stream.waitFor((e) => e.event === 'ready', 10_000);
          tally.record('stream', 200, true);
          await pause(300 + Math.random() * 1500);
        } catch (error) {
          tally.record('stream', 'failed', false, (error as Error).message.slice(0, 200));
        } finally {
          await stream?.close();
        }
      }
    };

    // one staff screen stays open the whole time and hears every filing
    const watcher = await SseClient.open(api(`/staff/sites/${SITE}/live`), bearer);
    const samples: { at: number; kib: number }[] = [];
    const sampler = (async () => {
      while (running()) {
        samples.push({ at: (Date.now() - started) / 1000, kib: rssKiB(server.process.pid!) });
        await pause(1000);
      }
    })();
    const progress = setInterval(() => process.stderr.write(`soak: ${Math.round((Date.now() - started) / 1000)} / ${SECONDS} s, ${tally.total()} requests, RSS ${samples.at(-1)?.kib ?? 0} KiB\n`), 60_000);
    try {
      await Promise.all([
        sampler,
        ...Array.from({ length: 3 }, resident),
        ...Array.from({ length: 3 }, tracker),
        queueReader(),
        deskWorker(),
        ...Array.from({ length: 3 }, (_, n) => streamer(n)),
      ]);
    } finally {
      clearInterval(progress);
    }
    const heard = watcher.changes().length;
    await watcher.close();

    // memory: the mean after the warm-up against the mean at the end
    const window = Math.max(5, SECONDS * 0.15);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const early = samples.filter((s) => s.at >= WARM_UP_SECONDS && s.at < WARM_UP_SECONDS + window).map((s) => s.kib);
    const late = samples.filter((s) => s.at >= SECONDS - window).map((s) => s.kib);
    const growth = mean(late) / mean(early) - 1;
    const requests = tally.total();
    process.stderr.write(
      `soak: ${SECONDS} s, ${requests} requests (${Math.round(requests / SECONDS)}/s), ${filed.length} filings, ${smtp.count()} receipts mailed, ${heard} changes heard live; ` +
        `RSS after warm-up ${Math.round(mean(early) / 1024)} MiB, at the end ${Math.round(mean(late) / 1024)} MiB (${(growth * 100).toFixed(1)}%), ` +
        `highest ${Math.round(Math.max(...samples.map((s) => s.kib)) / 1024)} MiB\n` +
        `soak answers: ${[...tally.counts].map(([k, v]) => `${k}: ${v}`).join(', ')}\n`,
    );

    expect(tally.unexpected).toEqual([]);
    expect(early.length).toBeGreaterThan(2);
    expect(late.length).toBeGreaterThan(2);
    expect(growth).toBeLessThan(0.1);
    // it was load, of every kind: filings, reads, staff work, streams
    for (const what of ['file 201', 'track 200', 'queue 200', 'command 200', 'stream 200']) expect(tally.counts.get(what) ?? 0).toBeGreaterThan(SECONDS / 10);
    expect(heard).toBeGreaterThan(filed.length / 2);
    expect(smtp.count()).toBeGreaterThan(0);
    expect(server.process.exitCode).toBeNull();

    await server.stop();
    const verified = await adminVerify(target);
    expect(verified.output).toMatch(/every chain is whole/);
    expect(verified.code).toBe(0);
  }, SECONDS * 1000 + 180_000);
});
