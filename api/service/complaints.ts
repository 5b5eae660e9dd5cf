import { randomUUID } from 'node:crypto';
import type { FileComplaint, FiledComplaint, PublicComplaint, PublicTimelineEntry } from '../contract/complaint.ts';
import type { StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import { canonicalJson } from '../store/chain.ts';
import type { Store } from '../store/store.ts';
import { decide, evolve } from '../workflow/lifecycle.ts';
import type { ComplaintState } from '../workflow/state.ts';
import {
  accessCodeMatches,
  hashAccessCode,
  newAccessCode,
  newReference,
  normalizeReference,
  randomSecret,
  sha256,
} from './credentials.ts';
import { ServiceError, fromRejection } from './errors.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Filing {
  status: 201 | 200;
  body: FiledComplaint;
  /** true when the answer is the remembered one for a repeated Idempotency-Key */
  replayed: boolean;
}

const ACCESS_CODE_SECRET = 'access-code-key';
const MAX_REFERENCE_ATTEMPTS = 5;

/** The public intake: a resident files a complaint on a site's own page. */
export class ComplaintDesk {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock = systemClock) {
    this.#store = store;
    this.#clock = clock;
  }

  async site(key: string): Promise<Site> {
    const site = await this.#store.getSite(key);
    if (!site) throw new ServiceError(404, 'site_not_found', `no site "${key}"`);
    return site;
  }

  async file(site: Site, request: FileComplaint, idempotencyKey?: string): Promise<Filing> {
    const scope = `file:${site.key}`;
    const requestHash = sha256(canonicalJson(request));
    const keyHash = idempotencyKey ? sha256(idempotencyKey) : undefined;
    const secret = await this.#store.secret(ACCESS_CODE_SECRET, randomSecret);
    const accessCode = newAccessCode(secret, idempotencyKey ? { scope, key: idempotencyKey } : undefined);

    if (keyHash) {
      const earlier = await this.#store.findIdempotent(scope, keyHash);
      if (earlier) return replayFiling(earlier, requestHash, accessCode);
    }

    const complainant = request.complainant && Object.values(request.complainant).some(Boolean) ? request.complainant : null;
    for (let attempt = 0; attempt < MAX_REFERENCE_ATTEMPTS; attempt += 1) {
      const complaintId = randomUUID();
      const now = this.#clock.now();
      const decision = decide(
        null,
        {
          type: 'file',
          complaintId,
          siteKey: site.key,
          reference: newReference(),
          accessCodeHash: hashAccessCode(accessCode),
          channel: 'web',
          category: request.category,
          description: request.description,
          place: request.place,
          answers: request.answers,
          complainant,
          language: request.language ?? site.defaultLocale,
          actor: { kind: 'complainant' },
        },
        site.policy,
        now,
      );
      if (!decision.ok) throw fromRejection(decision.rejection);
      const registered = decision.events[0]!;
      const body: Omit<FiledComplaint, 'accessCode'> = {
        reference: registered.data.reference,
        status: 'registered',
        registeredAt: registered.at,
      };
      const result = await this.#store.commit({
        complaintId,
        expectedVersion: 0,
        events: decision.events,
        idempotency: keyHash ? { scope, keyHash, requestHash, status: 201, body } : undefined,
      });
      if (result.ok) return { status: 201, body: { ...body, accessCode }, replayed: false };
      if (result.reason === 'idempotency-conflict') return replayFiling(result.existing, requestHash, accessCode);
      if (result.reason !== 'reference-taken') throw new Error(`unexpected commit result ${result.reason}`);
    }
    throw new ServiceError(503, 'reference_exhausted', 'could not find a free reference; try again');
  }

  /** What the complainant sees: status and public timeline, after the access code matches. */
  async track(site: Site, reference: string, accessCode: string): Promise<PublicComplaint> {
    const state = await this.#store.findByReference(site.key, normalizeReference(reference));
    // One answer for "no such reference" and "wrong code", so neither can be probed.
    if (!state || !accessCodeMatches(accessCode, state.accessCodeHash)) {
      throw new ServiceError(404, 'complaint_not_found', 'no complaint with this reference and access code');
    }
    const events = await this.#store.readEvents(state.id);
    return publicView(site, state, events);
  }
}

function replayFiling(
  earlier: { requestHash: string; status: number; body: unknown },
  requestHash: string,
  accessCode: string,
): Filing {
  if (earlier.requestHash !== requestHash) {
    throw new ServiceError(409, 'idempotency_key_reused', 'this Idempotency-Key was used for a different complaint');
  }
  const body = { ...(earlier.body as Omit<FiledComplaint, 'accessCode'>), accessCode };
  return { status: earlier.status as 201, body, replayed: true };
}

function publicView(site: Site, state: ComplaintState, events: readonly StoredEvent[]): PublicComplaint {
  const category = site.policy.categories.find((c) => c.code === state.category);
  const department = site.policy.departments.find((d) => d.code === state.department);
  const timeline: PublicTimelineEntry[] = [];
  let current: ComplaintState | null = null;
  for (const event of events) {
    current = evolve(current, event);
    timeline.push({ at: event.at, kind: event.type, status: current.status });
  }
  return {
    reference: state.reference,
    status: state.status,
    category: { code: state.category, name: category?.name ?? { en: state.category, 'zh-Hans': state.category, 'zh-Hant': state.category } },
    ...(department ? { department: { code: department.code, name: department.name } } : {}),
    registeredAt: state.registeredAt,
    updatedAt: state.updatedAt,
    timeline,
  };
}
