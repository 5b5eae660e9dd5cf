import type { ComplaintStatus } from '../contract/complaint.ts';
import type { CommandType } from './commands.ts';

type From = ComplaintStatus | 'none';

/** Being handled by a department: the stages between dispatch and the result. */
const HANDLING = ['dispatched', 'investigating', 'plan-proposed', 'in-progress', 'reopened'] as const;
/** Still open in any way: everything but closed, filed, merged or withdrawn. */
const OPEN = [
  'registered',
  'awaiting-information',
  'accepted',
  ...HANDLING,
  'in-mediation',
  'resolved',
  'follow-up',
  'mediated',
  'mediation-failed',
  'settled',
] as const;

/**
 * Which statuses each command may be given in — the procedure as a table. Each row names the
 * rule of PROCEDURES.md it carries out. Anything else is refused with `illegal_transition`.
 */
export const TRANSITIONS: Record<CommandType, { from: readonly From[]; rule: string }> = {
  file: { from: ['none'], rule: 'registration: what, where, who, channel (000 §三1.2, 001 一(三)1)' },
  accept: { from: ['registered'], rule: 'in scope → acceptance notice / confirmation (001 一(三)3, 000 §三1.3)' },
  'not-accept': { from: ['registered'], rule: 'out of scope → reason and the body that can handle it (001 一(三)3, 002 篇2 第九條)' },
  'request-information': {
    from: ['registered', 'accepted', ...HANDLING],
    rule: 'preliminary verification with the complainant; the clocks wait (001 一(三)2)',
  },
  'provide-information': { from: ['awaiting-information'], rule: 'the complainant answers; the clocks run on' },
  'waive-information': { from: ['awaiting-information'], rule: 'staff go on without the answer; the clocks run on' },
  classify: { from: ['registered', 'accepted', ...HANDLING], rule: 'evaluate severity and priority before planning (003 company)' },
  dispatch: {
    from: ['accepted', ...HANDLING],
    rule: 'to the responsible department with a person in charge, requirements and deadline (000 §三2, 001 一(三)4)',
  },
  'arrive-on-site': {
    from: ['registered', 'accepted', 'dispatched', 'investigating'],
    rule: 'on site within minutes for repairs, fire and emergencies (002 篇1 6, 003 property)',
  },
  'start-investigation': { from: ['dispatched', 'reopened'], rule: 'investigation within 48 hours of receipt (000 §三3.1)' },
  'propose-plan': {
    from: ['dispatched', 'investigating', 'plan-proposed', 'reopened'],
    rule: 'measures, responsibilities, schedule; the complainant’s opinion sought (000 §三3.2, 001 一(四)2)',
  },
  'record-plan-opinion': { from: ['plan-proposed'], rule: 'the complainant’s opinion on the plan (001 一(四)2)' },
  'start-work': { from: ['plan-proposed'], rule: 'carry out the plan (000 §三3.3, 001 一(四)3)' },
  'add-note': { from: OPEN, rule: 'progress told to the complainant; every communication recorded (001 一(四)3, 000 §三4.2)' },
  resolve: {
    from: ['accepted', ...HANDLING],
    rule: 'handling done: result, basis, improvement (001 一(四)4); simple cases at once (002 篇3 四1, 003 property)',
  },
  'send-feedback': { from: ['resolved'], rule: 'result to the complainant within 7 / 15 working days (000 §三4.1, 001 一(四)4)' },
  'record-satisfaction': { from: ['follow-up'], rule: 'satisfaction survey after handling (000 §三5, 001 一(四)5)' },
  'record-return-visit': { from: ['follow-up'], rule: 'return visit 3–5 days after; anything not rectified is rectified at once (003)' },
  reopen: {
    from: ['follow-up', 'closed'],
    rule: 'dissatisfied → review (复审), then a second review (003 company); until satisfied (001 一(四)5)',
  },
  escalate: { from: OPEN, rule: 'to the supervisor, the general manager, or a higher level (002 篇3 四2/四4, 003)' },
  'extend-deadline': { from: OPEN, rule: 'a deadline moves only with a reason and an approver' },
  close: {
    from: ['follow-up', 'resolved', 'mediated', 'mediation-failed', 'settled'],
    rule: 'close the case (000 §三5.2, 001 一(五))',
  },
  archive: {
    from: ['closed', 'not-accepted'],
    rule: 'a complete case file; the hotel’s general manager signs it off (000 §三5.2, 002 篇2 第十四條, 002 篇3 五2)',
  },
  merge: { from: ['registered', 'awaiting-information', 'accepted', 'dispatched'], rule: 'the same matter reported twice is handled once' },
  withdraw: { from: OPEN, rule: 'the complainant withdraws' },
  'assess-mediation': {
    from: ['accepted', 'dispatched', 'investigating'],
    rule: 'eligible → written file and mediation; not eligible → explain according to law (003 agriculture bureau)',
  },
  'record-mediation-agreement': { from: ['in-mediation'], rule: 'a signed agreement in three copies, its performance supervised (003)' },
  'record-mediation-failure': { from: ['in-mediation'], rule: 'mediation fails → advise court or arbitration (003)' },
  'record-settlement': { from: ['in-mediation'], rule: 'the parties settle on their own and sign a settlement (003)' },
  'record-finding': {
    from: ['investigating', 'plan-proposed', 'in-progress', 'resolved', 'follow-up', 'reopened'],
    rule: 'substantiated conduct complaints counted per person per year (002 篇2 第十二條)',
  },
  correct: { from: [...OPEN, 'not-accepted', 'closed'], rule: 'records are never altered: a correction is a new event (000 §六1)' },
  'raise-deadlines': { from: OPEN, rule: 'warnings and breaches on time; a breach goes to the supervisor' },
};

export const OPEN_STATUSES: readonly ComplaintStatus[] = OPEN;
