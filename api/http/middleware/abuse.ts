import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { clientAddress } from '../../abuse/client-address.ts';
import type { AbuseGuard } from '../../abuse/guard.ts';
import { POW_HEADER } from '../../abuse/proof-of-work.ts';
import type { Bucket } from '../../abuse/settings.ts';
import { ServiceError } from '../../service/errors.ts';
import type { AppEnv } from '../env.ts';

/** The socket's peer; none for a request made in process (tests). */
function socketAddress(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** The address the request is counted against (never logged). */
export function requestAddress(c: Context<AppEnv>, proxies: number): string {
  return clientAddress(socketAddress(c), c.req.header('X-Forwarded-For'), proxies);
}

/** Counts the request against its address's and its site's limits of `bucket` (after the site is known). */
export function limited(guard: AbuseGuard, bucket: Bucket): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await guard.limit(bucket, requestAddress(c, guard.settings.trustProxy), c.get('site').key);
    await next();
  };
}

/**
 * For the routes that take an access code: the lookup limits, and the stricter throttle on wrong
 * codes — an address that gave too many waits, whatever it sends next.
 */
export function accessCodeThrottle(guard: AbuseGuard): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const address = requestAddress(c, guard.settings.trustProxy);
    await guard.lookupAllowed(address);
    await guard.limit('lookup', address, c.get('site').key);
    await next();
    if (c.error instanceof ServiceError && c.error.code === 'complaint_not_found') await guard.lookupFailed(address);
  };
}

/** A filing from the public carries a solved challenge of its site, used once. */
export function proofOfWork(guard: AbuseGuard): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await guard.requireProof(c.get('site').key, c.req.header(POW_HEADER));
    await next();
  };
}
