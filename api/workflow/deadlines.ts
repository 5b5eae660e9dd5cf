import type { ClockBasis, ClockStage, EventData } from '../contract/events.ts';
import type { Duration, SitePolicy } from '../contract/site.ts';
import type { Clock, ComplaintState } from './state.ts';

/** The calendar arithmetic the clocks need; `BusinessCalendar` provides it. */
export interface WorkingTime {
  addDuration(start: Date, duration: Duration): Date;
  workingMsBetween(from: Date, to: Date): number;
  addWorkingMs(start: Date, ms: number): Date;
}

type ClockStarted = EventData<'clock-started'>;

export const basisOf = (duration: Duration): ClockBasis =>
  duration.unit === 'workingDays' || duration.unit === 'workingHours' ? 'working' : 'wall';

/** A stage's allowed time for a category: its own, else the site's. */
export function stageDuration(
  rules: SitePolicy,
  categoryCode: string,
  stage: Exclude<ClockStage, 'returnVisit'>,
): Duration | undefined {
  const category = rules.categories.find((c) => c.code === categoryCode);
  return category?.deadlines?.[stage] ?? rules.deadlines[stage];
}

function measure(calendar: WorkingTime, basis: ClockBasis, from: Date, to: Date): number {
  return basis === 'wall' ? to.getTime() - from.getTime() : calendar.workingMsBetween(from, to);
}

function advance(calendar: WorkingTime, basis: ClockBasis, from: Date, ms: number): Date {
  return basis === 'wall' ? new Date(from.getTime() + ms) : calendar.addWorkingMs(from, ms);
}

/** The warning falls when the given share of the time is used: the last (1 − share) remains. */
function warnAtFor(calendar: WorkingTime, basis: ClockBasis, dueAt: Date, budgetMs: number, share: number): Date {
  return advance(calendar, basis, dueAt, -Math.round((1 - share) * budgetMs));
}

/** Starts a stage's clock for a duration, or up to a given time (a deadline set by a person). */
export function startClock(
  stage: ClockStage,
  limit: { duration: Duration } | { dueAt: Date; basis: ClockBasis },
  now: Date,
  calendar: WorkingTime,
  share: number,
  notBefore?: Date,
): ClockStarted {
  const basis = 'duration' in limit ? basisOf(limit.duration) : limit.basis;
  const dueAt = 'duration' in limit ? calendar.addDuration(now, limit.duration) : limit.dueAt;
  const budgetMs = Math.max(0, measure(calendar, basis, now, dueAt));
  return {
    stage,
    basis,
    dueAt: dueAt.toISOString(),
    warnAt: warnAtFor(calendar, basis, dueAt, budgetMs, share).toISOString(),
    budgetMs,
    ...(notBefore ? { notBefore: notBefore.toISOString() } : {}),
  };
}

export const runningClocks = (state: ComplaintState): Clock[] =>
  Object.values(state.clocks).filter((clock): clock is Clock => Boolean(clock?.running));

/** Stops the named running clocks; a cancelled stage counts neither on time nor late. */
export function stopClocks(
  state: ComplaintState,
  stages: readonly ClockStage[] | 'all',
  now: Date,
  cancelled = false,
): EventData<'clock-stopped'>[] {
  return runningClocks(state)
    .filter((clock) => stages === 'all' || stages.includes(clock.stage))
    .map((clock) => ({ stage: clock.stage, onTime: cancelled ? null : now.getTime() <= Date.parse(clock.dueAt) }));
}

/** While the complaint waits on the complainant, its clocks stand still (osTicket cannot). */
export function pauseClocks(state: ComplaintState): EventData<'clocks-paused'> {
  return { stages: runningClocks(state).filter((c) => !c.pausedAt).map((c) => c.stage) };
}

/** On resuming, each clock keeps the time it had left when it was paused, in its own basis. */
export function resumeClocks(state: ComplaintState, now: Date, calendar: WorkingTime, share: number): EventData<'clocks-resumed'> {
  return {
    clocks: runningClocks(state)
      .filter((c) => c.pausedAt)
      .map((clock) => {
        const remaining = measure(calendar, clock.basis, new Date(clock.pausedAt!), new Date(clock.dueAt));
        const dueAt = advance(calendar, clock.basis, now, remaining);
        return {
          stage: clock.stage,
          dueAt: dueAt.toISOString(),
          warnAt: warnAtFor(calendar, clock.basis, dueAt, clock.budgetMs, share).toISOString(),
        };
      }),
  };
}

/** A later due time for a running clock; the added time widens its budget. */
export function extendClock(
  clock: Clock,
  limit: { by: Duration } | { until: Date },
  calendar: WorkingTime,
  share: number,
): { dueAt: Date; warnAt: Date; budgetMs: number } {
  const oldDue = new Date(clock.dueAt);
  const dueAt = 'by' in limit ? calendar.addDuration(oldDue, limit.by) : limit.until;
  const budgetMs = clock.budgetMs + measure(calendar, clock.basis, oldDue, dueAt);
  return { dueAt, warnAt: warnAtFor(calendar, clock.basis, dueAt, budgetMs, share), budgetMs };
}

/** Warnings and breaches whose time has come and that were not raised yet. */
export function dueDeadlines(
  state: ComplaintState,
  now: Date,
): { warnings: EventData<'deadline-warned'>[]; breaches: EventData<'deadline-breached'>[] } {
  const active = runningClocks(state).filter((c) => !c.pausedAt);
  const t = now.getTime();
  return {
    warnings: active
      .filter((c) => !c.warned && !c.breached && Date.parse(c.warnAt) <= t && t < Date.parse(c.dueAt))
      .map((c) => ({ stage: c.stage, dueAt: c.dueAt })),
    breaches: active.filter((c) => !c.breached && Date.parse(c.dueAt) <= t).map((c) => ({ stage: c.stage, dueAt: c.dueAt })),
  };
}

/** When the scheduler must next look at this complaint, or null when no clock will ring. */
export function nextDeadlineAt(state: ComplaintState): string | null {
  let next: number | null = null;
  for (const clock of runningClocks(state)) {
    if (clock.pausedAt || clock.breached) continue;
    const at = clock.warned ? Date.parse(clock.dueAt) : Math.min(Date.parse(clock.warnAt), Date.parse(clock.dueAt));
    if (next === null || at < next) next = at;
  }
  return next === null ? null : new Date(next).toISOString();
}
