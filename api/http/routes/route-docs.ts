import { ErrorBody } from '../../contract/common.ts';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'the body is not valid JSON',
  401: 'not signed in (no valid session cookie or API token)',
  403: 'not allowed: another site’s page, a role without this right, a missing CSRF token, or a filing without a valid proof of work',
  404: 'no such site, complaint or item — or not one the caller may see',
  409: 'refused in the present state (`code` says why; `details` has the current state), or a key reused',
  412: 'changed since it was read: the `If-Match` tag is no longer the current one; read it again',
  413: 'the body is larger than 1 MiB',
  415: 'the body is not application/json',
  422: 'the request is well-formed but invalid; `issues` names the fields',
  429: 'too many attempts; `Retry-After` says when to try again',
};

/** The documented error answers of a route: all share the one error shape. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status] ?? 'error', content: { 'application/json': { schema: ErrorBody } } },
    ]),
  );
