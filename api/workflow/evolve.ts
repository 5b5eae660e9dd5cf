import type { ComplaintStatus } from '../contract/complaint.ts';
import type { EventOf, EventType, StoredEvent } from '../contract/events.ts';
import type { Clock, ComplaintState } from './state.ts';

type Evolver<T extends EventType> = (state: ComplaintState, event: EventOf<T>) => ComplaintState;

const to = (status: ComplaintStatus) => (state: ComplaintState): ComplaintState => ({ ...state, status });
const same = (state: ComplaintState): ComplaintState => state;

function withClock(state: ComplaintState, stage: Clock['stage'], change: (clock: Clock) => Clock): ComplaintState {
  const clock = state.clocks[stage];
  return clock ? { ...state, clocks: { ...state.clocks, [stage]: change(clock) } } : state;
}

/** How each event changes a complaint — one entry per event type, checked by the compiler. */
const EVOLVE: { [T in Exclude<EventType, 'registered'>]: Evolver<T> } = {
  accepted: to('accepted'),
  'not-accepted': to('not-accepted'),
  'information-requested': (s) => ({ ...s, status: 'awaiting-information', resumeStatus: s.status }),
  'information-provided': (s) => ({ ...s, status: s.resumeStatus ?? s.status, resumeStatus: null }),
  'information-waived': (s) => ({ ...s, status: s.resumeStatus ?? s.status, resumeStatus: null }),
  classified: (s, { data }) => ({ ...s, severity: data.severity, priority: data.priority, vip: data.vip }),
  escalated: (s, { data }) => ({ ...s, escalationLevel: Math.max(s.escalationLevel, data.level) }),
  dispatched: (s, { data }) => ({ ...s, status: 'dispatched', department: data.department, assignee: data.assignee }),
  'arrived-on-site': same,
  'investigation-started': to('investigating'),
  'plan-proposed': (s, { data }) => ({ ...s, status: 'plan-proposed', planSeeksOpinion: data.seekOpinion }),
  'plan-opinion-recorded': same,
  'work-started': to('in-progress'),
  'note-added': same,
  resolved: (s, { at }) => ({ ...s, status: 'resolved', resolvedAt: at }),
  'feedback-sent': to('follow-up'),
  'satisfaction-recorded': (s, { data }) => ({ ...s, satisfaction: data.rating }),
  'return-visit-recorded': same,
  reopened: (s, { data }) => ({ ...s, status: 'reopened', reviewRound: data.round, satisfaction: null, closedAt: null, outcome: null }),
  closed: (s, { data, at }) => ({ ...s, status: 'closed', closedAt: at, outcome: data.outcome }),
  archived: to('archived'),
  merged: (s, { data }) => ({ ...s, status: 'merged', mergedInto: data.intoReference }),
  withdrawn: to('withdrawn'),
  'mediation-assessed': (s, { data }) => (data.eligible ? { ...s, status: 'in-mediation' } : s),
  'mediation-agreed': to('mediated'),
  'mediation-failed': to('mediation-failed'),
  settled: to('settled'),
  'finding-recorded': same,
  corrected: (s, { data }) => {
    switch (data.field) {
      case 'description':
        return { ...s, description: data.value as string };
      case 'place':
        return { ...s, place: data.value as ComplaintState['place'] };
      case 'complainant':
        return { ...s, complainant: data.value as ComplaintState['complainant'] };
      case 'category':
        return { ...s, category: data.value as string };
      case 'subject':
        return { ...s, subject: data.value as string };
    }
  },
  'clock-started': (s, { data, at }) => ({
    ...s,
    clocks: {
      ...s.clocks,
      [data.stage]: {
        stage: data.stage,
        basis: data.basis,
        startedAt: at,
        dueAt: data.dueAt,
        warnAt: data.warnAt,
        budgetMs: data.budgetMs,
        ...(data.notBefore ? { notBefore: data.notBefore } : {}),
        running: true,
        warned: false,
        breached: false,
      },
    },
  }),
  'clock-stopped': (s, { data }) => withClock(s, data.stage, (c) => ({ ...c, running: false })),
  'clocks-paused': (s, { data, at }) => data.stages.reduce((acc, stage) => withClock(acc, stage, (c) => ({ ...c, pausedAt: at })), s),
  'clocks-resumed': (s, { data }) =>
    data.clocks.reduce(
      (acc, resumed) =>
        withClock(acc, resumed.stage, ({ pausedAt: _resumed, ...c }) => ({ ...c, dueAt: resumed.dueAt, warnAt: resumed.warnAt })),
      s,
    ),
  'deadline-extended': (s, { data }) =>
    withClock(s, data.stage, (c) => ({
      ...c,
      budgetMs: data.budgetMs,
      dueAt: data.dueAt,
      warnAt: data.warnAt,
      warned: false,
      breached: false,
    })),
  'deadline-warned': (s, { data }) => withClock(s, data.stage, (c) => ({ ...c, warned: true })),
  'deadline-breached': (s, { data }) => withClock(s, data.stage, (c) => ({ ...c, breached: true })),
};

function registered(event: EventOf<'registered'>): ComplaintState {
  const d = event.data;
  return {
    id: event.complaintId,
    siteKey: d.siteKey,
    reference: d.reference,
    accessCodeHash: d.accessCodeHash,
    status: 'registered',
    channel: d.channel,
    category: d.category,
    department: d.department,
    assignee: null,
    priority: d.priority,
    severity: d.severity,
    vip: d.vip,
    description: d.description,
    place: d.place,
    answers: d.answers,
    complainant: d.complainant,
    subject: d.subject ?? null,
    language: d.language,
    registeredAt: event.at,
    updatedAt: event.at,
    resumeStatus: null,
    clocks: {},
    reviewRound: 0,
    escalationLevel: 0,
    planSeeksOpinion: false,
    satisfaction: null,
    resolvedAt: null,
    closedAt: null,
    outcome: null,
    mergedInto: null,
    version: event.seq,
  };
}

/** One event applied to the state it follows. */
export function evolve(state: ComplaintState | null, event: StoredEvent): ComplaintState {
  if (event.type === 'registered') return registered(event);
  if (!state) throw new Error(`event ${event.type} #${event.seq} of ${event.complaintId} comes before its registration`);
  const apply = EVOLVE[event.type] as Evolver<EventType> | undefined;
  if (!apply) throw new Error(`no rule for event type "${event.type}"`);
  return { ...apply(state, event as EventOf<EventType>), updatedAt: event.at, version: event.seq };
}

/** The current state of a complaint: the fold of its history. */
export function replay(events: readonly StoredEvent[]): ComplaintState | null {
  return events.reduce<ComplaintState | null>(evolve, null);
}
