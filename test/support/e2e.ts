import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { fromRoot } from '../../api/paths.ts';
import { launchChromium } from './browser.ts';
import { type RunningServer, startServer } from './server-process.ts';

/**
 * The real server on its own data directory and Debian's Chromium, for the tests of one file;
 * `env` (asked for when they start) adds to the server's environment.
 */
export function serverAndBrowser(env: () => Record<string, string> | Promise<Record<string, string>> = () => ({})): {
  readonly server: RunningServer;
  readonly browser: Browser;
} {
  const running = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    [running.server, running.browser] = await Promise.all([Promise.resolve(env()).then((extra) => startServer(extra)), launchChromium()]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/**
 * A staff account on the running server, made as an operator would (`npm run admin -- user
 * create`); answers with the generated password.
 */
export async function createStaff(
  server: RunningServer,
  account: { email: string; roles: string[]; site: string; name?: string; departments?: string[] },
): Promise<string> {
  const args = ['user', 'create', '--email', account.email, '--role', account.roles.join(','), '--site', account.site];
  if (account.name) args.push('--name', account.name);
  if (account.departments?.length) args.push('--departments', account.departments.join(','));
  const created = await promisify(execFile)(process.execPath, ['--disable-warning=ExperimentalWarning', fromRoot('api', 'cli.ts'), ...args], {
    env: { ...process.env, DATA_DIR: server.dataDir },
  });
  return created.stdout.trimEnd().split('\n').at(-1)!;
}

/** A signed-in session over plain HTTP: the cookie and CSRF headers to send with API calls. */
export async function staffHeaders(server: RunningServer, email: string, password: string): Promise<Record<string, string>> {
  const session = await fetch(`${server.url}/api/v1/staff/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (session.status !== 200) throw new Error(`sign-in failed: ${session.status} ${await session.text()}`);
  return { Cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': ((await session.json()) as { csrfToken: string }).csrfToken };
}

/** Signs in with the portal's own form (at `path` under `/portal/`), then reads the portal in English. */
export async function signInToPortal(page: Page, server: RunningServer, email: string, password: string, path = ''): Promise<void> {
  await page.goto(`${server.url}/portal/${path}`);
  await page.locator('portal-sign-in #email').fill(email);
  await page.locator('portal-sign-in #password').fill(password);
  await page.locator('portal-sign-in button[type="submit"]').click();
  await page.locator('complaint-portal nav #language').selectOption('en');
}
