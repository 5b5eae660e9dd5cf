import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { sha256 } from '../../api/service/credentials.ts';

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
