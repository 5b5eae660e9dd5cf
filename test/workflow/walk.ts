import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Actor, NewEvent, StoredEvent } from '../../api/contract/events.ts';
import type { Site } from '../../api/contract/site.ts';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';
import { Policies } from '../../api/service/policies.ts';
import { chain } from '../../api/store/chain.ts';
import type { Command, FileCommand, Rejection } from '../../api/workflow/commands.ts';
import { decide, evolve } from '../../api/workflow/lifecycle.ts';
import type { ComplaintState } from '../../api/workflow/state.ts';

const policies = new Policies();
export const STAFF: Actor = { kind: 'staff', id: 'staff-1' };
export const COMPLAINANT: Actor = { kind: 'complainant' };
export const SYSTEM: Actor = { kind: 'system' };

/** Local wall time in a zone → the instant, e.g. at('2026-09-30 10:00', 'Asia/Shanghai'). */
export function at(local: string, timeZone = 'Asia/Shanghai'): Date {
  const offset: Record<string, string> = { 'Asia/Shanghai': '+08:00', 'Asia/Hong_Kong': '+08:00' };
  return new Date(`${local.replace(' ', 'T')}:00${offset[timeZone]}`);
}

/** The same instant read back as Shanghai wall time, for assertions a person can check. */
export function local(iso: string | Date, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
  return parts.replace(/:00$/, '').slice(0, 16);
}

/**
 * Walks one complaint through the pure workflow, as the server would: each command decided
 * against the state so far, its events chained and folded. No store, no server, no clock.
 */
export class Walk {
  readonly site: Site;
  state: ComplaintState | null = null;
  readonly events: StoredEvent[] = [];

  constructor(siteKey: string) {
    this.site = DEMO_SITES.find((s) => s.key === siteKey)!;
  }

  get policy() {
    return policies.for(this.site);
  }

  get now(): ComplaintState {
    return this.state!;
  }

  file(when: Date, fields: Partial<FileCommand> & { category: string }, actor: Actor = COMPLAINANT): NewEvent[] {
    return this.do(
      {
        type: 'file',
        complaintId: randomUUID(),
        siteKey: this.site.key,
        reference: 'TEST-0001',
        accessCodeHash: 'a'.repeat(64),
        channel: 'web',
        description: '测试投诉',
        place: {},
        answers: {},
        complainant: { name: '王芳', phone: '13800004220' },
        language: 'zh-Hans',
        // the box under the site's consent text is ticked, as the form asks
        consent: true,
        ...fields,
      },
      when,
      actor,
    );
  }

  /** Gives a command that must succeed; returns the events it caused. */
  do(command: Command, when: Date, actor: Actor = STAFF): NewEvent[] {
    const decision = decide(this.state, { ...command, actor } as Parameters<typeof decide>[1], this.policy, when);
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.rejection.code} ${decision.rejection.message}`);
    const id = this.state?.id ?? (command as FileCommand).complaintId;
    const head = this.events.at(-1);
    const stored = chain(id, head ? { seq: head.seq, hash: head.hash } : null, decision.events);
    for (const event of stored) {
      this.state = evolve(this.state, event);
      this.events.push(event);
    }
    return decision.events;
  }

  /** Gives a command that must be refused; returns the rejection. */
  refused(command: Command, when: Date, actor: Actor = STAFF): Rejection {
    const decision = decide(this.state, { ...command, actor } as Parameters<typeof decide>[1], this.policy, when);
    expect(decision.ok, `${command.type} should have been refused`).toBe(false);
    return (decision as { ok: false; rejection: Rejection }).rejection;
  }

  /** The scheduler's pass at a moment. */
  tick(when: Date): NewEvent[] {
    return this.do({ type: 'raise-deadlines' }, when, SYSTEM);
  }

  clock(stage: keyof ComplaintState['clocks']) {
    return this.now.clocks[stage]!;
  }

  types(events: readonly NewEvent[]): string[] {
    return events.map((e) => (e.type === 'clock-started' || e.type === 'clock-stopped' ? `${e.type}:${e.data.stage}` : e.type));
  }

  stopped(stage: string): boolean | null | undefined {
    const stop = [...this.events].reverse().find((e) => e.type === 'clock-stopped' && e.data.stage === stage);
    return stop?.type === 'clock-stopped' ? stop.data.onTime : undefined;
  }
}
