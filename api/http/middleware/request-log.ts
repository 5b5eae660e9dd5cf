import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../env.ts';
import type { Logger } from '../logger.ts';

/**
 * One structured line per request. The route pattern is logged instead of the path, and no
 * query, body or client address, so references and personal data stay out of the logs.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c, -1);
    logger.info({
      requestId: c.get('requestId'),
      method: c.req.method,
      route: route === '/*' || !route ? 'unmatched' : route,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  };
}
