import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { sha256 } from '../../api/service/credentials.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';

const run = promisify(execFile);
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'complaints-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `npm run admin -- …` the way an operator does, against its own DATA_DIR. */
async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--disable-warning=ExperimentalWarning', fromRoot('api', 'cli.ts'), ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run admin', () => {
  it('help lists the commands', async () => {
    const { code, stdout } = await admin('help');
    expect(code).toBe(0);
    expect(stdout).toContain('api-key create --site SITE');
  });

  it('api-key create prints the key alone on its last line and keeps only its hash', async () => {
    const { code, stdout } = await admin('api-key', 'create', '--site', 'demo-hotel', '--label', 'front desk app');
    expect(code).toBe(0);
    const key = stdout.trimEnd().split('\n').at(-1)!;
    expect(key).toMatch(/^cdk_[A-Za-z0-9_-]{43}$/);
    const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'), { readOnly: true });
    const rows = db.prepare('SELECT site_key, key_hash, label FROM api_keys').all();
    db.close();
    expect(rows).toEqual([{ site_key: 'demo-hotel', key_hash: sha256(key), label: 'front desk app' }]);

    const listed = await admin('api-key', 'list', '--site', 'demo-hotel');
    expect(listed.stdout).toContain('front desk app');
    expect(listed.stdout).not.toContain(key);
  });

  it('api-key revoke revokes at once, keeps the first time when repeated, and names a missing key', async () => {
    await admin('api-key', 'create', '--site', 'demo-hotel', '--label', 'old client');
    const id = (await admin('api-key', 'list', '--site', 'demo-hotel')).stdout.trim().split(/\s+/)[0]!;
    const revoked = await admin('api-key', 'revoke', '--site', 'demo-hotel', '--id', id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`API key ${id} of demo-hotel is revoked since \\d{4}-`));
    const again = await admin('api-key', 'revoke', '--site', 'demo-hotel', '--id', id);
    expect(again.stdout).toBe(revoked.stdout);
    expect((await admin('api-key', 'list', '--site', 'demo-hotel')).stdout).toMatch(new RegExp(`^${id}\\s+\\S+\\s+revoked \\d{4}-.*old client$`, 'm'));
    const missing = await admin('api-key', 'revoke', '--site', 'demo-hotel', '--id', 'no-such-key');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no API key "no-such-key" on this site');
    expect((await admin('api-key', 'revoke', '--site', 'demo-hotel')).stderr).toContain('--id is required');
  }, 30_000);

  it('names the known sites when the site does not exist, and exits 2', async () => {
    const { code, stderr } = await admin('api-key', 'create', '--site', 'nowhere');
    expect(code).toBe(2);
    expect(stderr).toContain('no site "nowhere"');
    expect(stderr).toContain('demo-community');
  });

  it('explains an unknown command and exits 2', async () => {
    const { code, stderr } = await admin('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
    expect(stderr).toContain('Usage');
  });
});

/** The store the admin command will open, used through the application first as a server would. */
async function deskOnDataDir() {
  const store = new SqliteStore(join(dataDir, 'complaints.sqlite'));
  await store.migrate();
  await seedDemoSites(store);
  return { store, desk: new ComplaintDesk(store) };
}

describe('npm run admin -- verify / rebuild', () => {
  /** Files two complaints and accepts one, through the real app on the CLI's own DATA_DIR. */
  async function someComplaints() {
    const { store, desk } = await deskOnDataDir();
    const site = await desk.site('demo-community');
    const a = await desk.file(site, { category: 'facilities', description: '楼道灯坏了', place: {}, answers: {} });
    const b = await desk.file(site, { category: 'environment', description: '垃圾没人清', place: {}, answers: {} });
    const stateB = await desk.findByReference(site, b.body.reference);
    await desk.execute(site, stateB!.id, { type: 'accept' }, { kind: 'staff', id: 'desk' });
    await store.close();
    return { a: a.body.reference, b: b.body.reference, idB: stateB!.id };
  }

  it('verifies whole chains, and names the first broken link when one stored byte changes', async () => {
    const { b, idB } = await someComplaints();
    const clean = await admin('verify');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('verified 2 complaints, 6 events: every chain is whole');

    // someone with access to the file edits a record behind the application's back
    const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'));
    db.exec('DROP TRIGGER events_append_only_update');
    db.prepare("UPDATE events SET data = replace(data, '垃圾', '垃极') WHERE complaint_id = ? AND seq = 1").run(idB);
    db.close();
    const broken = await admin('verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN: complaint ${idB} (reference ${b}), event #1: hash-mismatch`);
  });

  it('rebuilds the read model from the events with exactly the same result', async () => {
    await someComplaints();
    const snapshot = () => {
      const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'), { readOnly: true });
      const rows = db.prepare('SELECT * FROM complaints ORDER BY id').all();
      db.close();
      return rows;
    };
    const before = snapshot();
    // a read model that drifted (a hand edit, a bug) is found by verify and mended by rebuild
    const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'));
    db.exec("UPDATE complaints SET status = 'closed'");
    db.close();
    const drifted = await admin('verify');
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain('the read model differs from the events for 2 complaints');
    const rebuilt = await admin('rebuild');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/rebuilt the read model of 2 complaints from 6 events/);
    expect(snapshot()).toEqual(before);
    expect((await admin('verify')).code).toBe(0);
  });
});

describe('npm run admin -- verify, the audit log', () => {
  it('finds a changed audit entry', async () => {
    await admin('user', 'create', '--email', 'a@example.cn', '--role', 'manager', '--site', 'demo-community');
    await admin('user', 'create', '--email', 'b@example.cn', '--role', 'auditor', '--site', 'demo-community');
    const whole = await admin('verify');
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain('verified the audit log: 2 entries, whole');
    const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'));
    db.exec('DROP TRIGGER audit_log_append_only_update');
    db.exec(`UPDATE audit_log SET details = '{"roles":["admin"],"departments":[]}' WHERE id = 1`);
    db.close();
    const broken = await admin('verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN: audit log entry #1 \(member-added at .*\) does not link/);
  });
});

describe('npm run admin -- calendar import', () => {
  it('adds an iCalendar file’s rest days and make-up working days to a site', async () => {
    const ics = fromRoot('node_modules', 'chinese-days', 'dist', 'years', '2026.ics');
    const dry = await admin('calendar', 'import', '--site', 'demo-hotel', '--file', ics, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would import \d+ days/);
    const result = await admin('calendar', 'import', '--site', 'demo-hotel', '--file', ics);
    expect(result.stdout).toMatch(/imported \d+ days from .* into demo-hotel: 33 new rest days, 6 new working days/);
    const db = new DatabaseSync(join(dataDir, 'complaints.sqlite'), { readOnly: true });
    const site = JSON.parse((db.prepare("SELECT document FROM sites WHERE key = 'demo-hotel'").get() as { document: string }).document);
    db.close();
    expect(site.policy.calendar.holidays).toContain('2026-10-01');
    expect(site.policy.calendar.workdays).toContain('2026-10-10');
  });

  it('says why a file cannot be imported', async () => {
    const missing = await admin('calendar', 'import', '--site', 'demo-hotel', '--file', '/nonexistent.ics');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent.ics');
    const notIcs = await admin('calendar', 'import', '--site', 'demo-hotel', '--file', fromRoot('package.json'));
    expect(notIcs.code).toBe(2);
    expect(notIcs.stderr).toMatch(/package\.json: .*VCALENDAR/i);
  });
});

describe('npm run admin -- accountability', () => {
  it('lists substantiated findings per staff member for the year with the measure reached', async () => {
    const { store, desk } = await deskOnDataDir();
    const site = await desk.site('demo-bureau');
    const staff = { kind: 'staff' as const, id: 'supervision' };
    for (const substantiated of [true, true, false]) {
      const filed = await desk.file(site, { category: 'conduct', description: '吃拿卡要', place: {}, answers: { subject: '张三', 'conduct-kind': 'eat-take-hold-ask' }, consent: true });
      const { id } = (await desk.findByReference(site, filed.body.reference))!;
      for (const command of [{ type: 'accept' }, { type: 'dispatch', department: 'supervision-office', assignee: '监督科' }, { type: 'start-investigation' }] as const) {
        await desk.execute(site, id, command, staff);
      }
      await desk.execute(site, id, { type: 'record-finding', staffMember: '张三', substantiated }, staff);
    }
    await store.close();
    const year = String(new Date().getFullYear());
    const { code, stdout } = await admin('accountability', '--site', 'demo-bureau', '--year', year);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('张三\t2\t公开批评,本人作出书面检讨');
  });
});

describe('npm run admin -- user', () => {
  it('creates the first administrator with a generated password, which signs in', async () => {
    const created = await admin('user', 'create', '--email', 'Admin@Example.cn', '--name', '物业经理', '--role', 'admin,manager', '--site', 'demo-community');
    expect(created.code).toBe(0);
    const password = created.stdout.trimEnd().split('\n').at(-1)!;
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const listed = await admin('user', 'list', '--site', 'demo-community');
    expect(listed.stdout).toContain('admin@example.cn\t物业经理\tadmin,manager\tall departments');

    const { store } = await deskOnDataDir();
    const { createApp } = await import('../../api/http/app.ts');
    const { silentLogger } = await import('../../api/http/logger.ts');
    const app = createApp({ store, logger: silentLogger });
    const response = await app.request('/api/v1/staff/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.cn', password }),
    });
    expect(response.status).toBe(200);
    await store.close();
  });

  it('explains a wrong role, an unknown department, or an email already taken', async () => {
    expect((await admin('user', 'create', '--email', 'a@example.cn', '--role', 'king', '--site', 'demo-community')).stderr).toContain('--role must be one or more of');
    expect((await admin('user', 'create', '--email', 'a@example.cn', '--role', 'handler', '--site', 'demo-community', '--departments', 'moon')).stderr).toContain(
      'no department moon',
    );
    await admin('user', 'create', '--email', 'a@example.cn', '--role', 'handler', '--site', 'demo-community');
    const again = await admin('user', 'create', '--email', 'a@example.cn', '--role', 'handler', '--site', 'demo-community');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});

describe('the first start', () => {
  it('says how to create the first administrator', async () => {
    const { startServer } = await import('../support/server-process.ts');
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      const hint = server.logs.find((line) => String(line.msg).startsWith('no staff accounts yet'));
      expect(hint?.command).toContain('npm run admin -- user create');
    } finally {
      await server.stop();
    }
  });
});
