import type { QueueSort } from '../contract/staff.ts';

/** A queue cursor that was not made by this server for this sort: the caller's mistake, a 422. */
export class BadCursor extends Error {
  constructor(reason: string) {
    super(`not a cursor of this queue: ${reason}`);
    this.name = 'BadCursor';
  }
}

/**
 * Where a page ended: the last row's sort key, id last. `due` keys on the due time (null for a
 * complaint without one), then the registration; the others on their one time.
 */
export type CursorKey = (string | null)[];

const KEY_LENGTH: Record<QueueSort, number> = { due: 3, registered: 2, '-registered': 2, '-updated': 2 };
/** well above any real key (three timestamps and an id), well below what would cost to parse */
const MAX_LENGTH = 1000;

/** base64url of JSON `[sort, ...key]`: opaque to clients, and naming the sort it belongs to. */
export function encodeCursor(sort: QueueSort, key: CursorKey): string {
  return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: QueueSort): CursorKey {
  // Buffer skips characters outside the alphabet without a word: check them first
  if (cursor.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new BadCursor('not base64url');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursor('not readable');
  }
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'string') throw new BadCursor('not readable');
  const [from, ...key] = decoded as unknown[];
  if (from !== sort) throw new BadCursor(`made for sort=${String(from)}, not sort=${sort}`);
  if (key.length !== KEY_LENGTH[sort]) throw new BadCursor('wrong length');
  // only the due time may be null (a complaint without a deadline); the rest are times and an id
  const valid = key.every((part, i) => typeof part === 'string' || (part === null && sort === 'due' && i === 0));
  if (!valid) throw new BadCursor('wrong kind of key');
  return key as CursorKey;
}
