import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import type { Logger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ApiKeys } from '../../api/service/api-keys.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import type { Store } from '../../api/store/store.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';
import type { TestApi } from './api.ts';
import { jsonToPlain, parseXml, xmlToPlain } from './xml.ts';

export type Format = 'json' | 'xml';
export const FORMATS: Format[] = ['json', 'xml'];

/** The lists of the GeoReport v2 XML answers, by the element their items are called. */
export const XML_LISTS = {
  endpoints: 'endpoint',
  formats: 'format',
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_requests_updates: 'request_update',
  service_request_updates: 'request_update',
  errors: 'error',
};

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export interface Answer {
  status: number;
  headers: Headers;
  /** the body as it came */
  raw: string;
  /** the XML root's name; undefined for JSON */
  root: string | undefined;
  /** both formats as the same plain data, every value a string (XML's shape) */
  plain: unknown;
  /** the JSON as parsed, with its types; undefined for XML */
  json: unknown;
}

/** A clock the test moves. */
export class TestClock {
  at: Date;
  constructor(at = new Date()) {
    this.at = at;
  }
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date): void {
    this.at = at;
  }
}

export interface Open311Api extends TestApi {
  clock: TestClock;
  desk: ComplaintDesk;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  post(path: string, fields: Record<string, string | string[] | undefined>, headers?: Record<string, string>): Promise<Answer>;
  /** a fresh key of the site */
  key(site: string): Promise<{ id: string; key: string }>;
}

export async function read(response: Response): Promise<Answer> {
  const raw = await response.text();
  const type = response.headers.get('content-type');
  if (type === CONTENT_TYPE.xml) {
    const root = parseXml(raw);
    return { status: response.status, headers: response.headers, raw, root: root.name, plain: xmlToPlain(root, XML_LISTS), json: undefined };
  }
  expect(type, raw).toBe(CONTENT_TYPE.json);
  const json = JSON.parse(raw) as unknown;
  return { status: response.status, headers: response.headers, raw, root: undefined, plain: jsonToPlain(json), json };
}

export function formBody(fields: Record<string, string | string[] | undefined>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) body.append(name, v);
  }
  return body.toString();
}

/** The app on a fresh SQLite file with the demo sites, on a clock the test moves. */
export async function startOpen311Api(store?: Store): Promise<Open311Api> {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-open311-'));
  const own = store ?? new SqliteStore(join(dir, 'complaints.sqlite'));
  if (!store) {
    await own.migrate();
    await seedDemoSites(own);
  }
  const clock = new TestClock();
  const desk = new ComplaintDesk(own, clock);
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = { info: (fields) => logs.push({ level: 'info', ...fields }), error: (fields) => logs.push({ level: 'error', ...fields }) };
  const app = createApp({ store: own, desk, clock, logger });
  const request = (path: string, init: RequestInit) => Promise.resolve(app.request(path, init));
  return {
    app,
    store: own as SqliteStore,
    dir,
    logs,
    clock,
    desk,
    call: (method, path, body, headers = {}) =>
      request(path, {
        method,
        headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: async (path, headers = {}) => read(await request(path, { method: 'GET', headers })),
    post: async (path, fields, headers = {}) =>
      read(await request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: formBody(fields) })),
    key: async (key) => {
      const site = (await own.getSite(key))!;
      const created = await new ApiKeys(own, clock).create(site, 'test client', 'test');
      return { id: created.id, key: created.key };
    },
    close: async () => {
      if (!store) await own.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
