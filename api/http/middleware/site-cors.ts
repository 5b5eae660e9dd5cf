import type { MiddlewareHandler } from 'hono';
import type { ComplaintDesk } from '../../service/complaints.ts';
import { ServiceError } from '../../service/errors.ts';
import type { AppEnv } from '../env.ts';

const ALLOW_HEADERS = 'Content-Type, Idempotency-Key, X-Access-Code, X-Proof-Of-Work';
const EXPOSE_HEADERS = 'Retry-After, X-Request-Id';

/** The product's own pages (the resident app) are always allowed to use its API. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Loads the site named in the path and answers CORS for it: only the origins the site owner
 * allowed may call its public intake from a browser. Requests without an Origin (servers,
 * curl) pass. An unknown site still gets CORS headers so the widget can read the 404.
 */
export function siteWithCors(desk: ComplaintDesk): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const allow = (value: string) => {
      c.header('Access-Control-Allow-Origin', value);
      c.header('Vary', 'Origin', { append: true });
      c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    };
    let site;
    try {
      site = await desk.site(c.req.param('site') ?? '');
    } catch (error) {
      if (origin) allow(origin);
      if (c.req.method === 'OPTIONS') return c.body(null, 204);
      throw error;
    }
    if (origin && !sameOrigin(origin, c.req.header('Host'))) {
      const allowed = site.allowedOrigins.includes('*') || site.allowedOrigins.includes(origin);
      if (!allowed) throw new ServiceError(403, 'origin_not_allowed', `this site does not accept complaints from ${origin}`);
      allow(site.allowedOrigins.includes('*') ? '*' : origin);
    }
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    c.set('site', site);
    await next();
  };
}
