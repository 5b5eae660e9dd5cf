import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../api/paths.ts';
import { load, type LoadResult } from './load.ts';
import { type PacedResult, paced } from './paced.ts';
import { type Running, startProcess } from './processes.ts';

export const FILING_BODY = {
  category: 'repair-water-electric',
  description: '7号楼3单元楼道的灯坏了一周,晚上看不见台阶,老人上下楼很危险。',
  place: { unit: '7-3', room: '502' },
  answers: { 'still-happening': 'yes' },
  complainant: { name: '王芳', phone: '138 0000 4220', email: 'wangfang@example.cn', preferredContact: 'email' },
  language: 'zh-Hans',
};

export interface FilingFigures {
  store: 'sqlite' | 'postgresql';
  connections: number;
  seconds: number;
  rounds: number;
  /** the median round of each, at the most each can do */
  bare: LoadResult;
  product: LoadResult;
  /** product ÷ bare requests per second, the median of the rounds' ratios */
  ratio: number;
  /** the product at half its own most, paced over 50 connections: latency when not saturated */
  atHalfLoad: PacedResult;
}

const median = <T>(values: T[], key: (v: T) => number): T => [...values].sort((a, b) => key(a) - key(b))[Math.floor(values.length / 2)]!;

/**
 * The whole filing pipeline over HTTP — validate, route, set deadlines, append with hash,
 * project, queue the receipt, in one transaction — against a bare node:http server, in one run.
 * Rounds alternate bare and product, so a machine that slows down mid-run slows both.
 */
export async function benchFiling(options: {
  connections: number;
  seconds: number;
  rounds: number;
  databaseUrl?: string;
  progress(line: string): void;
}): Promise<FilingFigures> {
  const { connections, seconds, rounds, progress } = options;
  const store = options.databaseUrl ? 'postgresql' : 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'complaints-bench-'));
  const servers: Running[] = [];
  try {
    const bare = await startProcess(fromRoot('bench', 'bare-server.ts'));
    servers.push(bare);
    const product = await startProcess(fromRoot('api', 'server.ts'), {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // the pipeline itself: one address filing thousands a second is what the defences stop
      RATE_LIMITS: 'off',
      POW_DIFFICULTY: '0',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    });
    servers.push(product);
    const productUrl = `${product.url}/api/v1/sites/demo-community/complaints`;
    progress(`filing (${store}): warming up both servers`);
    await load(bare.url, FILING_BODY, connections, 2);
    await load(productUrl, FILING_BODY, connections, 3);

    const bareRounds: LoadResult[] = [];
    const productRounds: LoadResult[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      progress(`filing (${store}): round ${round}/${rounds}, bare node:http, ${connections} connections, ${seconds} s`);
      bareRounds.push(await load(bare.url, FILING_BODY, connections, seconds));
      progress(`filing (${store}): round ${round}/${rounds}, the product, ${connections} connections, ${seconds} s`);
      productRounds.push(await load(productUrl, FILING_BODY, connections, seconds));
    }
    const ratios = productRounds.map((p, i) => p.rps / bareRounds[i]!.rps);
    const productMedian = median(productRounds, (r) => r.rps);
    const rate = Math.max(1, Math.round(productMedian.rps / 2));
    progress(`filing (${store}): latency at half load, ${rate} requests/s paced over ${connections} connections, ${seconds} s`);
    const atHalfLoad = await paced(productUrl, FILING_BODY, rate, connections, seconds);
    return {
      store,
      connections,
      seconds,
      rounds,
      bare: median(bareRounds, (r) => r.rps),
      product: productMedian,
      ratio: median(ratios, (r) => r),
      atHalfLoad,
    };
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
