import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../errors.ts';

/** A write without a JSON body is answered 415 before validation can mistake it for empty JSON. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
    const type = c.req.header('Content-Type') ?? '';
    if (!/^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
      return c.json(errorBody('unsupported_media_type', 'send the body as JSON with Content-Type: application/json'), 415);
    }
  }
  await next();
};
