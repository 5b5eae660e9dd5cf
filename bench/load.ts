import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * Drives a server with `connections` concurrent clients for `seconds`, each request a POST of
 * `body` with a fresh Idempotency-Key (every request is a new complaint, as from many residents).
 * Each client sends its next request as soon as the last is answered: the most the server can do.
 */
export async function load(
  url: string,
  body: unknown,
  connections: number,
  seconds: number,
  options: { headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const payload = JSON.stringify(body);
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: payload,
    requests: [
      {
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }),
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
