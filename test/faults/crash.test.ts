/**
 * The crash test: the server is killed with SIGKILL in the middle of a burst of filings from
 * clients that retry with their Idempotency-Keys, and started again on the same store. Nothing
 * acknowledged may be lost or doubled, the record must verify, and every complainant gets their
 * receipt. CRASH_FILINGS sets the size of the burst (300 here; `npm run soak` files 1,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresReachable } from '../support/postgres.ts';
import { type RunningServer, startServer } from '../support/server-process.ts';
import { startSmtp } from '../support/smtp.ts';
import {
  type Target,
  adminVerify,
  fileConcurrently,
  filedByKey,
  filings as makeFilings,
  killHard,
  openTarget,
  postgresTarget,
  targetEnv,
  until,
} from './support.ts';

const FILINGS = Number(process.env.CRASH_FILINGS ?? 300);
const reachable = await postgresReachable('crash test on PostgreSQL');

/** What one crash run saw, for the assertions and for the log line after it. */
interface CrashRun {
  acknowledgedAtKill: number;
  clientFailures: number;
  secondsToAllAcknowledged: number;
  secondsToAllReceipts: number;
  repeatedMails: number;
}

async function crashAndRecover(target: Target, label: string): Promise<CrashRun> {
  const mark = `crash-${label}-${Date.now().toString(36)}`;
  const filings = makeFilings(mark, FILINGS);
  const smtp = await startSmtp();
  const env = {
    ...targetEnv(target),
    SMTP_URL: smtp.url,
    MAIL_FROM: 'complaints@example.org',
    // a message the killed process had taken up is free again after this, not after two minutes
    NOTIFY_LEASE_SECONDS: '5',
    NOTIFY_RETRY_SECONDS: '1',
    LOG_LEVEL: 'error',
    RATE_LIMITS: 'off',
    POW_DIFFICULTY: '0',
    POW_MAX_DIFFICULTY: '0',
  };
  let server: RunningServer | undefined;
  try {
    const first = await startServer(env);
    server = first;
    const started = Date.now();
    const port = new URL(first.url).port;
    const run = fileConcurrently({ url: () => first.url, filings, concurrency: 16, deadlineMs: 240_000 });
    // mid-burst: a third acknowledged, the rest in flight or still to come
    await Promise.race([until(() => run.acknowledged >= Math.floor(FILINGS / 3), 'a third of the filings acknowledged', 120_000, 5), run.done]);
    await killHard(first);
    server = undefined;
    // what a killed server leaves behind is the test's to clear: its own folder, unused on PostgreSQL
    if (target.kind === 'postgresql') rmSync(first.dataDir, { recursive: true, force: true });
    const acknowledgedAtKill = run.acknowledged;
    const mailsBeforeKill = smtp.received.length;
    // the clients keep trying against a closed port meanwhile; the server comes back where it was
    server = await startServer({ ...env, PORT: port });
    // every mail the killed process handed over has been taken in by now: a start takes seconds
    const mailsFromFirstProcess = smtp.received.length;
    await run.done;
    const secondsToAllAcknowledged = (Date.now() - started) / 1000;

    expect(acknowledgedAtKill).toBeGreaterThan(0);
    expect(acknowledgedAtKill).toBeLessThan(FILINGS);
    // the clients felt the crash: requests that got no answer, and were sent again
    expect(run.failures.length).toBeGreaterThan(0);
    expect(filings.every((f) => f.answer)).toBe(true);
    expect(new Set(filings.map((f) => f.answer!.reference)).size).toBe(FILINGS);

    // every complainant's receipt, from one process or the other
    const addresses = new Set(filings.map((f) => f.email));
    const receiptsArrived = () => new Set(smtp.received.filter((m) => m.envelopeTo.some((to) => addresses.has(to))).map((m) => m.envelopeTo[0])).size;
    await until(() => receiptsArrived() === FILINGS, `a receipt for each of the ${FILINGS} complainants`, 180_000 + FILINGS * 300, 100);
    const secondsToAllReceipts = (Date.now() - started) / 1000;
    // a repeat would come from a lease taken up again, within seconds: give it the time to show
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await server.stop();

    const verified = await adminVerify(target);
    expect(verified.output).toMatch(/every chain is whole/);
    expect(verified.code).toBe(0);

    const store = await openTarget(target);
    try {
      // every acknowledged complaint is in the record once, under the reference its client was given
      const byKey = await filedByKey(store, mark);
      expect(byKey.size).toBe(FILINGS);
      for (const filing of filings) expect(byKey.get(filing.key)).toEqual({ count: 1, references: [filing.answer!.reference] });

      // one receipt per complaint in the outbox, sent; and what the SMTP server took in, by id
      let repeatedMails = 0;
      for (const filing of filings) {
        const state = await store.findByReference('demo-community', filing.answer!.reference);
        const receipts = (await store.outboxMessages({ complaintId: state!.id })).filter((m) => m.kind === 'receipt');
        expect(receipts).toHaveLength(1);
        expect(receipts[0]!.status).toBe('sent');
        const copies = smtp.received.flatMap((mail, index) => (mail.id === receipts[0]!.id ? [{ mail, index }] : []));
        expect(copies.length).toBeGreaterThanOrEqual(1);
        for (const { mail } of copies) expect(mail.envelopeTo).toEqual([filing.email]);
        if (copies.length > 1) {
          // At least once, not more: the only message that may come twice is the one the killed
          // process had handed to the SMTP server and not yet recorded as sent. It comes again,
          // with the same Message-ID, from the new process, once.
          repeatedMails += 1;
          expect(copies).toHaveLength(2);
          expect(copies[0]!.index).toBeLessThan(mailsFromFirstProcess);
          expect(copies[1]!.index).toBeGreaterThanOrEqual(mailsFromFirstProcess);
        }
      }
      // the dispatcher hands over one message at a time
      expect(repeatedMails).toBeLessThanOrEqual(1);
      // no complainant heard anything but their receipt
      const receiptIds = new Set(smtp.received.filter((m) => m.envelopeTo.some((to) => addresses.has(to))).map((m) => m.id));
      expect(receiptIds.size).toBe(FILINGS);
      expect(mailsBeforeKill).toBeLessThanOrEqual(mailsFromFirstProcess);
      return { acknowledgedAtKill, clientFailures: run.failures.length, secondsToAllAcknowledged, secondsToAllReceipts, repeatedMails };
    } finally {
      await store.close();
    }
  } finally {
    await server?.stop();
    await smtp.stop();
  }
}

const report = (label: string, run: CrashRun) =>
  process.stderr.write(
    `crash test (${label}, ${FILINGS} filings): killed with ${run.acknowledgedAtKill} acknowledged; ${run.clientFailures} failed attempts retried; ` +
      `all acknowledged ${run.secondsToAllAcknowledged.toFixed(1)} s after the burst began, every receipt sent after ${run.secondsToAllReceipts.toFixed(1)} s; ` +
      `${run.repeatedMails} receipt sent again after the kill\n`,
  );

describe(`kill -9 during a burst of ${FILINGS} filings from clients that retry with their keys`, () => {
  it('on SQLite: every acknowledged complaint is there once, every chain verifies, every receipt is sent', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'complaints-crash-'));
    try {
      report('SQLite', await crashAndRecover({ kind: 'sqlite', dataDir }, 'sqlite'));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 420_000);

  it.skipIf(!reachable)('on PostgreSQL: every acknowledged complaint is there once, every chain verifies, every receipt is sent', async () => {
    const target = await postgresTarget();
    try {
      report('PostgreSQL', await crashAndRecover(target, 'pg'));
    } finally {
      await target.drop();
    }
  }, 420_000);
});
