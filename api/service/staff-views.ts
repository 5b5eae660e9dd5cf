import type { StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import type { QueueItem, StaffComplaint, StaffCommandType } from '../contract/staff-api.ts';
import { TRANSITIONS } from '../workflow/transitions.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { type Standing, commandsOf, isNamedIn, maskComplainant } from './access.ts';

/** Events whose data names the complainant: their identity is masked in every staff view. */
function maskedData(event: StoredEvent): Record<string, unknown> {
  const data = { ...(event.data as Record<string, unknown>) };
  if (event.type === 'registered') {
    delete data.accessCodeHash;
    if (event.data.complainant) data.complainant = maskComplainant(event.data.complainant);
  }
  if (event.type === 'corrected' && event.data.field === 'complainant' && event.data.value) {
    data.value = maskComplainant(event.data.value as Parameters<typeof maskComplainant>[0]);
  }
  return data;
}

/** Whether the complainant sees the line on their own timeline (internal notes and clocks do not). */
function isPublic(event: StoredEvent): boolean {
  if (event.type === 'note-added') return event.data.public;
  return ![
    'clock-started',
    'clock-stopped',
    'clocks-paused',
    'clocks-resumed',
    'deadline-extended',
    'deadline-warned',
    'deadline-breached',
    'escalated',
    'classified',
    'finding-recorded',
    'corrected',
  ].includes(event.type);
}

/** The commands this member may give the complaint in its present status. */
function allowedCommands(standing: Standing, state: ComplaintState): StaffCommandType[] {
  return [...commandsOf(standing)].filter((command) => TRANSITIONS[command].from.includes(state.status)).sort();
}

function lookup<T extends { code: string }>(items: readonly T[], code: string, fallback: (code: string) => T): T {
  return items.find((item) => item.code === code) ?? fallback(code);
}

const unnamed = (code: string) => ({ code, name: { en: code, 'zh-Hans': code, 'zh-Hant': code } });

export function queueItem(site: Site, standing: Standing, state: ComplaintState): QueueItem {
  const category = lookup(site.policy.categories, state.category, unnamed);
  const department = lookup(site.policy.departments, state.department, unnamed);
  // The staff member a complaint names never sees who made it, not even masked.
  const complainant = state.complainant && !isNamedIn(standing.user, state) ? { ...maskComplainant(state.complainant), revealed: false } : null;
  return {
    id: state.id,
    reference: state.reference,
    site: state.siteKey,
    status: state.status,
    channel: state.channel,
    category: { code: category.code, name: category.name },
    department: { code: department.code, name: department.name },
    assignee: state.assignee,
    priority: state.priority,
    severity: state.severity,
    vip: state.vip,
    description: state.description,
    place: state.place,
    subject: state.subject,
    complainant,
    language: state.language,
    registeredAt: state.registeredAt,
    updatedAt: state.updatedAt,
    version: state.version,
    reviewRound: state.reviewRound,
    escalationLevel: state.escalationLevel,
    satisfaction: state.satisfaction,
    outcome: state.outcome,
    clocks: Object.values(state.clocks)
      .filter((clock) => clock !== undefined)
      .map((clock) => ({
        stage: clock.stage,
        basis: clock.basis,
        startedAt: clock.startedAt,
        dueAt: clock.dueAt,
        warnAt: clock.warnAt,
        running: clock.running,
        paused: Boolean(clock.pausedAt),
        warned: clock.warned,
        breached: clock.breached,
      })),
    allowedCommands: allowedCommands(standing, state),
  };
}

export function staffComplaint(site: Site, standing: Standing, state: ComplaintState, events: readonly StoredEvent[]): StaffComplaint {
  const named = isNamedIn(standing.user, state);
  return {
    ...queueItem(site, standing, state),
    answers: state.answers,
    timeline: events.map((event) => {
      const data = maskedData(event);
      if (named && event.type === 'registered') delete data.complainant;
      if (named && event.type === 'corrected' && event.data.field === 'complainant') delete data.value;
      return {
        seq: event.seq,
        at: event.at,
        type: event.type,
        actor: event.actor.kind === 'staff' ? { kind: 'staff', id: event.actor.id } : { kind: event.actor.kind },
        data,
        public: isPublic(event),
      };
    }),
  };
}
