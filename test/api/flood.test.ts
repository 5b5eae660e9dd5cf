import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POW_HEADER, solveChallenge } from '../../api/abuse/proof-of-work.ts';
import { FILING } from '../support/api.ts';
import { type RunningServer, startServer } from '../support/server-process.ts';

/** The real server behind one proxy, with its defences as configured by the environment. */
let server: RunningServer;
beforeAll(async () => {
  // proofs easier than the default, to spare the machine: abuse.test.ts shows the real difficulty
  server = await startServer({ TRUST_PROXY: '1', RATE_LIMITS: 'on', RATE_FILINGS_PER_IP: '4', POW_DIFFICULTY: '12', POW_MAX_DIFFICULTY: '14', LOG_LEVEL: 'error' });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const SITE = `/api/v1/sites/demo-community`;

async function challenge(address: string): Promise<{ challenge: string; difficulty: number }> {
  return (await fetch(`${server.url}${SITE}/challenge`, { headers: { 'X-Forwarded-For': address } })).json();
}

async function proof(address: string): Promise<string> {
  const given = await challenge(address);
  return `${given.challenge}:${solveChallenge(given.challenge, given.difficulty)}`;
}

async function file(address: string, solved?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Forwarded-For': address, ...(solved ? { [POW_HEADER]: solved } : {}) };
  return fetch(`${server.url}${SITE}/complaints`, { method: 'POST', headers, body: JSON.stringify(FILING) });
}

describe('a flood from one address', () => {
  it('is limited, with harder proofs on the way, while another address still files', async () => {
    const flood = '203.0.113.66';
    const neighbour = '198.51.100.23';
    // a program that solves every proof: allowed its four, each harder than the one before
    const difficulties: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      difficulties.push((await challenge(flood)).difficulty);
      expect((await file(flood, await proof(flood))).status).toBe(201);
    }
    expect(difficulties[0]).toBe(12);
    expect((await challenge(flood)).difficulty).toBe(14);
    expect(difficulties).toEqual([...difficulties].sort((a, b) => a - b));

    // then everything it sends waits, at once and however many
    const proofs = [await proof(flood), await proof(flood)];
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => file(flood, proofs[i % 10])));
    expect(burst.map((response) => response.status)).toEqual(burst.map(() => 429));
    const wait = Number(burst[0]!.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect((await burst[0]!.json()).error.code).toBe('rate_limited');

    // the neighbour's complaint goes in, at the usual difficulty
    expect((await challenge(neighbour)).difficulty).toBe(12);
    expect((await file(neighbour, await proof(neighbour))).status).toBe(201);
    // a program without proofs from yet another address is refused for that
    const unproven = await file('192.0.2.5');
    expect(unproven.status).toBe(403);
    expect((await unproven.json()).error.code).toBe('proof_of_work_required');
  }, 60_000);
});

describe('REDIS_URL', () => {
  const attempt = async (env: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'complaints-redis-url-'));
    try {
      return await startServer({ ...env, DATA_DIR: dir, LOG_LEVEL: 'error' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('that cannot be reached stops the start with a sentence naming it', async () => {
    await expect(attempt({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(/cannot start: Redis at 127\.0\.0\.1:1 cannot be reached/);
  });

  it('that is not a Redis URL is refused as configuration', async () => {
    await expect(attempt({ REDIS_URL: 'localhost:6379' })).rejects.toThrow(/invalid configuration: REDIS_URL: must be a Redis URL/);
  });
});
