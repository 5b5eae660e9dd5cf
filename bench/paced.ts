import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface PacedResult {
  rate: number;
  sent: number;
  ok: number;
  failed: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Open-loop load: requests start on a fixed schedule (`rate` per second, evenly spaced) over at
 * most `connections` kept-alive connections, whatever the answers do — latency as residents
 * would see it at that load, not the queue a saturating client builds up.
 */
export async function paced(url: string, body: unknown, rate: number, connections: number, seconds: number): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const payload = Buffer.from(JSON.stringify(body));
  const target = new URL(url);
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();

  const fire = () => {
    const at = performance.now();
    sent += 1;
    const done = new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': payload.length, 'idempotency-key': randomUUID() },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode && res.statusCode < 300) latencies.push(performance.now() - at);
            else failed += 1;
            resolve();
          });
        },
      );
      // headers and body go out at once, not held back by Nagle waiting for the server's ACK
      req.on('socket', (socket) => socket.setNoDelay(true));
      req.on('error', () => {
        failed += 1;
        resolve();
      });
      req.end(payload);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      while (sent < due) fire();
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    rate,
    sent,
    ok: sorted.length,
    failed,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}
