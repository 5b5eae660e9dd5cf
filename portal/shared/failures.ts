import { msg } from '@lit/localize';
import type { ErrorIssue } from '../../api/contract/common.ts';
import type { StaffFailure } from './staff-api.ts';

/**
 * What went wrong loading the complaints or taking a step from a list of them (the queue, the
 * desk), for the member: no connection, not allowed by their roles, changed by someone else, or
 * the server's own message.
 */
export function failureMessage(failure: StaffFailure | undefined): string {
  if (!failure || failure.kind === 'network') return msg('The service cannot be reached. Check the connection and try again.');
  if (failure.status === 401) return msg('Your session has ended. Sign in again.');
  if (failure.status === 403) return msg('Your roles on this site do not allow this.');
  if (failure.status === 404) return msg('This complaint is not there any more, or not for your roles.');
  if (failure.status === 409 && failure.code === 'version_conflict')
    return msg('Someone else changed this complaint meanwhile. It has been reloaded: check it and try again.');
  if (failure.status === 409 || failure.code === 'no_longer_allowed') return msg('The complaint’s present status does not allow this any more.');
  if (failure.status === 429) return msg('Too many requests. Wait a moment and try again.');
  if (failure.status >= 500) return msg('The service had a problem. Try again in a moment.');
  return failure.message || msg('The service refused this.');
}

/*
 * A form the member sent (a command, a registration) and the server refused. Each form says in
 * its own words what the connection, its role and a conflict mean for it; the rest reads the same
 * on every form, and what was typed is always kept.
 */

/** A refusal every form explains alike: signed out, fields to fix, too many requests, the server's trouble. */
export function sendFailure(failure: Extract<StaffFailure, { kind: 'http' }>): string {
  switch (failure.status) {
    case 401:
      return msg('You have been signed out. Sign in again in another tab, then send again.');
    case 422:
      return msg('Some fields need attention.');
    case 429:
      return msg('Too many requests. Wait a moment and send again.');
    default:
      return msg('The service had a problem. Nothing was lost: send again in a moment.');
  }
}

/** A server's refusal at a field, in the words every form uses; undefined for a code a form words itself. */
export function fieldIssue(issue: Pick<ErrorIssue, 'code'>): string | undefined {
  switch (issue.code) {
    case 'too_small':
    case 'invalid_type':
      return msg('Fill this in.');
    case 'too_big':
      return msg('This is too long.');
    case 'invalid_format':
      return msg('This is not in the expected form.');
    case 'unknown_category':
      return msg('This category is not on this site.');
    case 'missing_answer':
      return msg('This question needs one of the offered answers.');
    default:
      return undefined;
  }
}

/**
 * The issues of a 422 at the fields of the form that hold them (the first message per field, as
 * `wording` says it); those no field on the form holds are added to `summary`, the line above it.
 */
export function issuesAtFields(
  issues: readonly ErrorIssue[],
  fieldOf: (issue: ErrorIssue) => string | undefined,
  wording: (issue: ErrorIssue) => string,
  summary: string,
): { errors: Record<string, string>; summary: string } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue);
    if (field) errors[field] ??= wording(issue);
    else unplaced.push(wording(issue));
  }
  return { errors, summary: unplaced.length ? `${summary} ${unplaced.join(' ')}` : summary };
}
