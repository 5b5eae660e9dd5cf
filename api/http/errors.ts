import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { ErrorBody, ErrorIssue } from '../contract/common.ts';
import { ServiceError } from '../service/errors.ts';
import { BadCursor } from '../store/cursor.ts';
import { storageUnavailable } from '../store/unavailable.ts';
import type { Logger } from './logger.ts';

export function errorBody(code: string, message: string, issues?: ErrorIssue[], details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}), ...(details ? { details } : {}) } };
}

export function zodIssues(error: ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: issue.message,
    code: issue.code,
  }));
}

/** Validation failures from the route schemas: 422, with each issue at its field. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return c.json(errorBody('validation_failed', 'the request does not match the schema', zodIssues(result.error)), 422);
}

/** how long a client is asked to wait before trying again when the store is unavailable */
const STORAGE_RETRY_AFTER_SECONDS = 5;

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The one place any thrown error becomes an answer: always the same JSON shape. */
export function errorHandler(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ServiceError) {
      const { retryAfter, ...details } = error.details ?? {};
      if (error.status === 429 && retryAfter) c.header('Retry-After', String(retryAfter));
      return c.json(errorBody(error.code, error.message, error.issues, Object.keys(details).length ? details : undefined), error.status);
    }
    if (error instanceof BadCursor) {
      return c.json(errorBody('bad_cursor', 'the cursor does not belong to this queue; start from the first page', [{ path: ['cursor'], message: error.message, code: 'bad_cursor' }]), 422);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      if (status === 400 && /json/i.test(error.message)) {
        return c.json(errorBody('malformed_json', 'the request body is not valid JSON'), 400);
      }
      if (status === 415) {
        return c.json(errorBody('unsupported_media_type', 'send the body as JSON with Content-Type: application/json'), 415);
      }
      return c.json(errorBody(HTTP_CODES[status] ?? 'http_error', error.message || 'request refused'), status);
    }
    if (storageUnavailable(error)) {
      // a full disk, a database restarting: the request may well succeed in a moment
      logger.error({ requestId: c.get('requestId'), error: error.name, message: error.message, storage: 'unavailable' });
      c.header('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
      return c.json(
        errorBody('storage_unavailable', 'the complaint store cannot be written or reached right now; try again shortly (with the same Idempotency-Key, a filing is never made twice)'),
        503,
      );
    }
    logger.error({ requestId: c.get('requestId'), error: error.name, message: error.message, stack: error.stack });
    return c.json(errorBody('internal_error', 'something went wrong on our side; nothing was saved'), 500);
  };
}
