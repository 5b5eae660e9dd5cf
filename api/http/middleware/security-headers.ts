import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * The resident app and the demonstration pages load only this service's own scripts, styles and
 * API; the app keeps its one inline style sheet (the site's colours). No other page may frame
 * the app (a resident's withdraw button under someone else's page); the demo pages may be framed
 * by this service only.
 */
export const RESIDENT_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Any other page: only this service may frame it. */
const OTHER_HTML_CSP = "frame-ancestors 'self'";

interface PagePolicy {
  csp: string;
  referrer: string;
}

function policyFor(path: string): PagePolicy {
  if (path.startsWith('/app/')) return { csp: RESIDENT_APP_CSP, referrer: 'same-origin' };
  if (path === '/demo/' || path.startsWith('/demo/')) return { csp: DEMO_CSP, referrer: 'strict-origin-when-cross-origin' };
  return { csp: OTHER_HTML_CSP, referrer: 'strict-origin-when-cross-origin' };
}

/**
 * Headers every answer gets unless its route chose its own: nothing is read as another type than
 * it says; an HTML page also says whom it may be framed by and how much of its address it passes
 * on. Routes with stricter rules of their own (the portal, the survey pages) keep them.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.has('X-Content-Type-Options')) headers.set('X-Content-Type-Options', 'nosniff');
    if (!/^text\/html\b/i.test(headers.get('Content-Type') ?? '')) return;
    const policy = policyFor(c.req.path);
    if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', policy.csp);
    if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', policy.referrer);
    if (!headers.has('X-Frame-Options')) {
      const ancestors = /frame-ancestors ([^;]+)/.exec(headers.get('Content-Security-Policy')!)?.[1]?.trim();
      headers.set('X-Frame-Options', ancestors === "'none'" ? 'DENY' : 'SAMEORIGIN');
    }
  };
}
