import { createHash } from 'node:crypto';
import type { StoredEvent } from '../contract/events.ts';
import type { OutboxMessage, Recipient } from '../store/store.ts';
import type { ComplaintState } from '../workflow/state.ts';

/** How the complainant asked to hear back, or null when they cannot or would not be told. */
export function complainantContact(state: ComplaintState): Recipient | null {
  const c = state.complainant;
  if (!c || c.preferredContact === 'none') return null;
  if (c.email && c.preferredContact !== 'phone') return { kind: 'complainant', channel: 'email', address: c.email };
  if (c.phone) return { kind: 'complainant', channel: 'phone', address: c.phone };
  return c.email ? { kind: 'complainant', channel: 'email', address: c.email } : null;
}

const staff = (who: string): Recipient => ({ kind: 'staff', who });

/**
 * Who hears the complainant's messages: their contact, or — when they left none, or would not be
 * told by one — the browsers that follow the complaint with push messages, if any do (`devices`).
 */
function complainantRecipient(state: ComplaintState, devices: boolean): Recipient | null {
  return complainantContact(state) ?? (devices ? { kind: 'complainant', channel: 'push', address: state.id } : null);
}

/** What each event tells whom (PROCEDURES.md: tell the complainant at each step; tell staff of work and deadlines). */
function messagesFor(event: StoredEvent, state: ComplaintState, supervisor: string | undefined, devices: boolean): [string, Recipient | null, Record<string, unknown>][] {
  const complainant = complainantRecipient(state, devices);
  const holder = state.assignee ?? supervisor ?? null;
  switch (event.type) {
    case 'registered':
      return [['receipt', complainant, {}]];
    case 'accepted':
      return [['acceptance-notice', complainant, { ...event.data }]];
    case 'not-accepted':
      return [['not-accepted', complainant, { ...event.data }]];
    case 'information-requested':
      return [['information-requested', complainant, { ...event.data }]];
    case 'note-added':
      return event.data.public ? [['progress', complainant, { note: event.data.note }]] : [];
    case 'feedback-sent':
      return [
        ['result', complainant, { message: event.data.message, channel: event.data.channel }],
        ['satisfaction-survey', complainant, {}],
      ];
    case 'reopened':
      return [['reopen-confirmation', complainant, { round: event.data.round }]];
    case 'dispatched':
      return [['assignment', staff(event.data.assignee), { department: event.data.department }]];
    case 'escalated':
      return [['escalation', staff(event.data.recipient ?? event.data.to), { ...event.data }]];
    case 'deadline-warned':
      return holder ? [['deadline-warning', staff(holder), { ...event.data }]] : [];
    case 'deadline-breached':
      return holder ? [['deadline-breach', staff(holder), { ...event.data }]] : [];
    default:
      return [];
  }
}

/** The same message for the same event and recipient always has the same id: receivers can deduplicate. */
function messageId(complaintId: string, seq: number, kind: string, recipient: Recipient): string {
  const who = recipient.kind === 'staff' ? recipient.who : `${recipient.channel}:${recipient.address}`;
  const hex = createHash('sha256').update(`${complaintId}\n${seq}\n${kind}\n${who}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The outbox rows for newly stored events, written in the same transaction as the events.
 * `devices`: browsers follow the complaint with push messages (they hear the complainant's
 * messages even when the complainant gave no address).
 */
export function outboxFor(events: readonly StoredEvent[], state: ComplaintState, supervisor?: string, devices = false): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  for (const event of events) {
    for (const [kind, recipient, payload] of messagesFor(event, state, supervisor, devices)) {
      if (!recipient) continue;
      messages.push({
        id: messageId(state.id, event.seq, kind, recipient),
        siteKey: state.siteKey,
        complaintId: state.id,
        eventSeq: event.seq,
        kind,
        recipient,
        payload: { reference: state.reference, language: state.language, ...payload },
        createdAt: event.at,
      });
    }
  }
  return messages;
}
