import { Complainant, Description, Place } from '../contract/complaint.ts';
import type { Actor, EventData, EventType, NewEvent, StoredEvent } from '../contract/events.ts';
import type { SitePolicy } from '../contract/site.ts';
import type { CommandOf, CommandType, FileCommand, Issued, Rejection, RejectionCode } from './commands.ts';
import {
  type WorkingTime,
  dueDeadlines,
  extendClock,
  pauseClocks,
  resumeClocks,
  runningClocks,
  startClock,
  stageDuration,
  stopClocks,
} from './deadlines.ts';
import { routeByCategory } from './routing.ts';
import type { ComplaintState } from './state.ts';
import { TRANSITIONS } from './transitions.ts';

import { evolve } from './evolve.ts';

export { evolve, replay } from './evolve.ts';
export type { Command, Issued, Rejection, RejectionCode } from './commands.ts';

/** A site's rules and the calendar its working days are counted on. */
export interface Policy {
  rules: SitePolicy;
  calendar: WorkingTime;
}

export type Decision = { ok: true; events: NewEvent[] } | { ok: false; rejection: Rejection };

/** Commands a complainant may give about their own complaint; the clock's are the system's alone. */
const COMPLAINANT_COMMANDS: ReadonlySet<CommandType> = new Set([
  'file',
  'provide-information',
  'record-plan-opinion',
  'record-satisfaction',
  'withdraw',
  'reopen',
]);

class Refusal {
  readonly rejection: Rejection;
  constructor(code: RejectionCode, message: string, field?: (string | number)[]) {
    this.rejection = field ? { code, message, field } : { code, message };
  }
}

/**
 * What a handler works with: the rules, the time, and a way to record events. `state` follows
 * the events recorded so far, so each step of a handler sees what the earlier steps did.
 */
class Decider {
  readonly events: NewEvent[] = [];
  state: ComplaintState;
  readonly policy: Policy;
  readonly now: Date;
  readonly actor: Actor;

  constructor(state: ComplaintState, policy: Policy, now: Date, actor: Actor) {
    this.state = state;
    this.policy = policy;
    this.now = now;
    this.actor = actor;
  }

  get rules(): SitePolicy {
    return this.policy.rules;
  }

  emit<T extends EventType>(type: T, data: EventData<T>): this {
    const event = { type, data, actor: this.actor, at: this.now.toISOString() } as NewEvent;
    this.events.push(event);
    this.state = evolve(this.state, { ...event, complaintId: this.state.id, seq: this.state.version + 1, prevHash: '', hash: '' } as StoredEvent);
    return this;
  }

  stop(stages: Parameters<typeof stopClocks>[1], cancelled = false): this {
    for (const data of stopClocks(this.state, stages, this.now, cancelled)) this.emit('clock-stopped', data);
    return this;
  }

  /** Starts a stage's clock from the policy; a stage without a policy has no clock. */
  start(stage: 'acknowledge' | 'onSite' | 'investigate' | 'resolve' | 'feedback', category = this.state.category): this {
    const duration = stageDuration(this.rules, category, stage);
    if (duration) this.emit('clock-started', startClock(stage, { duration }, this.now, this.policy.calendar, this.rules.warningShare));
    return this;
  }

  escalateTo(to: 'supervisor' | 'manager' | 'higher-level', reason: EventData<'escalated'>['reason'], extra: { stage?: EventData<'escalated'>['stage']; note?: string } = {}): this {
    const recipient =
      to === 'supervisor'
        ? this.rules.departments.find((d) => d.code === this.state.department)?.supervisor
        : to === 'manager'
          ? this.rules.manager
          : undefined;
    return this.emit('escalated', {
      to,
      reason,
      level: this.state.escalationLevel + 1,
      ...(recipient ? { recipient } : {}),
      ...extra,
    });
  }
}

type Handler<T extends CommandType> = (d: Decider, command: CommandOf<T>) => void;

const refuse = (code: RejectionCode, message: string, field?: (string | number)[]): never => {
  throw new Refusal(code, message, field);
};

function requireDepartment(rules: SitePolicy, code: string, field: string): void {
  if (!rules.departments.some((d) => d.code === code)) refuse('unknown_department', `no department "${code}" on this site`, [field]);
}

function futureTime(iso: string | undefined, now: Date, field: string): Date | undefined {
  if (iso === undefined) return undefined;
  const time = new Date(iso);
  if (Number.isNaN(time.getTime()) || time <= now) refuse('invalid_value', 'give a time in the future', [field]);
  return time;
}

/** One handler per command; each records the events the procedure calls for. */
const HANDLERS: { [T in Exclude<CommandType, 'file'>]: Handler<T> } = {
  accept: (d, c) =>
    d.emit('accepted', { ...(c.notice ? { notice: c.notice } : {}), ...(c.expectedBy ? { expectedBy: c.expectedBy } : {}) }).stop(['acknowledge']),
  'not-accept': (d, c) => {
    d.emit('not-accepted', { reason: c.reason, ...(c.referTo ? { referTo: c.referTo } : {}) });
    d.stop(['acknowledge']).stop('all', true);
  },
  'request-information': (d, c) => {
    d.emit('information-requested', { question: c.question });
    const paused = pauseClocks(d.state);
    if (paused.stages.length) d.emit('clocks-paused', paused);
  },
  'provide-information': (d, c) => {
    d.emit('information-provided', { text: c.text, attachments: c.attachments ?? [] });
    const resumed = resumeClocks(d.state, d.now, d.policy.calendar, d.rules.warningShare);
    if (resumed.clocks.length) d.emit('clocks-resumed', resumed);
  },
  'waive-information': (d, c) => {
    d.emit('information-waived', { note: c.note });
    const resumed = resumeClocks(d.state, d.now, d.policy.calendar, d.rules.warningShare);
    if (resumed.clocks.length) d.emit('clocks-resumed', resumed);
  },
  classify: (d, c) => {
    const becameVip = c.vip && !d.state.vip;
    const becameMajor = c.severity === 'major' && d.state.severity !== 'major';
    d.emit('classified', { severity: c.severity, priority: c.priority, vip: c.vip });
    if (becameVip) d.escalateTo('manager', 'vip');
    else if (becameMajor) d.escalateTo('manager', 'major');
  },
  dispatch: (d, c) => {
    requireDepartment(d.rules, c.department, 'department');
    const dueAt = futureTime(c.dueAt, d.now, 'dueAt');
    const firstOrReview = d.state.status === 'accepted' || d.state.status === 'reopened';
    d.emit('dispatched', { department: c.department, assignee: c.assignee, ...(c.requirements ? { requirements: c.requirements } : {}) });
    const running = new Set(runningClocks(d.state).map((clock) => clock.stage));
    if (!running.has('investigate') && firstOrReview) d.start('investigate');
    if (!running.has('resolve')) {
      const policy = stageDuration(d.rules, d.state.category, 'resolve');
      if (dueAt) {
        const basis = policy && (policy.unit === 'workingDays' || policy.unit === 'workingHours') ? 'working' : 'wall';
        d.emit('clock-started', startClock('resolve', { dueAt, basis }, d.now, d.policy.calendar, d.rules.warningShare));
      } else {
        d.start('resolve');
      }
    }
  },
  'arrive-on-site': (d, c) => d.emit('arrived-on-site', c.note ? { note: c.note } : {}).stop(['onSite']),
  'start-investigation': (d, c) => d.emit('investigation-started', c.note ? { note: c.note } : {}).stop(['investigate']),
  'propose-plan': (d, c) => {
    const dueAt = futureTime(c.dueAt, d.now, 'dueAt');
    d.emit('plan-proposed', {
      measures: c.measures,
      responsibility: c.responsibility,
      schedule: c.schedule,
      seekOpinion: c.seekOpinion,
      ...(c.dueAt ? { dueAt: c.dueAt } : {}),
    });
    d.stop(['investigate']);
    // The plan's own deadline sets the clock only where none runs: moving one needs an approver.
    if (dueAt && !d.state.clocks.resolve?.running) {
      d.emit('clock-started', startClock('resolve', { dueAt, basis: 'wall' }, d.now, d.policy.calendar, d.rules.warningShare));
    }
  },
  'record-plan-opinion': (d, c) => d.emit('plan-opinion-recorded', { agrees: c.agrees, ...(c.comment ? { comment: c.comment } : {}) }),
  'start-work': (d, c) => d.emit('work-started', c.note ? { note: c.note } : {}),
  'add-note': (d, c) => d.emit('note-added', { note: c.note, public: c.public }),
  resolve: (d, c) => {
    d.emit('resolved', { result: c.result, basis: c.basis, ...(c.improvement ? { improvement: c.improvement } : {}) });
    d.stop(['investigate', 'resolve', 'onSite']).start('feedback');
  },
  'send-feedback': (d, c) => {
    d.emit('feedback-sent', { channel: c.channel, message: c.message }).stop(['feedback']);
    const visit = d.rules.deadlines.returnVisit;
    if (visit) {
      const notBefore = d.policy.calendar.addDuration(d.now, visit.after);
      d.emit('clock-started', startClock('returnVisit', { duration: visit.within }, d.now, d.policy.calendar, d.rules.warningShare, notBefore));
    }
  },
  'record-satisfaction': (d, c) => {
    d.emit('satisfaction-recorded', { rating: c.rating, via: c.via, ...(c.comment ? { comment: c.comment } : {}) });
    if (c.rating === 'satisfied') d.emit('closed', { outcome: 'resolved' }).stop('all', true);
  },
  'record-return-visit': (d, c) => {
    const visit = d.state.clocks.returnVisit;
    if (visit?.running && visit.notBefore && d.now < new Date(visit.notBefore)) {
      refuse('return_visit_too_early', `the return visit is due from ${visit.notBefore}`);
    }
    d.emit('return-visit-recorded', { note: c.note, rectified: c.rectified }).stop(['returnVisit']);
    if (c.rating) {
      d.emit('satisfaction-recorded', { rating: c.rating, via: 'return-visit' });
      if (c.rating === 'satisfied') d.emit('closed', { outcome: 'resolved' }).stop('all', true);
    }
  },
  reopen: (d, c) => {
    const s = d.state;
    if (s.status === 'closed') {
      const limit = d.policy.calendar.addDuration(new Date(s.closedAt!), d.rules.reopenWindow);
      if (d.now > limit) refuse('reopen_window_passed', `a review could be asked for until ${limit.toISOString()}`);
    }
    const round = s.reviewRound + 1;
    if (round > d.rules.reviewRounds) {
      refuse('review_limit_reached', `${d.rules.reviewRounds} reviews were held; escalate to a higher level instead`);
    }
    d.stop('all', true).emit('reopened', { reason: c.reason, round }).start('resolve');
  },
  escalate: (d, c) => {
    // After the reviews, a still-dissatisfied complainant's case goes up a level and is handled again (003).
    const reopens = c.to === 'higher-level' && (d.state.status === 'follow-up' || d.state.status === 'closed');
    d.escalateTo(c.to, reopens ? 'dissatisfied' : c.to === 'higher-level' ? 'unsolved' : 'manual', { note: c.note });
    if (reopens) d.stop('all', true).emit('reopened', { reason: c.note, round: d.state.reviewRound + 1 }).start('resolve');
  },
  'extend-deadline': (d, c) => {
    const clock = d.state.clocks[c.stage];
    if (!clock?.running) refuse('no_such_clock', `no ${c.stage} deadline is running`, ['stage']);
    if (!c.by && !c.until) refuse('invalid_value', 'give either "by" (a duration) or "until" (a time)', ['by']);
    const until = c.until ? futureTime(c.until, d.now, 'until') : undefined;
    const next = extendClock(clock!, until ? { until } : { by: c.by! }, d.policy.calendar, d.rules.warningShare);
    if (next.dueAt <= new Date(clock!.dueAt)) refuse('extension_not_later', 'an extension must end later than the current deadline', ['until']);
    d.emit('deadline-extended', {
      stage: c.stage,
      dueAt: next.dueAt.toISOString(),
      warnAt: next.warnAt.toISOString(),
      budgetMs: next.budgetMs,
      reason: c.reason,
      approvedBy: c.approvedBy,
    });
  },
  close: (d, c) => {
    const expected: Partial<Record<string, string>> = { mediated: 'mediated', settled: 'settled', 'mediation-failed': 'referred' };
    const required = expected[d.state.status];
    if (required && c.outcome !== required) refuse('invalid_value', `a ${d.state.status} complaint closes as "${required}"`, ['outcome']);
    if (!required && !['resolved', 'unresolved'].includes(c.outcome)) refuse('invalid_value', 'close as "resolved" or "unresolved"', ['outcome']);
    d.emit('closed', { outcome: c.outcome, ...(c.note ? { note: c.note } : {}) }).stop('all', true);
  },
  archive: (d, c) => {
    if (d.rules.archiveSignOff && !c.signedOffBy) refuse('sign_off_required', 'this site files a case only with the manager’s sign-off', ['signedOffBy']);
    d.emit('archived', c.signedOffBy ? { signedOffBy: c.signedOffBy } : {});
  },
  merge: (d, c) => {
    if (c.intoReference === d.state.reference) refuse('invalid_value', 'a complaint cannot be merged into itself', ['intoReference']);
    d.emit('merged', { intoReference: c.intoReference }).stop('all', true);
  },
  withdraw: (d, c) => d.emit('withdrawn', c.reason ? { reason: c.reason } : {}).stop('all', true),
  'assess-mediation': (d, c) =>
    d.emit('mediation-assessed', { eligible: c.eligible, note: c.note, ...(c.fileNumber ? { fileNumber: c.fileNumber } : {}) }).stop(c.eligible ? ['investigate'] : []),
  'record-mediation-agreement': (d, c) => {
    if (new Set(c.parties.map((p) => p.trim())).size < 2) refuse('invalid_value', 'an agreement names at least two parties', ['parties']);
    d.emit('mediation-agreed', { text: c.text, parties: c.parties, signedAt: c.signedAt }).stop(['resolve']);
  },
  'record-mediation-failure': (d, c) => d.emit('mediation-failed', { advice: c.advice, note: c.note }).stop(['resolve']),
  'record-settlement': (d, c) => d.emit('settled', { text: c.text }).stop(['resolve']),
  'record-finding': (d, c) =>
    d.emit('finding-recorded', { staffMember: c.staffMember, substantiated: c.substantiated, ...(c.note ? { note: c.note } : {}) }),
  correct: (d, c) => {
    const check = {
      description: () => Description.safeParse(c.value).success,
      place: () => Place.safeParse(c.value).success,
      complainant: () => c.value === null || Complainant.safeParse(c.value).success,
      category: () => typeof c.value === 'string' && Boolean(routeByCategory(d.rules, c.value)),
      subject: () => typeof c.value === 'string' && c.value.length <= 200,
    }[c.field];
    if (!check()) refuse('invalid_value', `not a valid ${c.field}`, ['value']);
    d.emit('corrected', { field: c.field, value: c.value, reason: c.reason });
  },
  'raise-deadlines': (d) => {
    const { warnings, breaches } = dueDeadlines(d.state, d.now);
    for (const warning of warnings) d.emit('deadline-warned', warning);
    for (const breach of breaches) {
      d.emit('deadline-breached', breach);
      d.escalateTo('supervisor', 'breach', { stage: breach.stage });
    }
  },
};

/** Decides what a command means for a complaint now: the events it causes, or why not. */
export function decide(state: ComplaintState | null, issued: Issued, policy: Policy, now: Date): Decision {
  const current = state?.status ?? 'none';
  const { actor } = issued;
  if (actor.kind === 'complainant' && !COMPLAINANT_COMMANDS.has(issued.type)) {
    return { ok: false, rejection: { code: 'not_allowed_for_actor', message: `a complainant cannot ${issued.type}` } };
  }
  if ((actor.kind === 'system') !== (issued.type === 'raise-deadlines')) {
    return { ok: false, rejection: { code: 'not_allowed_for_actor', message: `${actor.kind} cannot ${issued.type}` } };
  }
  if (!TRANSITIONS[issued.type].from.includes(current)) {
    return { ok: false, rejection: { code: 'illegal_transition', message: `cannot ${issued.type} a complaint that is ${current}` } };
  }
  try {
    if (issued.type === 'file') return { ok: true, events: decideFile(issued, policy, now, actor) };
    const decider = new Decider(state!, policy, now, actor);
    (HANDLERS[issued.type] as Handler<CommandType>)(decider, issued as CommandOf<CommandType>);
    return { ok: true, events: decider.events };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

function decideFile(command: FileCommand, policy: Policy, now: Date, actor: Actor): NewEvent[] {
  const rules = policy.rules;
  const route = routeByCategory(rules, command.category);
  if (!route) return refuse('unknown_category', `no category "${command.category}" on this site`, ['category']);
  // Registered by staff for someone who gave no name (a phone call, a letter) is allowed everywhere.
  if (!rules.allowAnonymous && actor.kind === 'complainant' && !command.complainant?.name) {
    refuse('anonymous_not_allowed', 'this site asks for a name', ['complainant', 'name']);
  }
  const questionIds = new Set(route.category.questions.map((q) => q.id));
  for (const id of Object.keys(command.answers)) {
    if (!questionIds.has(id)) refuse('unknown_question', `no question "${id}" in this category`, ['answers', id]);
  }
  for (const question of route.category.questions) {
    const answer = command.answers[question.id];
    if (question.required && !answer) refuse('missing_answer', 'this question needs an answer', ['answers', question.id]);
    if (answer && question.kind === 'choice' && !question.options?.some((o) => o.value === answer)) {
      refuse('missing_answer', 'choose one of the offered answers', ['answers', question.id]);
    }
  }
  // asked last, so what the complaint says is checked first; staff taking a call or a letter
  // record the consent the person gave them in their own way
  if (rules.consentText && actor.kind === 'complainant' && !command.consent) {
    refuse('consent_required', 'agree to the terms shown with the form', ['consent']);
  }
  const severity = command.severity ?? (route.priority === 'urgent' ? 'major' : 'normal');
  const vip = command.vip ?? false;
  const registered: EventData<'registered'> = {
    siteKey: command.siteKey,
    reference: command.reference,
    accessCodeHash: command.accessCodeHash,
    channel: command.channel,
    category: route.category.code,
    department: route.department,
    priority: route.priority,
    severity,
    vip,
    description: command.description,
    place: command.place,
    answers: command.answers,
    complainant: command.complainant,
    language: command.language,
    ...(command.subject ? { subject: command.subject } : {}),
    attachments: command.attachments ?? [],
    ...(command.location ? { location: command.location } : {}),
    ...(command.mediaUrl ? { mediaUrl: command.mediaUrl } : {}),
    ...(command.addressId ? { addressId: command.addressId } : {}),
    ...(command.consent && command.consentTo ? { consentTo: command.consentTo } : {}),
  };
  const at = now.toISOString();
  const events: NewEvent[] = [{ type: 'registered', data: registered, actor, at }];
  const clock = (stage: 'acknowledge' | 'onSite') => {
    const duration = stageDuration(rules, route.category.code, stage);
    if (duration) {
      events.push({ type: 'clock-started', data: startClock(stage, { duration }, now, policy.calendar, rules.warningShare), actor, at });
    }
  };
  clock('acknowledge');
  clock('onSite');
  // 002 篇3 四4: major complaints and important guests go to the general manager at once.
  if (vip || severity === 'major') {
    events.push({
      type: 'escalated',
      data: { to: 'manager', recipient: rules.manager, reason: vip ? 'vip' : 'major', level: 1 },
      actor,
      at,
    });
  }
  return events;
}
