import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../errors.ts';

/**
 * Refuses bodies over `maxSize` bytes with 413. A declared Content-Length is judged from the
 * header alone (the HTTP parser holds the body to it), which leaves the body for the
 * handler to read straight from the socket; only a chunked body of unknown length is
 * counted as it streams in.
 */
export function bodySize(maxSize: number): MiddlewareHandler {
  const tooLarge = errorBody('payload_too_large', `the request body is larger than ${maxSize / 1024 / 1024} MiB`);
  const counted = bodyLimit({ maxSize, onError: (c) => c.json(tooLarge, 413) });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxSize ? c.json(tooLarge, 413) : next();
    }
    return counted(c, next);
  };
}
