/**
 * The baseline: a bare node:http server that reads the body, parses the JSON and answers 201
 * (a GET: 200 with a small JSON document). No framework, no validation, no storage — the
 * ceiling the product is measured against.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let served = 0;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { category?: string }) : {};
    served += 1;
    const answer = JSON.stringify({ reference: `BARE-${served}`, status: 'registered', category: body.category });
    response.writeHead(request.method === 'GET' ? 200 : 201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
    response.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
