import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storageUnavailable } from '../../api/store/unavailable.ts';
import { FILING, type TestApi, startTestApi } from '../support/api.ts';

/** An error as node:sqlite throws it, with SQLite's (extended) result code. */
const sqliteError = (errcode: number, errstr: string) => Object.assign(new Error(errstr), { code: 'ERR_SQLITE_ERROR', errcode, errstr });
/** An error as node-postgres reports the server's, with its SQLSTATE. */
const postgresError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('which store errors mean the storage cannot serve now', () => {
  it('a full, read-only or failing disk, a busy database, a PostgreSQL server gone or restarting', () => {
    for (const error of [
      sqliteError(13, 'database or disk is full'),
      sqliteError(8, 'attempt to write a readonly database'),
      sqliteError(778, 'disk I/O error'), // SQLITE_IOERR_WRITE
      sqliteError(5, 'database is locked'),
      postgresError('57P01', 'terminating connection due to administrator command'),
      postgresError('57P03', 'the database system is starting up'),
      postgresError('08006', 'connection failure'),
      postgresError('53300', 'too many connections for role'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(storageUnavailable(error), error.message).toBe(true);
    }
  });

  it('not a fault in the request or the code: a constraint, a syntax error, anything else', () => {
    for (const error of [
      sqliteError(19, 'UNIQUE constraint failed: complaints.site_key, complaints.reference'),
      sqliteError(1, 'no such table: complaintz'),
      postgresError('23505', 'duplicate key value violates unique constraint'),
      postgresError('42P01', 'relation "complaintz" does not exist'),
      new TypeError('Cannot read properties of undefined'),
      null,
      'a string',
    ]) {
      expect(storageUnavailable(error), String((error as Error | null)?.message ?? error)).toBe(false);
    }
  });
});

describe('a request the store cannot serve', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await api.close();
  });

  it('answers 503 storage_unavailable, as JSON, with Retry-After, and logs it without a stack', async () => {
    vi.spyOn(api.store, 'commit').mockRejectedValue(sqliteError(13, 'database or disk is full'));
    const response = await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, { 'Idempotency-Key': 'disk-full-0001' });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('storage_unavailable');
    expect(body.error.message).toMatch(/Idempotency-Key/);
    const logged = api.logs.find((entry) => entry.storage === 'unavailable');
    expect(logged).toMatchObject({ level: 'error', message: 'database or disk is full' });
    expect(logged).not.toHaveProperty('stack');
  });

  it('a read the store cannot answer is a 503 too; any other failure stays a 500', async () => {
    const filed = (await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, { 'Idempotency-Key': 'read-later-0001' })).json()) as {
      reference: string;
      accessCode: string;
    };
    const read = () => api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}`, undefined, { 'X-Access-Code': filed.accessCode });
    expect((await read()).status).toBe(200);

    const lookup = vi.spyOn(api.store, 'findByReference').mockRejectedValueOnce(postgresError('57P01', 'terminating connection due to administrator command'));
    expect((await read()).status).toBe(503);
    lookup.mockRejectedValueOnce(new TypeError('Cannot read properties of undefined'));
    const broken = await read();
    expect(broken.status).toBe(500);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('internal_error');
    expect((await read()).status).toBe(200);
  });
});
