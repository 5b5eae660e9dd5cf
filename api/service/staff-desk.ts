import type { Complainant } from '../contract/complaint.ts';
import { Site } from '../contract/site.ts';
import type { IntakeRequest, QueueItem, StaffCommand, StaffComplaint } from '../contract/staff-api.ts';
import type { QueueQuery } from '../contract/staff.ts';
import type { ListPage, Store } from '../store/store.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { type Standing, can, commandsOf, inScope, isNamedIn } from './access.ts';
import type { Clock, ComplaintDesk } from './complaints.ts';
import { canonicalJson } from '../store/chain.ts';
import { sha256 } from './credentials.ts';
import { ServiceError } from './errors.ts';
import { queueItem, staffComplaint } from './staff-views.ts';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The entity tag of a site's configuration: the same configuration has the same tag, whatever its key order. */
export const configTag = (site: Site): string => `"${sha256(canonicalJson(site)).slice(0, 32)}"`;

/** Whether an `If-Match` header names this tag (`*`, or one of a list; a weak tag compares by its value). */
function matches(ifMatch: string, tag: string): boolean {
  const wanted = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return wanted.includes('*') || wanted.includes(tag);
}

/** What staff do with complaints: the queue, a complaint's file, registering, commands, reveals. */
export class StaffDesk {
  readonly #store: Store;
  readonly #desk: ComplaintDesk;
  readonly #clock: Clock;

  constructor(store: Store, desk: ComplaintDesk, clock: Clock) {
    this.#store = store;
    this.#desk = desk;
    this.#clock = clock;
  }

  async queue(site: Site, standing: Standing, query: QueueQuery): Promise<Omit<ListPage, 'items'> & { items: QueueItem[] }> {
    const now = this.#clock.now();
    // a handler's queue is their departments' complaints, whatever the filter asks
    const departments = standing.departments
      ? (query.department ?? [...standing.departments]).filter((d) => standing.departments!.has(d))
      : query.department;
    if (departments && !departments.length) return { items: [], nextCursor: null, total: 0, overdue: 0, byStatus: {} };
    const page = await this.#store.listComplaints({
      siteKey: site.key,
      ...(query.status ? { statuses: query.status } : {}),
      ...(query.stage ? { stages: query.stage } : {}),
      ...(query.category ? { categories: query.category } : {}),
      ...(departments ? { departments } : {}),
      ...(query.priority ? { priorities: query.priority } : {}),
      ...(query.channel ? { channels: query.channel } : {}),
      ...(query.assignee ? { assignee: query.assignee === 'me' ? standing.user.name : query.assignee } : {}),
      ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
      ...(query.dueWithin
        ? { dueBefore: new Date(now.getTime() + Number(query.dueWithin.slice(0, -1)) * UNITS[query.dueWithin.slice(-1)]!).toISOString() }
        : {}),
      ...(query.from ? { registeredFrom: query.from } : {}),
      ...(query.to ? { registeredTo: query.to } : {}),
      ...(query.q ? { text: query.q, textIncludesIdentity: can(standing, 'reveal-identity') } : {}),
      sort: query.sort,
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      now: now.toISOString(),
    });
    return { ...page, items: page.items.map((state) => queueItem(site, standing, state)) };
  }

  async complaint(site: Site, standing: Standing, id: string): Promise<StaffComplaint> {
    const state = await this.#inScope(site, standing, await this.#store.getComplaint(id));
    return staffComplaint(site, standing, state, await this.#store.readEvents(state.id));
  }

  async byReference(site: Site, standing: Standing, reference: string): Promise<StaffComplaint> {
    const state = await this.#inScope(site, standing, await this.#desk.findByReference(site, reference));
    return staffComplaint(site, standing, state, await this.#store.readEvents(state.id));
  }

  /** A complaint taken by phone, letter, visit, email or WeChat, registered for the complainant. */
  async register(site: Site, standing: Standing, request: IntakeRequest, idempotencyKey?: string) {
    const { channel, severity, vip, subject, ...filing } = request;
    const filed = await this.#desk.file(site, filing, idempotencyKey, {
      channel,
      actor: { kind: 'staff', id: standing.user.id },
      ...(severity ? { severity } : {}),
      ...(vip !== undefined ? { vip } : {}),
      ...(subject ? { subject } : {}),
    });
    const state = await this.#desk.findByReference(site, filed.body.reference);
    return { ...filed, id: state!.id };
  }

  async command(site: Site, standing: Standing, id: string, expectedVersion: number, command: StaffCommand): Promise<StaffComplaint> {
    return (await this.commandOnce(site, standing, id, expectedVersion, command)).complaint;
  }

  /**
   * A command sent with an Idempotency-Key (scoped to the site and the member): the same key
   * again answers with the complaint as it now stands and `replayed`, and is never carried out
   * twice, even when the complaint has moved on since; the same key for another command is
   * refused with 409 `idempotency_key_reused`. The expected version is not part of what the key
   * stands for, so a command decided again on a newer version keeps its key.
   */
  async commandOnce(
    site: Site,
    standing: Standing,
    id: string,
    expectedVersion: number,
    command: StaffCommand,
    idempotencyKey?: string,
  ): Promise<{ complaint: StaffComplaint; replayed: boolean }> {
    if (!commandsOf(standing).has(command.type)) {
      throw new ServiceError(403, 'not_allowed_for_role', `your role on this site cannot ${command.type}`);
    }
    const state = await this.#inScope(site, standing, await this.#store.getComplaint(id));
    if (isNamedIn(standing.user, state)) {
      throw new ServiceError(403, 'conflict_of_interest', 'this complaint names you; someone else must handle it');
    }
    const key = idempotencyKey
      ? { scope: `command:${site.key}:${standing.user.id}`, keyHash: sha256(idempotencyKey), requestHash: sha256(canonicalJson({ complaintId: id, command })) }
      : undefined;
    try {
      const outcome = await this.#desk.execute(site, id, command, { kind: 'staff', id: standing.user.id }, expectedVersion, key);
      if (outcome.replayed && outcome.replayed.requestHash !== key?.requestHash) {
        throw new ServiceError(409, 'idempotency_key_reused', 'this Idempotency-Key was used for a different command');
      }
      return { complaint: staffComplaint(site, standing, outcome.state, await this.#store.readEvents(id)), replayed: Boolean(outcome.replayed) };
    } catch (error) {
      // the loser of a race gets the complaint as it now stands — as this member may see it
      if (error instanceof ServiceError && error.code === 'version_conflict') {
        const current = await this.#store.getComplaint(id);
        throw new ServiceError(409, 'version_conflict', error.message, {
          details: { current: current ? queueItem(site, standing, current) : null },
        });
      }
      throw error;
    }
  }

  /** A photo given with a complaint the member may see. */
  async attachment(site: Site, standing: Standing, id: string, attachmentId: string): Promise<{ contentType: string; bytes: Uint8Array }> {
    const state = await this.#inScope(site, standing, await this.#store.getComplaint(id));
    return this.#desk.attachmentOf(site, state, attachmentId);
  }

  /** The complainant's identity in full, for those whose duty needs it — and every look is recorded. */
  async reveal(site: Site, standing: Standing, id: string): Promise<Complainant> {
    const state = await this.#inScope(site, standing, await this.#store.getComplaint(id));
    if (!can(standing, 'reveal-identity') || isNamedIn(standing.user, state)) {
      throw new ServiceError(403, 'forbidden', 'your role may not see who made this complaint');
    }
    const complainant = state.complainant ?? {};
    await this.#store.staff.appendAudit({
      at: this.#clock.now().toISOString(),
      siteKey: site.key,
      actor: standing.user.id,
      action: 'identity-revealed',
      target: state.id,
      details: { reference: state.reference, fields: Object.keys(complainant).filter((k) => k !== 'preferredContact') },
    });
    return complainant;
  }

  /** A new configuration for the site: validated as a whole, kept, and its change recorded. */
  /**
   * Replaces the site's configuration. With `ifMatch` (the tag its reader got), only if nobody
   * changed it since: otherwise 412, and their change stays.
   */
  async configure(site: Site, standing: Standing, document: unknown, ifMatch?: string): Promise<Site> {
    const parsed = Site.safeParse(document);
    if (!parsed.success) {
      throw new ServiceError(422, 'invalid_configuration', 'the site configuration is not valid', {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message, code: i.code })),
      });
    }
    const next = parsed.data;
    if (next.key !== site.key) throw new ServiceError(422, 'invalid_configuration', 'the site key cannot change', { issues: [{ path: ['key'], message: 'must stay ' + site.key, code: 'immutable' }] });
    const departments = new Set(next.policy.departments.map((d) => d.code));
    const issues = next.policy.categories.flatMap((c, i) =>
      departments.has(c.department) ? [] : [{ path: ['policy', 'categories', i, 'department'], message: `no department "${c.department}"`, code: 'unknown_department' }],
    );
    if (issues.length) throw new ServiceError(422, 'invalid_configuration', 'a category is routed to a department that does not exist', { issues });
    const replaced = await this.#store.replaceSite(next, this.#clock.now(), (current) => ifMatch === undefined || matches(ifMatch, configTag(current)));
    if (!replaced) {
      throw new ServiceError(412, 'configuration_changed', 'someone else changed the configuration since it was read: read it again, and apply the change to it');
    }
    const changed = (Object.keys(next) as (keyof Site)[]).filter((key) => JSON.stringify(next[key]) !== JSON.stringify(site[key]));
    const policyChanged = (Object.keys(next.policy) as (keyof Site['policy'])[]).filter(
      (key) => JSON.stringify(next.policy[key]) !== JSON.stringify(site.policy[key]),
    );
    await this.#store.staff.appendAudit({
      at: this.#clock.now().toISOString(),
      siteKey: site.key,
      actor: standing.user.id,
      action: 'site-configured',
      target: site.key,
      details: { changed, policy: policyChanged },
    });
    return next;
  }

  /** Whether this member may see the complaint at all (its site, their departments). */
  async sees(site: Site, standing: Standing, id: string): Promise<boolean> {
    const state = await this.#store.getComplaint(id);
    return Boolean(state && state.siteKey === site.key && inScope(standing, state));
  }

  async #inScope(site: Site, standing: Standing, state: ComplaintState | null): Promise<ComplaintState> {
    // another site's complaint, or one outside a handler's departments, is simply not there
    if (!state || state.siteKey !== site.key || !inScope(standing, state)) {
      throw new ServiceError(404, 'complaint_not_found', 'no such complaint on this site');
    }
    return state;
  }
}
