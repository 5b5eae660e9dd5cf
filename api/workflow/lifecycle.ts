import type { Locale } from '../contract/common.ts';
import type { Channel, Complainant, ComplaintStatus, Place } from '../contract/complaint.ts';
import type { Actor, NewEvent, StoredEvent } from '../contract/events.ts';
import type { SitePolicy } from '../contract/site.ts';
import { routeByCategory } from './routing.ts';
import type { ComplaintState } from './state.ts';

export interface FileCommand {
  type: 'file';
  complaintId: string;
  siteKey: string;
  reference: string;
  accessCodeHash: string;
  channel: Channel;
  category: string;
  description: string;
  place: Place;
  answers: Record<string, string>;
  complainant: Complainant | null;
  language: Locale;
  actor: Actor;
}

export type Command = FileCommand;
export type CommandType = Command['type'];

export type RejectionCode =
  | 'illegal_transition'
  | 'unknown_category'
  | 'missing_answer'
  | 'unknown_question'
  | 'anonymous_not_allowed';

/** Why a command was refused; `field` points at the input that caused it, when one did. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  field?: (string | number)[];
}

export type Decision = { ok: true; events: NewEvent[] } | { ok: false; rejection: Rejection };

/**
 * The transition table: which statuses each command may be given in ("none" is a complaint
 * that does not exist yet). A reader checks it against PROCEDURES.md line by line.
 */
export const TRANSITIONS: Record<CommandType, readonly (ComplaintStatus | 'none')[]> = {
  file: ['none'],
};

const reject = (code: RejectionCode, message: string, field?: (string | number)[]): Decision => ({
  ok: false,
  rejection: field ? { code, message, field } : { code, message },
});

export function decide(
  state: ComplaintState | null,
  command: Command,
  policy: SitePolicy,
  now: Date,
): Decision {
  const current = state?.status ?? 'none';
  if (!TRANSITIONS[command.type].includes(current)) {
    return reject('illegal_transition', `cannot ${command.type} a complaint that is ${current}`);
  }
  switch (command.type) {
    case 'file':
      return decideFile(command, policy, now);
  }
}

function decideFile(command: FileCommand, policy: SitePolicy, now: Date): Decision {
  const route = routeByCategory(policy, command.category);
  if (!route) return reject('unknown_category', `no category "${command.category}" on this site`, ['category']);
  if (!policy.allowAnonymous && !command.complainant?.name) {
    return reject('anonymous_not_allowed', 'this site asks for a name', ['complainant', 'name']);
  }
  const questionIds = new Set(route.category.questions.map((q) => q.id));
  for (const id of Object.keys(command.answers)) {
    if (!questionIds.has(id)) return reject('unknown_question', `no question "${id}" in this category`, ['answers', id]);
  }
  for (const question of route.category.questions) {
    const answer = command.answers[question.id];
    if (question.required && !answer) return reject('missing_answer', 'this question needs an answer', ['answers', question.id]);
    if (answer && question.kind === 'choice' && !question.options?.some((o) => o.value === answer)) {
      return reject('missing_answer', 'choose one of the offered answers', ['answers', question.id]);
    }
  }
  return {
    ok: true,
    events: [
      {
        type: 'registered',
        at: now.toISOString(),
        actor: command.actor,
        data: {
          siteKey: command.siteKey,
          reference: command.reference,
          accessCodeHash: command.accessCodeHash,
          channel: command.channel,
          category: route.category.code,
          department: route.department,
          priority: route.priority,
          description: command.description,
          place: command.place,
          answers: command.answers,
          complainant: command.complainant,
          language: command.language,
        },
      },
    ],
  };
}

type EventOf<T extends StoredEvent['type']> = Extract<StoredEvent, { type: T }>;
type Evolver<T extends StoredEvent['type']> = (state: ComplaintState | null, event: EventOf<T>) => ComplaintState;

/** How each event changes a complaint; one entry per event type, checked by the compiler. */
const EVOLVE: { [T in StoredEvent['type']]: Evolver<T> } = {
  registered: (_state, { data, at, seq, complaintId }) => ({
    id: complaintId,
    siteKey: data.siteKey,
    reference: data.reference,
    accessCodeHash: data.accessCodeHash,
    status: 'registered',
    channel: data.channel,
    category: data.category,
    department: data.department,
    priority: data.priority,
    description: data.description,
    place: data.place,
    answers: data.answers,
    complainant: data.complainant,
    language: data.language,
    registeredAt: at,
    updatedAt: at,
    version: seq,
  }),
};

export function evolve(state: ComplaintState | null, event: StoredEvent): ComplaintState {
  const apply = EVOLVE[event.type] as Evolver<StoredEvent['type']> | undefined;
  if (!apply) throw new Error(`no rule for event type "${event.type}"`);
  return apply(state, event);
}

/** The current state of a complaint: the fold of its history. */
export function replay(events: readonly StoredEvent[]): ComplaintState | null {
  return events.reduce<ComplaintState | null>(evolve, null);
}
