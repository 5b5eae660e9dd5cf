/**
 * Many server-sent-event clients in one process, for bench/sse-fanout.ts (started by it with an
 * IPC channel). Each holds one stream open over plain node:http and notes when each `changed`
 * arrives; once every stream of this process has a change, the process reports the first and
 * the last arrival to its parent. Times are `performance.timeOrigin + performance.now()`, which
 * processes on one machine share.
 */
import http from 'node:http';

interface Start {
  url: string;
  token: string;
  clients: number;
}

const now = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send!(message);

/** per complaint id: the change's own time, how many streams have it, and the first and last arrival */
const arrivals = new Map<string, { changedAt: string; count: number; first: number; last: number }>();
let clients = 0;

function heard(complaintId: string, changedAt: string, at: number): void {
  const seen = arrivals.get(complaintId) ?? { changedAt, count: 0, first: at, last: at };
  seen.count += 1;
  seen.last = Math.max(seen.last, at);
  seen.first = Math.min(seen.first, at);
  arrivals.set(complaintId, seen);
  if (seen.count === clients) {
    send({ type: 'delivered', complaintId, changedAt: seen.changedAt, first: seen.first, last: seen.last });
    arrivals.delete(complaintId);
  }
}

function open(start: Start, agent: http.Agent): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get(start.url, { agent, headers: { Accept: 'text/event-stream', Authorization: `Bearer ${start.token}` } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`the stream answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.setEncoding('utf8');
      let buffer = '';
      let ready = false;
      response.on('data', (chunk: string) => {
        const at = now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: ready')) {
            if (!ready) resolve(request);
            ready = true;
          } else if (block.startsWith('event: changed')) {
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!data) continue;
            const change = JSON.parse(data) as { complaintId: string; at: string };
            heard(change.complaintId, change.at, at);
          }
        }
      });
      response.on('end', () => send({ type: 'ended' }));
    });
    request.on('error', reject);
  });
}

process.once('message', (start: Start) => {
  void (async () => {
    clients = start.clients;
    const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    const requests: http.ClientRequest[] = [];
    try {
      // in batches, so the server's listen backlog is never the limit
      for (let from = 0; from < start.clients; from += 100) {
        const batch = Array.from({ length: Math.min(100, start.clients - from) }, () => open(start, agent));
        requests.push(...(await Promise.all(batch)));
      }
    } catch (error) {
      send({ type: 'failed', error: (error as Error).message });
      process.exit(1);
    }
    send({ type: 'connected', clients: requests.length });
    process.on('message', (message: { type: string }) => {
      if (message.type !== 'stop') return;
      for (const request of requests) request.destroy();
      agent.destroy();
      process.exit(0);
    });
  })();
});
