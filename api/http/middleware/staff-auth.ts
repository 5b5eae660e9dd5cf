import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { type Ability, can, standingOn } from '../../service/access.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import { ServiceError } from '../../service/errors.ts';
import { StaffAuth } from '../../service/staff-auth.ts';
import type { AppEnv } from '../env.ts';

export const SESSION_COOKIE = 'cd_session';
export const CSRF_HEADER = 'X-CSRF-Token';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the request reached us over HTTPS, directly or through a proxy that says so. */
export const isHttps = (c: Context): boolean => new URL(c.req.url).protocol === 'https:' || c.req.header('X-Forwarded-Proto') === 'https';

/**
 * Who is asking: a personal API token (`Authorization: Bearer cdt_…`) or the session cookie.
 * A change made with the cookie must also carry the session's CSRF token in a header, which
 * another site's page cannot read. Nobody signed in: 401, with nothing else said.
 */
export function staffAuthentication(auth: StaffAuth): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bearer = c.req.header('Authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = getCookie(c, SESSION_COOKIE);
    const who = bearer ? await auth.fromToken(bearer) : cookie ? await auth.fromSession(cookie) : null;
    if (!who) throw new ServiceError(401, 'unauthorized', 'sign in first');
    if (who.via === 'session' && CHANGES.has(c.req.method) && !StaffAuth.csrfMatches(who.csrfToken, c.req.header(CSRF_HEADER))) {
      throw new ServiceError(403, 'csrf_failed', `send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
    c.set('staff', who);
    await next();
  };
}

/**
 * The site in the path and the caller's standing on it. Someone who is not a member of the
 * site gets the same 404 as for a site that does not exist: nothing crosses sites.
 */
export function staffSite(desk: ComplaintDesk): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.param('site') ?? '';
    const standing = standingOn(c.get('staff').user, key);
    if (!standing) throw new ServiceError(404, 'site_not_found', `no site "${key}"`);
    c.set('site', await desk.site(key));
    c.set('standing', standing);
    await next();
  };
}

/** A route for those whose roles carry an ability; anyone else gets 403 and no data. */
export function requireAbility(ability: Ability): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(c.get('standing'), ability)) throw new ServiceError(403, 'forbidden', 'your role on this site may not do this');
    await next();
  };
}
