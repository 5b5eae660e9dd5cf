import type { Channel } from '../contract/complaint.ts';
import { ClockStage, CloseOutcome, type StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import { evolve } from './evolve.ts';
import {
  type Contact,
  type RepeatComplainant,
  type RepeatPlace,
  compareText,
  contactOf,
  placeKey,
  repeatComplainants,
  repeatPlaces,
} from './stats-repeats.ts';
import type { ComplaintState } from './state.ts';

/**
 * The statistics of a period, computed from the events alone (000 §四, 001 一(五)2, 003).
 *
 * Only events whose `at` lies in [from, to) are counted, and a complaint's history is read only
 * up to `to`, so a past period's figures never change when later events arrive. Each event is
 * seen with the complaint as it stood at that moment (category, department, handler, review
 * round): the fold of its events up to and including that one.
 *
 * The figures:
 * - received, accepted, notAccepted, resolved, reopened, withdrawn, merged: events of that type
 *   in the period (`registered`, `accepted`, …). A complaint resolved again after a review
 *   counts again under `resolved`.
 * - closed: `closed` events in the period, by outcome.
 * - timeliness: `clock-stopped` events in the period with onTime true or false; a cancelled
 *   clock (onTime null: the case closed, was withdrawn or reopened first) is left out.
 *   rate = on time ÷ (on time + late), overall and per stage.
 * - stage times: for the same clocks, the minutes from the stage's `clock-started` to its
 *   `clock-stopped` on the wall clock (time waiting for the complainant included), to 0.1 min.
 *   Median and 90th percentile are nearest-rank: the value at rank ⌈p/100 · n⌉ of the sorted
 *   values, so always one of the observed times (for an even n the median is the lower middle).
 * - completion (办结率), a cohort rate: of the complaints accepted in the period, the share that
 *   stand completed at the period's end — resolved, fed back or followed up, mediated, settled,
 *   referred after a failed mediation, or closed with any outcome but "unresolved". A complaint
 *   reopened for review and not resolved again by then, or closed "unresolved", is not
 *   completed. Complaints withdrawn or merged by the period's end are left out of both sides.
 *   A complaint accepted in October and resolved in November counts as not completed in
 *   October for good and belongs to no later month's cohort: that is what keeps October fixed
 *   (a quarter is a period of its own: its cohort is what it accepted, as at its end).
 * - satisfaction: `satisfaction-recorded` events in the period; rate = satisfied ÷ all answers
 *   ("partly" counts as not satisfied), compared with the site's satisfactionTarget.
 * - resolutions: `resolved` events in the period, first-time (review round 0) or after a review.
 * - categories, channels: registrations in the period by category and channel, most first.
 * - repeat places: the same normalised place named by 2+ registrations in the period.
 * - repeat complainants: 2+ registrations in the period by one complainant (same phone digits or
 *   e-mail; name only for registrations without either), shown only as masked contacts.
 *
 * Per group (`groupBy`), an event counts for the group the complaint was in when it happened
 * (the handler is the assignee at that moment, UNASSIGNED before dispatch); a complaint of the
 * completion cohort counts for its group when it was accepted.
 *
 * Rates are fractions rounded to 4 decimals, null when nothing was there to count.
 */

export type GroupBy = 'category' | 'department' | 'channel' | 'handler';

export interface StatisticsOptions {
  site: Site;
  /** ISO instants; the period is [from, to) */
  from: string;
  to: string;
  groupBy?: GroupBy;
}

/** The group key of complaints without a handler yet (grouping by handler). */
export const UNASSIGNED = '(unassigned)';

export interface StageFigures {
  stage: ClockStage;
  onTime: number;
  late: number;
  rate: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface Figures {
  received: number;
  accepted: number;
  notAccepted: number;
  resolved: number;
  reopened: number;
  withdrawn: number;
  merged: number;
  closed: { total: number } & Record<CloseOutcome, number>;
  categories: { category: string; count: number }[];
  channels: { channel: Channel; count: number }[];
  timeliness: { onTime: number; late: number; rate: number | null; stages: StageFigures[] };
  completion: { accepted: number; excluded: number; completed: number; rate: number | null };
  satisfaction: {
    satisfied: number;
    partly: number;
    dissatisfied: number;
    answers: number;
    rate: number | null;
    target: number;
    meetsTarget: boolean | null;
  };
  resolutions: { total: number; firstTime: number; afterReview: number; firstTimeRate: number | null };
  repeatPlaces: RepeatPlace[];
  repeatComplainants: { complainants: number; complaints: number; list: RepeatComplainant[] };
}

export interface Statistics {
  site: string;
  from: string;
  to: string;
  overall: Figures;
  groupBy: GroupBy | null;
  /** one entry per group that had anything counted, ordered by key */
  groups: { key: string; figures: Figures }[];
}

/** A fraction rounded to 4 decimals; null when there is nothing to divide. */
export const ratio = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** Nearest-rank percentile of ascending values: the value at rank ⌈p/100 · n⌉. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  // p · n first, in whole numbers: (p / 100) · n in floating point can land just above an integer
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1]!;
}

/** Statuses in which the complaint's handling stands done (000 §三3–4, 003 mediation). */
const COMPLETED = new Set<ComplaintState['status']>(['resolved', 'follow-up', 'mediated', 'settled', 'mediation-failed']);

function isCompleted(state: ComplaintState): boolean {
  if (state.status === 'closed' || state.status === 'archived') return state.outcome !== null && state.outcome !== 'unresolved';
  return COMPLETED.has(state.status);
}

/** What one group (or the whole site) has counted so far. */
class Tally {
  readonly counts = { received: 0, accepted: 0, notAccepted: 0, resolved: 0, reopened: 0, withdrawn: 0, merged: 0 };
  readonly closed = new Map<CloseOutcome, number>();
  readonly categories = new Map<string, number>();
  readonly channels = new Map<Channel, number>();
  readonly stages = new Map<ClockStage, { onTime: number; late: number; minutes: number[] }>();
  readonly cohort = { accepted: 0, excluded: 0, completed: 0 };
  readonly ratings = { satisfied: 0, partly: 0, dissatisfied: 0 };
  readonly resolutions = { firstTime: 0, afterReview: 0 };
  readonly places: (string | null)[] = [];
  readonly contacts: Contact[] = [];

  record(event: StoredEvent, state: ComplaintState): void {
    switch (event.type) {
      case 'registered':
        this.counts.received += 1;
        bump(this.categories, state.category);
        bump(this.channels, state.channel);
        this.places.push(placeKey(state.place));
        this.contacts.push(contactOf(state.complainant));
        return;
      case 'accepted':
        this.counts.accepted += 1;
        return;
      case 'not-accepted':
        this.counts.notAccepted += 1;
        return;
      case 'resolved':
        this.counts.resolved += 1;
        if (state.reviewRound === 0) this.resolutions.firstTime += 1;
        else this.resolutions.afterReview += 1;
        return;
      case 'reopened':
        this.counts.reopened += 1;
        return;
      case 'withdrawn':
        this.counts.withdrawn += 1;
        return;
      case 'merged':
        this.counts.merged += 1;
        return;
      case 'closed':
        bump(this.closed, event.data.outcome);
        return;
      case 'satisfaction-recorded':
        this.ratings[event.data.rating] += 1;
        return;
      case 'clock-stopped': {
        const clock = state.clocks[event.data.stage];
        if (event.data.onTime === null || !clock) return;
        const stage = this.stages.get(event.data.stage) ?? { onTime: 0, late: 0, minutes: [] };
        stage[event.data.onTime ? 'onTime' : 'late'] += 1;
        stage.minutes.push(Math.round((Date.parse(event.at) - Date.parse(clock.startedAt)) / 6_000) / 10);
        this.stages.set(event.data.stage, stage);
        return;
      }
      default:
        return;
    }
  }

  /** A complaint accepted in the period, as it stands at the period's end. */
  recordAccepted(state: ComplaintState): void {
    this.cohort.accepted += 1;
    if (state.status === 'withdrawn' || state.status === 'merged') this.cohort.excluded += 1;
    else if (isCompleted(state)) this.cohort.completed += 1;
  }

  figures(target: number): Figures {
    const stages = ClockStage.options.map((stage): StageFigures => {
      const s = this.stages.get(stage) ?? { onTime: 0, late: 0, minutes: [] };
      const sorted = [...s.minutes].sort((a, b) => a - b);
      return {
        stage,
        onTime: s.onTime,
        late: s.late,
        rate: ratio(s.onTime, s.onTime + s.late),
        medianMinutes: nearestRank(sorted, 50),
        p90Minutes: nearestRank(sorted, 90),
      };
    });
    const onTime = stages.reduce((sum, s) => sum + s.onTime, 0);
    const late = stages.reduce((sum, s) => sum + s.late, 0);
    const { satisfied, partly, dissatisfied } = this.ratings;
    const answers = satisfied + partly + dissatisfied;
    const counted = this.cohort.accepted - this.cohort.excluded;
    const resolutions = this.resolutions.firstTime + this.resolutions.afterReview;
    const repeaters = repeatComplainants(this.contacts);
    return {
      ...this.counts,
      closed: {
        total: [...this.closed.values()].reduce((sum, n) => sum + n, 0),
        ...(Object.fromEntries(CloseOutcome.options.map((o) => [o, this.closed.get(o) ?? 0])) as Record<CloseOutcome, number>),
      },
      categories: mostFirst(this.categories).map(([category, count]) => ({ category, count })),
      channels: mostFirst(this.channels).map(([channel, count]) => ({ channel, count })),
      timeliness: { onTime, late, rate: ratio(onTime, onTime + late), stages },
      completion: { ...this.cohort, rate: ratio(this.cohort.completed, counted) },
      satisfaction: {
        satisfied,
        partly,
        dissatisfied,
        answers,
        rate: ratio(satisfied, answers),
        target,
        meetsTarget: answers ? satisfied / answers >= target : null,
      },
      resolutions: { total: resolutions, ...this.resolutions, firstTimeRate: ratio(this.resolutions.firstTime, resolutions) },
      repeatPlaces: repeatPlaces(this.places),
      repeatComplainants: {
        complainants: repeaters.length,
        complaints: repeaters.reduce((sum, r) => sum + r.count, 0),
        list: repeaters,
      },
    };
  }
}

/** The events some figure counts; only these make a group appear. */
const COUNTED = new Set<StoredEvent['type']>([
  'registered',
  'accepted',
  'not-accepted',
  'resolved',
  'reopened',
  'withdrawn',
  'merged',
  'closed',
  'satisfaction-recorded',
  'clock-stopped',
]);

const counted = (event: StoredEvent): boolean =>
  COUNTED.has(event.type) && !(event.type === 'clock-stopped' && event.data.onTime === null);

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const mostFirst = <K extends string>(map: Map<K, number>): [K, number][] =>
  [...map].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));

function groupKey(state: ComplaintState, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'category':
      return state.category;
    case 'department':
      return state.department;
    case 'channel':
      return state.channel;
    case 'handler':
      return state.assignee ?? UNASSIGNED;
  }
}

/** The statistics of one site over [from, to), optionally per group; see the definitions above. */
export function statistics(chains: Iterable<readonly StoredEvent[]>, options: StatisticsOptions): Statistics {
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  if (!(from < to)) throw new RangeError(`the period must start before it ends: [${options.from}, ${options.to})`);
  const { site, groupBy } = options;
  const overall = new Tally();
  const groups = new Map<string, Tally>();
  const talliesFor = (state: ComplaintState): Tally[] => {
    if (!groupBy) return [overall];
    const key = groupKey(state, groupBy);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Tally()));
    return [overall, group];
  };

  for (const chain of chains) {
    const first = chain[0];
    if (first?.type !== 'registered' || first.data.siteKey !== site.key) continue;
    // a complaint whose last event came before the period has nothing in it: skip its replay
    if (Date.parse(chain[chain.length - 1]!.at) < from) continue;
    let state: ComplaintState | null = null;
    let acceptedInto: Tally[] | null = null;
    for (const event of chain) {
      const at = Date.parse(event.at);
      // a complaint's events are recorded in time order: the rest lie beyond the period
      if (at >= to) break;
      state = evolve(state, event);
      if (at < from || !counted(event)) continue;
      const tallies = talliesFor(state);
      for (const tally of tallies) tally.record(event, state);
      if (event.type === 'accepted') acceptedInto = tallies;
    }
    if (acceptedInto && state) for (const tally of acceptedInto) tally.recordAccepted(state);
  }

  const target = site.policy.satisfactionTarget;
  return {
    site: site.key,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    overall: overall.figures(target),
    groupBy: groupBy ?? null,
    groups: [...groups]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([key, tally]) => ({ key, figures: tally.figures(target) })),
  };
}
