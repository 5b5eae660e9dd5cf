import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POW_HEADER, solveChallenge } from '../../api/abuse/proof-of-work.ts';
import { createStaff, staffHeaders } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server-process.ts';

/**
 * The real server's own log lines (stdout, as an operator collects them) after a resident and a
 * member of staff have used it with everything a log must never hold: what people wrote, who
 * they are, their addresses, and every secret that opens something.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    LOG_LEVEL: 'info',
    TRUST_PROXY: '1',
    RATE_LIMITS: 'on',
    RATE_FILINGS_PER_IP: '3',
    RATE_FAILED_CODES_PER_IP: '2',
    POW_DIFFICULTY: '8',
    POW_MAX_DIFFICULTY: '8',
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const ADDRESS = '203.0.113.77';
const SITE = 'demo-community';

async function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { 'X-Forwarded-For': ADDRESS, ...init.headers } });
}

async function proof(): Promise<{ header: string; challenge: string }> {
  const { challenge, difficulty } = await (await call(`/api/v1/sites/${SITE}/challenge`)).json();
  return { header: `${challenge}:${solveChallenge(challenge, difficulty)}`, challenge };
}

describe('the server’s logs', () => {
  it('never hold personal data, what was written, addresses, access codes, keys, cookies, tokens or passwords', async () => {
    const secrets: string[] = [ADDRESS, '欧阳娜娜', '139 1234 5678', '13912345678', 'nana.ouyang@example.cn', '楼道里有人乱扔垃圾', '7号楼', 'secret-idempotency-key-42', 'https://spam.example'];

    // a resident files, with a proof of work, and follows the complaint
    const { header, challenge } = await proof();
    secrets.push(challenge);
    const filed = await call(`/api/v1/sites/${SITE}/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'secret-idempotency-key-42', [POW_HEADER]: header },
      body: JSON.stringify({
        category: 'environment',
        description: '楼道里有人乱扔垃圾',
        place: { unit: '7号楼' },
        complainant: { name: '欧阳娜娜', phone: '+86 139 1234 5678', email: 'nana.ouyang@example.cn' },
      }),
    });
    expect(filed.status).toBe(201);
    const { reference, accessCode } = await filed.json();
    secrets.push(reference, accessCode, accessCode.replace(/-/g, ''));
    expect((await call(`/api/v1/sites/${SITE}/complaints/${reference}`, { headers: { 'X-Access-Code': accessCode } })).status).toBe(200);
    const live = await call(`/api/v1/sites/${SITE}/complaints/${reference}/live-token`, { method: 'POST', headers: { 'X-Access-Code': accessCode } });
    secrets.push((await live.json()).token);
    // someone guesses codes until the throttle stops them
    for (const guess of ['GUESS-AAAAA-BBBBB-CCCCC', 'GUESS-DDDDD-EEEEE-FFFFF', 'GUESS-GGGGG-HHHHH-JJJJJ']) {
      secrets.push(guess);
      await call(`/api/v1/sites/${SITE}/complaints/${reference}`, { headers: { 'X-Access-Code': guess } });
    }
    // a program fills the hidden field, and floods without proofs
    const spam = await call(`/api/v1/sites/${SITE}/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [POW_HEADER]: (await proof()).header },
      body: JSON.stringify({ category: 'environment', description: 'buy now', website: 'https://spam.example' }),
    });
    expect(spam.status).toBe(422);
    for (let i = 0; i < 3; i += 1) await call(`/api/v1/sites/${SITE}/complaints`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });

    // a member of staff signs in, works the complaint and makes a personal token
    const password = await createStaff(server, { email: 'li.ming@example.cn', name: '李明', roles: ['front-desk', 'manager'], site: SITE });
    secrets.push(password, 'li.ming@example.cn');
    const staff = await staffHeaders(server, 'li.ming@example.cn', password);
    secrets.push(staff.Cookie!.split('=')[1]!, staff['X-CSRF-Token']!);
    const found = await call(`/api/v1/staff/sites/${SITE}/complaints/by-reference/${reference}`, { headers: staff });
    expect(found.status).toBe(200);
    const { id } = await found.json();
    expect((await call(`/api/v1/staff/sites/${SITE}/complaints/${id}/reveal`, { method: 'POST', headers: staff })).status).toBeLessThan(300);
    const token = await call('/api/v1/staff/tokens', { method: 'POST', headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ label: 'desk tablet' }) });
    expect(token.status).toBe(201);
    const bearer = (await token.json()).token as string;
    secrets.push(bearer);
    expect((await call(`/api/v1/staff/sites/${SITE}/complaints`, { headers: { Authorization: `Bearer ${bearer}` } })).status).toBe(200);
    // a wrong password
    await call('/api/v1/staff/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'li.ming@example.cn', password: 'hunter2-wrong' }) });
    secrets.push('hunter2-wrong');

    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = server.logs.filter((line) => 'route' in line);
    // the requests were logged, each with its status, the refusals too
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.map((line) => line.status)).toEqual(expect.arrayContaining([201, 200, 404, 422, 429, 403]));
    const text = JSON.stringify(server.logs);
    const leaked = secrets.filter((secret) => text.includes(secret));
    expect(leaked).toEqual([]);
  });
});
