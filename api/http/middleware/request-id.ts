import type { MiddlewareHandler } from 'hono';
import { randomBytes } from 'node:crypto';
import type { AppEnv } from '../env.ts';

/** Random per process start, so ids from different runs or processes never collide. */
const BOOT = randomBytes(6).toString('base64url');
const VALID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Gives each request an id for the logs and the X-Request-Id answer header, or keeps a sane
 * one a proxy already assigned. A counter, not a UUID per request: cheap on the hot path.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  let counter = 0;
  return async (c, next) => {
    const given = c.req.header('X-Request-Id');
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    const id = given && VALID.test(given) ? given : `${BOOT}-${counter.toString(36)}`;
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}
