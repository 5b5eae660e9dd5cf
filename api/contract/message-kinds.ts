/**
 * The messages the service sends, in the order of the procedure: those to complainants, then
 * those to staff. Plain data without zod, so the browser code (the portal's webhook settings)
 * can list them without carrying the schemas.
 */
export const COMPLAINANT_MESSAGE_KINDS = [
  'receipt',
  'acceptance-notice',
  'not-accepted',
  'information-requested',
  'progress',
  'result',
  'satisfaction-survey',
  'reopen-confirmation',
] as const;

export const STAFF_MESSAGE_KINDS = ['assignment', 'escalation', 'deadline-warning', 'deadline-breach'] as const;

export const MESSAGE_KINDS = [...COMPLAINANT_MESSAGE_KINDS, ...STAFF_MESSAGE_KINDS] as const;

export type MessageKindCode = (typeof MESSAGE_KINDS)[number];
