import { z } from '@hono/zod-openapi';
import { Code, Locale, Timestamp } from './common.ts';
import { Channel, Complainant, Place } from './complaint.ts';
import { Priority } from './site.ts';

/** Who caused an event: the complainant, a staff member, or the system's own clock. */
export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('complainant') }),
  z.object({ kind: z.literal('staff'), id: z.string() }),
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof Actor>;

export const RegisteredData = z.object({
  siteKey: Code,
  reference: z.string(),
  /** SHA-256 of the access code: the code itself is never stored */
  accessCodeHash: z.string().regex(/^[0-9a-f]{64}$/),
  channel: Channel,
  category: Code,
  department: Code,
  priority: Priority,
  description: z.string(),
  place: Place,
  answers: z.record(z.string(), z.string()),
  complainant: Complainant.nullable(),
  language: Locale,
});
export type RegisteredData = z.infer<typeof RegisteredData>;

export const EVENT_SCHEMAS = {
  registered: RegisteredData,
} as const;
export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;

/** An event as the workflow core produces it, before the store gives it a place in the chain. */
export type NewEvent = {
  [T in EventType]: { type: T; data: EventData<T>; actor: Actor; at: string };
}[EventType];

/** An event as stored: numbered within its complaint and linked to its predecessor by hash. */
export type StoredEvent = NewEvent & {
  complaintId: string;
  seq: number;
  prevHash: string;
  hash: string;
};

export const StoredEventSchema = z.object({
  complaintId: z.string(),
  seq: z.number().int().positive(),
  type: z.string(),
  data: z.unknown(),
  actor: Actor,
  at: Timestamp,
  prevHash: z.string(),
  hash: z.string(),
});
