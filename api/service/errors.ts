import type { ErrorIssue } from '../contract/common.ts';
import type { Rejection } from '../workflow/commands.ts';
import type { ComplaintState } from '../workflow/state.ts';

/** A refusal the caller can act on; the HTTP edge turns it into one JSON error answer. */
export class ServiceError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;
  readonly code: string;
  readonly issues: ErrorIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: ServiceError['status'],
    code: string,
    message: string,
    extra: { issues?: ErrorIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.status = status;
    this.code = code;
    this.issues = extra.issues;
    this.details = extra.details;
  }
}

/**
 * Rejections about what was asked are 422 at the field; rejections about when — the
 * complaint is not in a state for it — are 409 and say the status it is in.
 */
export function fromRejection(rejection: Rejection, state?: ComplaintState): ServiceError {
  if (rejection.field) {
    return new ServiceError(422, rejection.code, rejection.message, {
      issues: [{ path: rejection.field, message: rejection.message, code: rejection.code }],
    });
  }
  if (rejection.code === 'not_allowed_for_actor') return new ServiceError(403, rejection.code, rejection.message);
  return new ServiceError(409, rejection.code, rejection.message, state ? { details: { status: state.status, version: state.version } } : {});
}
