import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locale } from '../../api/contract/common.ts';
import type { Complainant } from '../../api/contract/complaint.ts';
import { createApp } from '../../api/http/app.ts';
import type { Logger } from '../../api/http/logger.ts';
import type { Channel } from '../../api/notify/channel.ts';
import { Dispatcher, type DispatcherOptions } from '../../api/notify/dispatcher.ts';
import { ServerLinks } from '../../api/notify/links.ts';
import { PushChannel, WebPush } from '../../api/notify/push.ts';
import { Surveys } from '../../api/notify/survey.ts';
import { WebhookChannel } from '../../api/notify/webhook.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';
import type { Command } from '../../api/workflow/commands.ts';
import type { ComplaintState } from '../../api/workflow/state.ts';
import type { TestApi } from './api.ts';

export const PUBLIC_URL = 'http://complaints.test';
export const VAPID_SUBJECT = 'mailto:desk@complaints.test';

export interface ChannelHarness {
  /** the app, with Web Push that may post to a push service on this machine (the test's) */
  api: TestApi;
  push: WebPush;
  desk: ComplaintDesk;
  /** the app's and the dispatcher's clock: real time plus whatever `advance` added */
  clock: { now(): Date };
  advance(ms: number): void;
  logs: Record<string, unknown>[];
  links: ServerLinks;
  /** a dispatcher with the push and webhook channels (and any others given) */
  dispatcher(options?: Partial<DispatcherOptions>, extra?: Channel[]): Dispatcher;
  /** files a complaint on the public API; `complainant` null files it without any contact */
  file(site: string, language: Locale, complainant?: Complainant | null): Promise<ComplaintState & { accessCode: string }>;
  /** a staff step, as a member of staff */
  act(complaint: ComplaintState, command: Command): Promise<ComplaintState>;
  close(): Promise<void>;
}

/** The app on a real SQLite file, and dispatchers with the push and webhook channels to run by hand. */
export async function channelHarness(): Promise<ChannelHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-channels-'));
  const store = new SqliteStore(join(dir, 'complaints.sqlite'));
  await store.migrate();
  await seedDemoSites(store);
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = { info: (fields) => logs.push({ level: 'info', ...fields }), error: (fields) => logs.push({ level: 'error', ...fields }) };
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const push = new WebPush(store, { subject: VAPID_SUBJECT, loopbackHttp: true });
  const app = createApp({ store, logger, push, clock, localTargets: true });
  const desk = new ComplaintDesk(store, clock);
  const links = new ServerLinks(PUBLIC_URL, desk, new Surveys(store, desk, clock));
  const running: Dispatcher[] = [];
  const api: TestApi = {
    app,
    store,
    dir,
    logs,
    call: (method, path, body, headers = {}) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return {
    api,
    push,
    desk,
    clock,
    logs,
    links,
    advance: (ms) => {
      offset += ms;
    },
    dispatcher: (options = {}, extra = []) => {
      const dispatcher = new Dispatcher({
        store,
        channels: [new PushChannel(store, push, { timeoutMs: 2000 }), new WebhookChannel(store, { timeoutMs: 2000 }), ...extra],
        links,
        clock,
        logger,
        // no jitter: waits are exactly computable
        options: { random: () => 1, ...options },
      });
      running.push(dispatcher);
      return dispatcher;
    },
    file: async (site, language, complainant = { name: '王芳', email: 'resident@example.cn' }) => {
      const response = await api.call('POST', `/api/v1/sites/${site}/complaints`, {
        category: site === 'demo-hotel' ? 'noise' : 'facilities',
        description: '3号楼2单元楼道灯坏了一周,晚上很黑。',
        place: site === 'demo-hotel' ? { room: '1208' } : { unit: '3-2', room: '401' },
        language,
        ...(complainant ? { complainant } : {}),
        consent: true,
      });
      if (response.status !== 201) throw new Error(`filing failed: ${response.status} ${await response.text()}`);
      const filed = (await response.json()) as { reference: string; accessCode: string };
      const state = await store.findByReference(site, filed.reference);
      return { ...state!, accessCode: filed.accessCode };
    },
    act: async (complaint, command) => {
      const site = await desk.site(complaint.siteKey);
      const current = (await store.getComplaint(complaint.id))!;
      return (await desk.execute(site, complaint.id, command, { kind: 'staff', id: 'staff-test' }, current.version)).state;
    },
    close: async () => {
      for (const dispatcher of running) await dispatcher.stop();
      await api.close();
    },
  };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  /** `http://127.0.0.1:{port}` */
  origin: string;
  received: ReceivedRequest[];
  stop(): Promise<void>;
}

/** An HTTP server on loopback that keeps every request and answers with the status `answer` decides. */
export async function startReceiver(answer: (request: ReceivedRequest) => number | Promise<number>): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      void Promise.resolve(answer(request)).then((status) => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(status < 300 ? 'ok' : 'no');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
