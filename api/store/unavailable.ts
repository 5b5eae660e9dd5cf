/**
 * Whether a store error means the storage itself cannot serve now — a full or read-only disk, an
 * I/O error, a PostgreSQL server that is down, restarting or dropped the connection — rather
 * than a fault in this request. Such a request may succeed when tried again later.
 */
export function storageUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  // node:sqlite: the primary result code is the low byte of the extended one
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') return SQLITE_UNAVAILABLE.has(e.errcode & 0xff);
  const code = typeof e.code === 'string' ? e.code : '';
  // a socket that failed (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, …), the file system (ENOSPC, EROFS, EIO)
  if (/^E[A-Z]+$/.test(code)) return true;
  // SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (operator intervention: shut down, terminated)
  if (/^(08|53|57P)/.test(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  // node-postgres, when the server went away mid-query or the pool could not get a connection in time
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

/** SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN */
const SQLITE_UNAVAILABLE = new Set([5, 6, 8, 10, 13, 14]);
