/**
 * Every status a complaint can have, in the order of the procedure. Plain data without zod, so
 * the browser code can list them without carrying the schemas.
 */
export const COMPLAINT_STATUSES = [
  'registered',
  'awaiting-information',
  'accepted',
  'not-accepted',
  'dispatched',
  'investigating',
  'plan-proposed',
  'in-progress',
  'resolved',
  'follow-up',
  'reopened',
  'in-mediation',
  'mediated',
  'mediation-failed',
  'settled',
  'closed',
  'archived',
  'merged',
  'withdrawn',
] as const;
