import { Socket } from 'node:net';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Answers a PING without a client library: whether a Redis server listens there. */
function ping(url: string): Promise<string | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(2000, () => done('no answer in 2 s'));
    socket.once('error', (error) => done(error.message));
    socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH') ? null : data.toString().trim()));
  });
}

/**
 * Whether the Redis tests can run here. In CI (CI=true) an unreachable server fails the run;
 * elsewhere those tests are skipped with one line saying why.
 */
export async function redisReachable(suite: string): Promise<boolean> {
  const problem = await ping(REDIS_URL);
  if (!problem) return true;
  const where = REDIS_URL.replace(/\/\/[^@/]*@/, '//');
  const how = 'start Redis there (redis-server --daemonize yes), or set REDIS_URL to one that runs';
  if (process.env.CI === 'true') throw new Error(`Redis at ${where} is not reachable (${problem}); CI must run the ${suite}: ${how}`);
  process.stderr.write(`skipping the ${suite}: Redis at ${where} is not reachable (${problem}); ${how}\n`);
  return false;
}
