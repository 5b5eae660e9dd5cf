import { createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

/** Random bytes drawn from a pool refilled 4 KiB at a time: one system call for hundreds of ids. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function pooledRandom(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + size));
  poolOffset += size;
  return bytes;
}

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand stays right. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
  }
  return out;
}

const group = (code: string, size: number) => code.match(new RegExp(`.{1,${size}}`, 'g'))!.join('-');

/** A reference a person can read over the phone: 8 characters, 40 bits, unique per site. */
export function newReference(): string {
  return group(base32(pooledRandom(5), 8), 4);
}

export const ACCESS_CODE_CHARS = 20; // 100 bits

/**
 * The access code that goes with a complaint. With an Idempotency-Key it is derived from the
 * key and a server secret, so a replayed request gets the same code back although only its
 * hash is stored; without one it is random.
 */
export function newAccessCode(secret: string, idempotency?: { scope: string; key: string }): string {
  const bytes = idempotency
    ? createHmac('sha256', secret).update(`${idempotency.scope}\n${idempotency.key}`).digest()
    : randomBytes(32);
  return group(base32(bytes, ACCESS_CODE_CHARS), 5);
}

/** What a person may have typed: lower case, spaces, dashes, O for 0, I or L for 1. */
export function normalizeCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function hashAccessCode(code: string): string {
  return sha256(`access-code\n${normalizeCode(code)}`);
}

/** Compares an offered access code with the stored hash in constant time. */
export function accessCodeMatches(offered: string, storedHash: string): boolean {
  const a = Buffer.from(hashAccessCode(offered), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function normalizeReference(input: string): string {
  const code = normalizeCode(input);
  return code.length === 8 ? group(code, 4) : code;
}

export const randomSecret = (): string => randomBytes(32).toString('base64url');

/**
 * A UUID (version 7) that starts with the time: new complaints land at the end of the indexes
 * instead of all over them, which keeps inserts cheap as the record grows.
 */
export function timeOrderedId(now: number = Date.now()): string {
  const bytes = pooledRandom(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
