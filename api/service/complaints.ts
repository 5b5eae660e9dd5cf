import type { FileComplaint, FiledComplaint, PublicComplaint } from '../contract/complaint.ts';
import type { Actor, StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import { complainantContact, outboxFor } from '../notify/intents.ts';
import { type LiveBus, LocalBus } from '../notify/live.ts';
import { canonicalJson } from '../store/chain.ts';
import type { IdempotentAnswer, Store } from '../store/store.ts';
import type { Command, FileCommand } from '../workflow/commands.ts';
import { decide } from '../workflow/lifecycle.ts';
import type { ComplaintState } from '../workflow/state.ts';
import {
  accessCodeMatches,
  hashAccessCode,
  newAccessCode,
  newReference,
  normalizeReference,
  randomSecret,
  sha256,
  timeOrderedId,
} from './credentials.ts';
import { ServiceError, fromRejection } from './errors.ts';
import { requireAttachments } from './attachments.ts';
import { Policies } from './policies.ts';
import { publicView } from './public-view.ts';
import { readTicket, signTicket } from './tickets.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Filing {
  status: 201;
  body: FiledComplaint;
  /** true when the answer is the remembered one for a repeated Idempotency-Key */
  replayed: boolean;
}

/**
 * A filing as the service takes it: photos may be left out. A client that keeps the photo and
 * the address register itself (Open311) names them by `mediaUrl` and `addressId`.
 */
export type FilingInput = Omit<FileComplaint, 'attachments'> & { attachments?: string[]; mediaUrl?: string; addressId?: string };

export interface Outcome {
  state: ComplaintState;
  events: StoredEvent[];
  /** the answer remembered for this command's Idempotency-Key: it was carried out before, and not again now */
  replayed?: IdempotentAnswer;
}

/** An Idempotency-Key a command is remembered under, with a hash of the command it stands for. */
export interface CommandKey {
  scope: string;
  keyHash: string;
  requestHash: string;
}

const ACCESS_CODE_SECRET = 'access-code-key';
const LIVE_TOKEN_SECRET = 'live-token-key';
const LIVE_TOKEN_MINUTES = 60;
const LINK_SECRET = 'tracking-link-key';
/** A link in a notification lets its holder follow the complaint for this long. */
export const TRACKING_LINK_DAYS = 180;
/** Tracking links are told from access codes by this prefix (codes never contain a dot). */
const LINK_PREFIX = 'link.';
const MAX_REFERENCE_ATTEMPTS = 5;
const MAX_SYSTEM_RETRIES = 5;

/** Who files, and how: the public form, or staff registering a call, letter or visit. */
export interface FilingSource {
  channel: FileCommand['channel'];
  actor: Actor;
  severity?: FileCommand['severity'];
  vip?: boolean;
  subject?: string;
}

const WEB: FilingSource = { channel: 'web', actor: { kind: 'complainant' } };

/** The use cases: file, track, and carry out commands on a complaint through the workflow. */
export class ComplaintDesk {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #policies = new Policies();
  #accessCodeSecret: Promise<string> | undefined;
  #liveSecret: Promise<string> | undefined;
  #linkSecret: Promise<string> | undefined;

  /** changes are announced here once they are stored */
  readonly live: LiveBus;

  constructor(store: Store, clock: Clock = systemClock, live: LiveBus = new LocalBus()) {
    this.#store = store;
    this.#clock = clock;
    this.live = live;
  }

  #announce(state: ComplaintState): void {
    this.live.publish({ siteKey: state.siteKey, complaintId: state.id, version: state.version, at: state.updatedAt });
  }

  async site(key: string): Promise<Site> {
    const site = await this.#store.getSite(key);
    if (!site) throw new ServiceError(404, 'site_not_found', `no site "${key}"`);
    return site;
  }

  async file(site: Site, input: FilingInput, idempotencyKey?: string, source: FilingSource = WEB): Promise<Filing> {
    const request = { ...input, attachments: input.attachments ?? [] };
    const scope = `file:${site.key}`;
    const requestHash = sha256(canonicalJson({ request, channel: source.channel, actor: source.actor }));
    const keyHash = idempotencyKey ? sha256(idempotencyKey) : undefined;
    // created once and never changed, so kept in memory after the first read
    this.#accessCodeSecret ??= this.#store.secret(ACCESS_CODE_SECRET, randomSecret);
    const secret = await this.#accessCodeSecret;
    const accessCode = newAccessCode(secret, idempotencyKey ? { scope, key: idempotencyKey } : undefined);

    // A repeated key is found by the commit itself (the common case is a new key); a refused
    // command still answers a repeat with the original answer.
    const earlierAnswer = async () => (keyHash ? this.#store.findIdempotent(scope, keyHash) : null);
    const complainant = request.complainant && Object.values(request.complainant).some(Boolean) ? request.complainant : null;
    await requireAttachments(this.#store, site.key, request.attachments, ['attachments']);
    const policy = this.#policies.for(site);
    for (let attempt = 0; attempt < MAX_REFERENCE_ATTEMPTS; attempt += 1) {
      const complaintId = timeOrderedId();
      const command: FileCommand & { actor: Actor } = {
        type: 'file',
        actor: source.actor,
        complaintId,
        siteKey: site.key,
        reference: newReference(),
        accessCodeHash: hashAccessCode(accessCode),
        channel: source.channel,
        category: request.category,
        description: request.description,
        place: request.place,
        answers: request.answers,
        complainant,
        language: request.language ?? site.defaultLocale,
        ...(source.severity ? { severity: source.severity } : {}),
        ...(source.vip !== undefined ? { vip: source.vip } : {}),
        ...(source.subject ? { subject: source.subject } : {}),
        attachments: request.attachments,
        ...(request.location ? { location: request.location } : {}),
        ...(request.mediaUrl ? { mediaUrl: request.mediaUrl } : {}),
        ...(request.addressId ? { addressId: request.addressId } : {}),
        ...(request.consent !== undefined ? { consent: request.consent } : {}),
        // what was agreed to stays provable when the text changes later
        ...(request.consent && site.policy.consentText ? { consentTo: sha256(canonicalJson(site.policy.consentText)) } : {}),
      };
      const decision = decide(null, command, policy, this.#clock.now());
      if (!decision.ok) {
        const earlier = await earlierAnswer();
        if (earlier) return replayFiling(earlier, requestHash, accessCode);
        throw fromRejection(decision.rejection);
      }
      const registered = decision.events[0]!;
      const body: Omit<FiledComplaint, 'accessCode'> = {
        reference: command.reference,
        status: 'registered',
        registeredAt: registered.at,
      };
      const result = await this.#store.commit({
        complaintId,
        expectedVersion: 0,
        events: decision.events,
        outbox: (stored, state) => outboxFor(stored, state, supervisorOf(site, state)),
        idempotency: keyHash ? { scope, keyHash, requestHash, status: 201, body } : undefined,
      });
      if (result.ok) {
        this.#announce(result.state);
        return { status: 201, body: { ...body, accessCode }, replayed: false };
      }
      if (result.reason === 'idempotency-conflict') return replayFiling(result.existing, requestHash, accessCode);
      if (result.reason !== 'reference-taken') throw new Error(`unexpected commit result ${result.reason}`);
    }
    throw new ServiceError(503, 'reference_exhausted', 'could not find a free reference; try again');
  }

  /** The complaint itself, for whoever holds its reference and access code (or a tracking link's key); 404 otherwise. */
  authorised(site: Site, reference: string, accessCode: string): Promise<ComplaintState> {
    return this.#authorised(site, reference, accessCode);
  }

  /** What the complainant sees: status and public timeline, after the access code matches. */
  async track(site: Site, reference: string, accessCode: string): Promise<PublicComplaint> {
    const state = await this.#authorised(site, reference, accessCode);
    return publicView(site, this.#policies.for(site), state, await this.#store.readEvents(state.id), this.#clock.now());
  }

  /**
   * A ticket for following one complaint live (an EventSource cannot send the access code in a
   * header): the complaint's id and an expiry, signed with a server secret.
   */
  async liveToken(site: Site, reference: string, accessCode: string): Promise<{ token: string; expiresAt: string }> {
    const state = await this.#authorised(site, reference, accessCode);
    const expiresAt = new Date(this.#clock.now().getTime() + LIVE_TOKEN_MINUTES * 60_000).toISOString();
    return { token: signTicket(await this.#secret('live'), { siteKey: state.siteKey, complaintId: state.id, expiresAt }), expiresAt };
  }

  /** The complaint a live ticket is for, or null when it is forged, for another site or expired. */
  async liveTicket(site: Site, token: string): Promise<ComplaintState | null> {
    const ticket = readTicket(await this.#secret('live'), token, this.#clock.now());
    if (!ticket || ticket.siteKey !== site.key) return null;
    return this.#store.getComplaint(ticket.complaintId);
  }

  /**
   * A key for the link in a notification: it stands in for the access code (in the same header)
   * for this one complaint until it expires. The complainant never has to keep the code.
   */
  async trackingKey(site: Site, complaintId: string, days = TRACKING_LINK_DAYS): Promise<{ key: string; expiresAt: string }> {
    const expiresAt = new Date(this.#clock.now().getTime() + days * 86_400_000).toISOString();
    return { key: LINK_PREFIX + signTicket(await this.#secret('link'), { siteKey: site.key, complaintId, expiresAt }), expiresAt };
  }

  #secret(kind: 'live' | 'link'): Promise<string> {
    if (kind === 'live') return (this.#liveSecret ??= this.#store.secret(LIVE_TOKEN_SECRET, randomSecret));
    return (this.#linkSecret ??= this.#store.secret(LINK_SECRET, randomSecret));
  }

  /** A photo of the complaint, for whoever holds its access code. */
  async attachment(site: Site, reference: string, accessCode: string, id: string): Promise<{ contentType: string; bytes: Uint8Array }> {
    const state = await this.#authorised(site, reference, accessCode);
    return this.attachmentOf(site, state, id);
  }

  /** A photo given with this complaint (and only then). */
  async attachmentOf(site: Site, state: ComplaintState, id: string): Promise<{ contentType: string; bytes: Uint8Array }> {
    const events = await this.#store.readEvents(state.id);
    const given = events.some((e) => (e.type === 'registered' || e.type === 'information-provided') && (e.data.attachments ?? []).includes(id));
    const found = given ? await this.#store.getAttachment(site.key, id) : null;
    if (!found) throw new ServiceError(404, 'attachment_not_found', 'no such photo with this complaint');
    return found;
  }

  /** A command from the complainant, who proves who they are with the access code. */
  async actAsComplainant(site: Site, reference: string, accessCode: string, command: Command): Promise<PublicComplaint> {
    const state = await this.#authorised(site, reference, accessCode);
    if (command.type === 'provide-information') await requireAttachments(this.#store, site.key, command.attachments ?? [], ['attachments']);
    try {
      const outcome = await this.#execute(site, state, command, { kind: 'complainant' }, state.version);
      return publicView(site, this.#policies.for(site), outcome.state, await this.#store.readEvents(state.id), this.#clock.now());
    } catch (error) {
      // The complainant gets the status, never the internal state.
      if (error instanceof ServiceError && error.code === 'version_conflict') {
        throw new ServiceError(409, 'version_conflict', 'the complaint changed just now; look at it again and retry');
      }
      throw error;
    }
  }

  /**
   * A command on a complaint. With `expectedVersion` (what the caller last saw) a concurrent
   * change makes it fail with 409 and the current state: two people cannot both win. With a
   * `key`, the command is remembered in the same transaction as its events, and the same key
   * again answers with `replayed` (and the complaint as it now stands) instead of acting twice.
   */
  async execute(site: Site, complaintId: string, command: Command, actor: Actor, expectedVersion?: number, key?: CommandKey): Promise<Outcome> {
    const state = await this.#store.getComplaint(complaintId);
    if (!state || state.siteKey !== site.key) throw new ServiceError(404, 'complaint_not_found', 'no such complaint on this site');
    return this.#execute(site, state, command, actor, expectedVersion, key);
  }

  async findByReference(site: Site, reference: string): Promise<ComplaintState | null> {
    return this.#store.findByReference(site.key, normalizeReference(reference));
  }

  /** The clock's own command: raise the warnings and breaches that are due. Retries if a person acts at the same moment. */
  async raiseDeadlines(siteKey: string, complaintId: string): Promise<StoredEvent[]> {
    const site = await this.site(siteKey);
    for (let attempt = 0; attempt < MAX_SYSTEM_RETRIES; attempt += 1) {
      const state = await this.#store.getComplaint(complaintId);
      if (!state) return [];
      try {
        return (await this.#execute(site, state, { type: 'raise-deadlines' }, { kind: 'system' }, state.version)).events;
      } catch (error) {
        if (error instanceof ServiceError && error.code === 'version_conflict') continue;
        throw error;
      }
    }
    throw new Error(`could not raise the deadlines of ${complaintId}: it keeps changing`);
  }

  async #authorised(site: Site, reference: string, accessCode: string): Promise<ComplaintState> {
    const state = await this.#store.findByReference(site.key, normalizeReference(reference));
    // One answer for "no such reference" and "wrong code", so neither can be probed.
    if (!state || !(await this.#holds(site, state, accessCode))) {
      throw new ServiceError(404, 'complaint_not_found', 'no complaint with this reference and access code');
    }
    return state;
  }

  async #holds(site: Site, state: ComplaintState, accessCode: string): Promise<boolean> {
    if (!accessCode.startsWith(LINK_PREFIX)) return accessCodeMatches(accessCode, state.accessCodeHash);
    const ticket = readTicket(await this.#secret('link'), accessCode.slice(LINK_PREFIX.length), this.#clock.now());
    return ticket?.siteKey === site.key && ticket.complaintId === state.id;
  }

  async #execute(site: Site, state: ComplaintState, command: Command, actor: Actor, expectedVersion?: number, key?: CommandKey): Promise<Outcome> {
    // A key seen before is answered before anything else: the complaint has moved on since
    // (by this very command), so its version no longer matches the one the command was sent with.
    const earlier = key ? await this.#store.findIdempotent(key.scope, key.keyHash) : null;
    if (earlier) return { state, events: [], replayed: earlier };
    if (expectedVersion !== undefined && expectedVersion !== state.version) throw versionConflict(state);
    const decision = decide(state, { ...command, actor } as Parameters<typeof decide>[1], this.#policies.for(site), this.#clock.now());
    if (!decision.ok) throw fromRejection(decision.rejection, state);
    if (!decision.events.length) return { state, events: [] };
    // a complainant without an address may still follow the complaint with push messages
    const devices = !complainantContact(state) && (await this.#store.channels.hasComplaintPushSubscription(state.id));
    const result = await this.#store.commit({
      complaintId: state.id,
      expectedVersion: state.version,
      events: decision.events,
      outbox: (stored, next) => outboxFor(stored, next, supervisorOf(site, next), devices),
      idempotency: key
        ? { ...key, status: 200, body: { complaintId: state.id, version: state.version + decision.events.length } }
        : undefined,
    });
    if (result.ok) {
      this.#announce(result.state);
      return { state: result.state, events: result.events };
    }
    if (result.reason === 'idempotency-conflict') {
      // the same key, sent twice at once: the other request carried it out
      return { state: (await this.#store.getComplaint(state.id)) ?? state, events: [], replayed: result.existing };
    }
    if (result.reason === 'version-conflict') throw versionConflict(result.state ?? state);
    throw new Error(`unexpected commit result ${result.reason}`);
  }
}

const supervisorOf = (site: Site, state: ComplaintState) => site.policy.departments.find((d) => d.code === state.department)?.supervisor;

function versionConflict(current: ComplaintState): ServiceError {
  return new ServiceError(409, 'version_conflict', 'someone else changed this complaint first; here is how it stands now', {
    details: { current },
  });
}

function replayFiling(earlier: { requestHash: string; status: number; body: unknown }, requestHash: string, accessCode: string): Filing {
  if (earlier.requestHash !== requestHash) {
    throw new ServiceError(409, 'idempotency_key_reused', 'this Idempotency-Key was used for a different complaint');
  }
  const body = { ...(earlier.body as Omit<FiledComplaint, 'accessCode'>), accessCode };
  return { status: 201, body, replayed: true };
}
