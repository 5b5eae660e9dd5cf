import { msg } from '@lit/localize';
import type { ApiFailure } from '../shared/api.ts';

/** A field-level problem the server found, said in the resident's language. */
export function issueMessage(code: string, field: string): string {
  switch (code) {
    case 'unknown_category':
      return msg('This category is no longer offered. Choose another.');
    case 'missing_answer':
      return msg('Please answer this question.');
    case 'anonymous_not_allowed':
      return msg('Please give your name.');
    case 'too_big':
      return msg('This is too long.');
    case 'too_small':
      return field === 'description' ? msg('Describe what happened.') : msg('This is needed.');
    case 'invalid_format':
    case 'invalid_string':
      return msg('This does not look right. Please check it.');
    default:
      return msg('Please check this field.');
  }
}

/** Why a request failed, as a sentence the resident can act on. */
export function failureMessage(failure: ApiFailure): string {
  if (failure.kind === 'network') {
    return msg('Could not reach the complaint service. Check your connection and try again.');
  }
  switch (failure.code) {
    case 'site_not_found':
      return msg('This complaint form is not set up correctly (unknown site). Please tell the website owner.');
    case 'origin_not_allowed':
      return msg('This website is not allowed to send complaints to this service. Please tell the website owner.');
    case 'payload_too_large':
      return msg('The complaint is too large to send. Please shorten it.');
    case 'rate_limited':
      return msg('Too many complaints were sent from here just now. Please wait a minute and try again.');
    case 'complaint_not_found':
      return msg('No complaint matches this reference and access code. Please check both.');
    case 'too_many_lookups':
      return msg('Too many attempts from here. Please wait a few minutes and try again.');
    case 'automated_submission':
      return msg('Not accepted: a hidden anti-spam field was filled in, perhaps by autofill. Reload the page and send it again.');
    default:
      if (failure.code.startsWith('proof_of_work')) return msg('The anti-spam check failed. Reload the page and send it again.');
      if (failure.status === 422 || failure.status === 400) return msg('Please correct the marked fields.');
      return msg('The service could not take the complaint just now. Please try again in a few minutes.');
  }
}
