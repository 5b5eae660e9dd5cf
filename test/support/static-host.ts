import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another website on another origin: a site owner's page that embeds the widget from the
 * complaint service, as in the README snippet.
 */
export async function startHostSite(pages: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    const page = pages[new URL(request.url ?? '/', 'http://host').pathname];
    if (page === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // "localhost" vs the API's "127.0.0.1": a different origin, as on the open web
  return { url: `http://localhost:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
