import { POW_HEADER, solveChallenge } from '../../api/abuse/proof-of-work.ts';
import { type AbuseSettings, openSettings } from '../../api/abuse/settings.ts';
import type { Clock } from '../../api/service/complaints.ts';

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;

/** A challenge of `site`, solved as a client would: the header a filing carries. */
export async function proofOfWork(call: Call, site: string, headers: Record<string, string> = {}): Promise<Record<string, string>> {
  const response = await call('GET', `/api/v1/sites/${site}/challenge`, undefined, headers);
  if (response.status !== 200) throw new Error(`no challenge: ${response.status} ${await response.text()}`);
  const { challenge, difficulty } = (await response.json()) as { challenge: string; difficulty: number };
  return { [POW_HEADER]: `${challenge}:${solveChallenge(challenge, difficulty)}` };
}

/** Defences for a test: everything off but what `overrides` turns on. */
export const defences = (overrides: Partial<AbuseSettings>): AbuseSettings => openSettings(overrides);

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start = Date.parse('2026-11-25T08:00:00Z')) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

/** The address a request claims through X-Forwarded-For (believed with TRUST_PROXY). */
export const from = (address: string): Record<string, string> => ({ 'X-Forwarded-For': address });
