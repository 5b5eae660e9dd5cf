/**
 * Tracker reads: what a resident's tracker asks most — a complaint's status and public
 * timeline, with its access code checked — over HTTP, against a bare node:http server
 * answering a small JSON document, in the same run. Rounds alternate, as for filing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { fromRoot } from '../api/paths.ts';
import { FILING_BODY } from './filing.ts';
import { type Running, startProcess } from './processes.ts';

export interface ReadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface TrackerFigures {
  connections: number;
  seconds: number;
  rounds: number;
  complaints: number;
  bare: ReadResult;
  product: ReadResult;
  /** product ÷ bare requests per second, the median of the rounds' ratios */
  ratio: number;
}

const median = <T>(values: T[], key: (v: T) => number): T => [...values].sort((a, b) => key(a) - key(b))[Math.floor(values.length / 2)]!;

/** GETs for `seconds` over `connections`, each request the next of `targets` (path and headers). */
async function read(origin: string, targets: { path: string; headers: Record<string, string> }[], connections: number, seconds: number): Promise<ReadResult> {
  let next = 0;
  const result = await autocannon({
    url: origin,
    method: 'GET',
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          return { ...request, path: target.path, headers: { ...request.headers, ...target.headers } };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function benchTracker(options: { connections: number; seconds: number; rounds: number; complaints?: number; progress(line: string): void }): Promise<TrackerFigures> {
  const { connections, seconds, rounds, progress } = options;
  const complaints = options.complaints ?? 200;
  const dataDir = mkdtempSync(join(tmpdir(), 'complaints-bench-tracker-'));
  const servers: Running[] = [];
  try {
    const bare = await startProcess(fromRoot('bench', 'bare-server.ts'));
    servers.push(bare);
    const product = await startProcess(fromRoot('api', 'server.ts'), {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // one address reads thousands of complaints a second here: the lookup limits would stop it
      RATE_LIMITS: 'off',
      POW_DIFFICULTY: '0',
      POW_MAX_DIFFICULTY: '0',
    });
    servers.push(product);
    progress(`tracker reads: filing ${complaints} complaints to read`);
    const targets: { path: string; headers: Record<string, string> }[] = [];
    for (let n = 0; n < complaints; n += 1) {
      const response = await fetch(`${product.url}/api/v1/sites/demo-community/complaints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bench-tracker-${n}-${Date.now()}` },
        body: JSON.stringify(FILING_BODY),
      });
      if (response.status !== 201) throw new Error(`filing for the tracker bench answered ${response.status}: ${await response.text()}`);
      const { reference, accessCode } = (await response.json()) as { reference: string; accessCode: string };
      targets.push({ path: `/api/v1/sites/demo-community/complaints/${reference}`, headers: { 'x-access-code': accessCode } });
    }
    const bareTargets = targets.map((t) => ({ path: `/complaints/${t.path.split('/').at(-1)}`, headers: t.headers }));

    progress('tracker reads: warming up both servers');
    await read(bare.url, bareTargets, connections, 2);
    await read(product.url, targets, connections, 2);
    const bareRounds: ReadResult[] = [];
    const productRounds: ReadResult[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      progress(`tracker reads: round ${round}/${rounds}, bare node:http, ${connections} connections, ${seconds} s`);
      bareRounds.push(await read(bare.url, bareTargets, connections, seconds));
      progress(`tracker reads: round ${round}/${rounds}, the product, ${connections} connections, ${seconds} s`);
      productRounds.push(await read(product.url, targets, connections, seconds));
    }
    return {
      connections,
      seconds,
      rounds,
      complaints,
      bare: median(bareRounds, (r) => r.rps),
      product: median(productRounds, (r) => r.rps),
      ratio: median(
        productRounds.map((p, i) => p.rps / bareRounds[i]!.rps),
        (r) => r,
      ),
    };
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
