import type { ZodType } from 'zod';
import { type Locale, type LocalizedText, Text } from '../contract/common.ts';
import { COMPLAINT_STATUSES, Complainant, type ComplaintStatus, Description } from '../contract/complaint.ts';
import type { StoredEvent } from '../contract/events.ts';
import { ANSWER_MAX, PLACE_MAX } from '../contract/limits.ts';
import type { Site } from '../contract/site.ts';
import { canonicalJson } from '../store/chain.ts';
import type { Store } from '../store/store.ts';
import type { Command } from '../workflow/commands.ts';
import { evolve } from '../workflow/evolve.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { OPEN_STATUSES } from '../workflow/transitions.ts';
import type { ApiKeys } from './api-keys.ts';
import { type Clock, type ComplaintDesk, systemClock } from './complaints.ts';
import { normalizeReference, sha256 } from './credentials.ts';
import { ServiceError } from './errors.ts';
import { WORDS, badRequest, fullName, notice, w3c, withoutContacts } from './open311-text.ts';
import { expectedBy, publicMessage } from './public-view.ts';

/*
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) and mySociety's update extension,
 * over the same workflow as every other filing. A jurisdiction is a site; a service is one of
 * its categories, and the category's questions are the service's attributes.
 *
 * What a GET answers is public, so it never carries personal data: no name, email, phone,
 * device or account id. The text of a request — its description, address, photo and the
 * office's public notes — is given only for requests filed through Open311 (whose clients
 * publish what their users report), with anything that looks like an email address or a phone
 * number, and the complainant's own name, masked. A complaint made on the site's own form or to
 * its staff was made to the office alone, and one about a named member of staff is never
 * published: Open311 shows only their service, status and dates.
 */

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** when what these endpoints answer last changed shape */
export const CHANGESET = '2026-11-25T00:00:00Z';
/** the spec's defaults: the last 90 days, at most 1000 requests */
export const DEFAULT_DAYS = 90;
export const MAX_REQUESTS = 1000;
/** updates are polled: without dates, the last day's */
export const DEFAULT_UPDATE_HOURS = 24;
export const MAX_UPDATES = 1000;
/** the attribute an Open311 client shows with the site's consent text */
export const CONSENT_ATTRIBUTE = 'accept_terms';
export const CONSENT_YES = 'yes';
/** an attribute that only informs (variable false): the site records every complainant's name */
export const NAME_ATTRIBUTE = 'name_required';

const DAY_MS = 86_400_000;

/** The workflow's statuses as the extension's statuses (FixMyStreet reads these). */
export const UPDATE_STATUS: Record<ComplaintStatus, string> = {
  registered: 'OPEN',
  'awaiting-information': 'OPEN',
  accepted: 'OPEN',
  'not-accepted': 'NOT_COUNCILS_RESPONSIBILITY',
  dispatched: 'INVESTIGATING',
  investigating: 'INVESTIGATING',
  'plan-proposed': 'ACTION_SCHEDULED',
  'in-progress': 'IN_PROGRESS',
  resolved: 'FIXED',
  'follow-up': 'FIXED',
  reopened: 'OPEN',
  'in-mediation': 'IN_PROGRESS',
  mediated: 'FIXED',
  'mediation-failed': 'UNABLE_TO_RESPOND',
  settled: 'FIXED',
  closed: 'CLOSED',
  archived: 'CLOSED',
  merged: 'DUPLICATE',
  withdrawn: 'CLOSED',
};

/** Every status a client may post or read in the update extension. */
export const EXTENDED_STATUSES = [
  'OPEN',
  'INVESTIGATING',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'NOT_COUNCILS_RESPONSIBILITY',
  'DUPLICATE',
  'UNABLE_TO_RESPOND',
  'NO_FURTHER_ACTION',
  'INTERNAL_REFERRAL',
  'FIXED',
  'CLOSED',
] as const;
export type ExtendedStatus = (typeof EXTENDED_STATUSES)[number];

export interface ServiceEntry {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'text' | 'singlevaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export interface ServiceDefinition {
  service_code: string;
  attributes: Attribute[];
}

export interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface RequestUpdate {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description: string | null;
  media_url: string | null;
}

export interface NewServiceRequest {
  service_request_id: string;
  service_notice: string | null;
  account_id: null;
  /** the request's permanent id, for clients that follow tokens (GET tokens/{token}) */
  token: string;
}

/** A POST requests, as the form gave it: every value a string, attributes by code. */
export interface RequestForm {
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  attributes: Map<string, string[]>;
}

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: string[];
  start?: string;
  end?: string;
  statuses?: ('open' | 'closed')[];
}

export interface UpdateForm {
  service_request_id?: string;
  update_id?: string;
  status?: string;
  description?: string;
  media_url?: string;
}

const named = (text: LocalizedText | undefined, lang: Locale, fallback: string) => text?.[lang] ?? fallback;

// ---------------------------------------------------------------------------------------------

interface PublicEntry {
  seq: number;
  at: string;
  kind: StoredEvent['type'];
  status: ComplaintStatus;
  message: string | undefined;
}

/** The lines of the complainant's public timeline, each with its event's number. */
function publicEntries(site: Site, state: ComplaintState, events: readonly StoredEvent[]): PublicEntry[] {
  const entries: PublicEntry[] = [];
  let current: ComplaintState | null = null;
  for (const event of events) {
    current = evolve(current, event);
    const message = publicMessage(event, site, state.language);
    if (message === null) continue;
    entries.push({ seq: event.seq, at: event.at, kind: event.type, status: current.status, message: message || undefined });
  }
  return entries;
}

/**
 * Whether a request's own text is published: only what came in through Open311, and never a
 * complaint about a named member of staff.
 */
const published = (state: ComplaintState): boolean => state.channel === 'open311' && !state.subject;

/** what an update from the complainant's client can become */
const RECORDED: readonly StoredEvent['type'][] = ['withdrawn', 'satisfaction-recorded', 'reopened', 'information-provided'];

const CLOSED_STATUSES = COMPLAINT_STATUSES.filter((s) => !OPEN_STATUSES.includes(s));

/** The command an update from the complainant's client stands for, given where the complaint is. */
function commandForUpdate(state: ComplaintState, status: ExtendedStatus, text: string | undefined): { command: Command } | string {
  const open = OPEN_STATUSES.includes(state.status);
  if (status === 'CLOSED' && open) return { command: { type: 'withdraw', ...(text ? { reason: text } : {}) } };
  if (status === 'FIXED' && state.status === 'follow-up') {
    return { command: { type: 'record-satisfaction', rating: 'satisfied', via: 'survey', ...(text ? { comment: text } : {}) } };
  }
  if (status === 'OPEN' && (state.status === 'follow-up' || state.status === 'closed')) {
    if (!text) return 'reopening a request needs a description: why it is not fixed';
    return { command: { type: 'reopen', reason: text } };
  }
  if (state.status === 'awaiting-information') {
    if (!text) return 'the office asked a question: send the answer as description';
    return { command: { type: 'provide-information', text } };
  }
  return (
    `an update with status ${status} cannot be recorded while the request is ${state.status}: ` +
    'CLOSED withdraws an open request, FIXED confirms a fixed one, OPEN asks for a review of a fixed or closed one, ' +
    'and a description answers a question the office asked'
  );
}

/** Open311 over the workflow: what the routes under /open311/v2 call. */
export class Open311 {
  readonly #store: Store;
  readonly #desk: ComplaintDesk;
  readonly #keys: ApiKeys;
  readonly #clock: Clock;

  constructor(store: Store, desk: ComplaintDesk, keys: ApiKeys, clock: Clock = systemClock) {
    this.#store = store;
    this.#desk = desk;
    this.#keys = keys;
    this.#clock = clock;
  }

  /** The site a jurisdiction_id names; every endpoint but discovery needs one. */
  async jurisdiction(id: string | undefined): Promise<Site> {
    if (!id) throw badRequest(['jurisdiction_id is required: the site key of the organisation'], 'jurisdiction_required');
    const site = await this.#store.getSite(id);
    if (!site) throw new ServiceError(404, 'jurisdiction_not_found', `no jurisdiction "${id}"`);
    return site;
  }

  services(site: Site, lang: Locale): ServiceEntry[] {
    return site.policy.categories.map((category) => ({
      service_code: category.code,
      service_name: category.name[lang],
      description: notice(site, category, lang),
      metadata: this.definition(site, category.code, lang).attributes.length > 0,
      type: 'realtime',
      keywords: [...new Set(Object.values(category.name))].filter((name) => name !== category.name[lang]).join(', '),
      group: named(site.policy.departments.find((d) => d.code === category.department)?.name, lang, category.department),
    }));
  }

  definition(site: Site, code: string, lang: Locale): ServiceDefinition {
    const category = site.policy.categories.find((c) => c.code === code);
    if (!category) throw new ServiceError(404, 'service_not_found', `no service "${code}" in jurisdiction "${site.key}"`);
    const attributes: Attribute[] = category.questions.map((question, index) => ({
      variable: true,
      code: question.id,
      datatype: question.kind === 'choice' ? 'singlevaluelist' : 'text',
      required: question.required,
      datatype_description: question.kind === 'choice' ? null : WORDS.answer[lang](ANSWER_MAX),
      order: index + 1,
      description: question.label[lang],
      values: (question.options ?? []).map((option) => ({ key: option.value, name: option.label[lang] })),
    }));
    if (site.policy.consentText) {
      attributes.push({
        variable: true,
        code: CONSENT_ATTRIBUTE,
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: attributes.length + 1,
        description: site.policy.consentText[lang],
        values: [{ key: CONSENT_YES, name: WORDS.agree[lang] }],
      });
    }
    if (!site.policy.allowAnonymous) {
      attributes.push({
        variable: false,
        code: NAME_ATTRIBUTE,
        datatype: 'string',
        required: false,
        datatype_description: null,
        order: attributes.length + 1,
        description: WORDS.name[lang],
        values: [],
      });
    }
    return { service_code: category.code, attributes };
  }

  /** POST requests: checked against the spec and the service's attributes, then filed like any complaint. */
  async file(site: Site, apiKey: string | undefined, form: RequestForm, lang: Locale, idempotencyKey?: string): Promise<NewServiceRequest[]> {
    await this.#keys.authenticate(site, apiKey);
    if (!form.service_code) throw badRequest(['service_code is required'], 'service_code_required');
    const category = site.policy.categories.find((c) => c.code === form.service_code);
    if (!category) throw badRequest([`service_code "${form.service_code}" is not a service of jurisdiction "${site.key}"`], 'service_not_found');
    const problems: string[] = [];

    // where: lat and long together, or an address, or an address id
    let location: { lat: number; lng: number } | undefined;
    if (form.lat !== undefined || form.long !== undefined) {
      const lat = Number(form.lat);
      const lng = Number(form.long);
      if (form.lat === undefined || form.long === undefined) problems.push('lat and long go together: send both');
      else if (!form.lat.trim() || !Number.isFinite(lat) || lat < -90 || lat > 90) problems.push('lat must be a number from -90 to 90');
      else if (!form.long.trim() || !Number.isFinite(lng) || lng < -180 || lng > 180) problems.push('long must be a number from -180 to 180');
      else location = { lat, lng };
    }
    const address = this.#check(Text(PLACE_MAX.address), form.address_string, 'address_string', problems);
    const addressId = this.#check(Text(200), form.address_id, 'address_id', problems);
    if (!location && !address && !addressId && !problems.length) {
      problems.push('a location is required: lat and long, address_string or address_id');
    }

    // the attributes: the category's questions, and the consent where the site asks for it
    const answers: Record<string, string> = {};
    let consent: boolean | undefined;
    for (const [code, values] of form.attributes) {
      const value = values.length === 1 ? values[0]!.trim() : undefined;
      if (values.length > 1) {
        problems.push(`attribute[${code}] takes one value`);
        continue;
      }
      if (code === CONSENT_ATTRIBUTE && site.policy.consentText) {
        if (value !== CONSENT_YES) problems.push(`attribute[${CONSENT_ATTRIBUTE}] must be "${CONSENT_YES}"`);
        else consent = true;
        continue;
      }
      const question = category.questions.find((q) => q.id === code);
      if (!question) {
        problems.push(`attribute[${code}] is not an attribute of service "${category.code}"`);
        continue;
      }
      if (!value) continue;
      if (question.kind === 'choice' && !question.options?.some((o) => o.value === value)) {
        problems.push(`attribute[${code}] must be one of ${(question.options ?? []).map((o) => `"${o.value}"`).join(', ')}`);
        continue;
      }
      const text = this.#check(Text(ANSWER_MAX), value, `attribute[${code}]`, problems);
      if (text) answers[code] = text;
    }
    for (const question of category.questions) {
      if (question.required && !answers[question.id] && !problems.some((p) => p.startsWith(`attribute[${question.id}]`))) {
        problems.push(`attribute[${question.id}] is required`);
      }
    }
    if (site.policy.consentText && consent === undefined && !form.attributes.has(CONSENT_ATTRIBUTE)) {
      problems.push(`attribute[${CONSENT_ATTRIBUTE}] is required: the complainant must agree to the site's terms (see the service definition)`);
    }

    // who: kept for the office (masked in its queue), never published; device_id and account_id are not kept
    const who = Complainant.safeParse({
      ...(fullName(form.first_name, form.last_name) ? { name: fullName(form.first_name, form.last_name) } : {}),
      ...(form.email?.trim() ? { email: form.email.trim() } : {}),
      ...(form.phone?.trim() ? { phone: form.phone.trim() } : {}),
    });
    if (!who.success) {
      const field = (path: PropertyKey[]) => (path[0] === 'name' ? 'first_name and last_name' : String(path[0]));
      problems.push(...who.error.issues.map((issue) => `${field(issue.path)}: ${issue.message}`));
    }
    const description = this.#check(Description, form.description, 'description', problems);
    if (!form.description?.trim()) problems.push('description is required: what is the problem?');
    const mediaUrl = form.media_url?.trim() ? this.#mediaUrl(form.media_url.trim(), problems) : undefined;
    if (problems.length) throw badRequest(problems);

    const complainant = who.success && Object.keys(who.data).length ? who.data : undefined;
    let filed;
    try {
      filed = await this.#desk.file(
        site,
        {
          category: category.code,
          description: description!,
          place: address ? { address } : {},
          answers,
          ...(complainant ? { complainant } : {}),
          language: lang,
          ...(location ? { location } : {}),
          ...(consent ? { consent } : {}),
          ...(mediaUrl ? { mediaUrl } : {}),
          ...(addressId ? { addressId } : {}),
        },
        idempotencyKey,
        { channel: 'open311', actor: { kind: 'complainant' } },
      );
    } catch (error) {
      throw asOpen311(error);
    }
    const state = await this.#desk.findByReference(site, filed.body.reference);
    if (!state) throw new Error(`the request ${filed.body.reference} was filed but cannot be found`);
    return [{ service_request_id: state.reference, service_notice: notice(site, category, lang), account_id: null, token: state.id }];
  }

  /** GET requests: by ids (which override every other filter), or the filtered last 90 days, newest first. */
  async requests(site: Site, filter: RequestFilter, lang: Locale): Promise<ServiceRequest[]> {
    let states: ComplaintState[];
    if (filter.ids?.length) {
      const found = await Promise.all([...new Set(filter.ids)].slice(0, MAX_REQUESTS).map((id) => this.#store.findByReference(site.key, normalizeReference(id))));
      states = found.filter((s): s is ComplaintState => s !== null);
    } else {
      const { from, to } = this.#window(filter.start, filter.end, DEFAULT_DAYS * DAY_MS);
      const statuses = filter.statuses ? [...new Set(filter.statuses.flatMap((s) => (s === 'open' ? OPEN_STATUSES : CLOSED_STATUSES)))] : undefined;
      const page = await this.#store.listComplaints({
        siteKey: site.key,
        registeredFrom: from,
        registeredTo: to,
        ...(filter.serviceCodes ? { categories: filter.serviceCodes } : {}),
        ...(statuses ? { statuses } : {}),
        sort: '-registered',
        limit: MAX_REQUESTS,
        now: this.#clock.now().toISOString(),
      });
      states = page.items;
    }
    const chains = await this.#store.readEventsOf(states.map((s) => s.id));
    return states.map((state) => this.#serviceRequest(site, state, chains.get(state.id) ?? [], lang));
  }

  async request(site: Site, id: string, lang: Locale): Promise<ServiceRequest[]> {
    const state = await this.#store.findByReference(site.key, normalizeReference(id));
    if (!state) throw new ServiceError(404, 'request_not_found', `no service request "${id}" in jurisdiction "${site.key}"`);
    return [this.#serviceRequest(site, state, await this.#store.readEvents(state.id), lang)];
  }

  async token(site: Site, token: string): Promise<{ service_request_id: string; token: string }[]> {
    const state = /^[0-9a-f-]{36}$/.test(token) ? await this.#store.getComplaint(token) : null;
    if (!state || state.siteKey !== site.key) throw new ServiceError(404, 'token_not_found', `no token "${token}" in jurisdiction "${site.key}"`);
    return [{ service_request_id: state.reference, token: state.id }];
  }

  /** GET servicerequestupdates: what happened in public between the dates (the last day's by default), oldest first. */
  async updates(site: Site, start: string | undefined, end: string | undefined): Promise<RequestUpdate[]> {
    const { from, to } = this.#window(start, end, DEFAULT_UPDATE_HOURS * 3_600_000);
    const found: { state: ComplaintState; entry: PublicEntry }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#store.listComplaints({
        siteKey: site.key,
        updatedFrom: from,
        registeredTo: to,
        sort: '-updated',
        limit: 200,
        ...(cursor ? { cursor } : {}),
        now: this.#clock.now().toISOString(),
      });
      const chains = await this.#store.readEventsOf(page.items.map((s) => s.id));
      for (const state of page.items) {
        for (const entry of publicEntries(site, state, chains.get(state.id) ?? [])) {
          // the registration is the request itself, not an update of it
          if (entry.kind !== 'registered' && entry.at >= from && entry.at < to) found.push({ state, entry });
        }
      }
      if (found.length > MAX_UPDATES) {
        throw badRequest([`more than ${MAX_UPDATES} updates between start_date and end_date: ask for a shorter span`], 'too_many_updates');
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    found.sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.state.reference.localeCompare(b.state.reference) || a.entry.seq - b.entry.seq);
    return found.map(({ state, entry }) => this.#update(site, state, entry));
  }

  /** POST servicerequestupdates: the complainant's word through their client, where the workflow has a place for it. */
  async postUpdate(site: Site, apiKey: string | undefined, form: UpdateForm): Promise<{ update_id: string }[]> {
    await this.#keys.authenticate(site, apiKey);
    const problems: string[] = [];
    if (!form.service_request_id) problems.push('service_request_id is required');
    const status = form.status?.trim().toUpperCase().replace(/ /g, '_');
    if (!status) problems.push('status is required');
    else if (!(EXTENDED_STATUSES as readonly string[]).includes(status)) problems.push(`status must be one of ${EXTENDED_STATUSES.join(', ')}`);
    const text = form.description?.trim() ? this.#check(Text(2000), form.description, 'description', problems) : undefined;
    const mediaUrl = form.media_url?.trim() ? this.#mediaUrl(form.media_url.trim(), problems) : undefined;
    if (form.update_id !== undefined && (!form.update_id.trim() || form.update_id.length > 200)) problems.push('update_id must be 1 to 200 characters');
    if (problems.length) throw badRequest(problems);

    const state = await this.#store.findByReference(site.key, normalizeReference(form.service_request_id!));
    if (!state) throw new ServiceError(404, 'request_not_found', `no service request "${form.service_request_id}" in jurisdiction "${site.key}"`);
    if (state.channel !== 'open311') {
      throw new ServiceError(403, 'not_an_open311_request', 'only requests filed through Open311 can be updated through Open311');
    }
    const said = [text, mediaUrl].filter(Boolean).join('\n') || undefined;
    if (said && said.length > 2000) throw badRequest(['description and media_url together must be at most 2000 characters']);
    // an update_id seen before is answered as it was the first time: the request has moved on since
    const requestHash = sha256(canonicalJson({ reference: state.reference, status, said: said ?? null }));
    const key = form.update_id ? { scope: `open311-update:${site.key}`, keyHash: sha256(form.update_id), requestHash } : undefined;
    const earlier = key ? await this.#store.findIdempotent(key.scope, key.keyHash) : null;
    if (earlier) return this.#recorded(state, earlier, requestHash, form.update_id!);

    const planned = commandForUpdate(state, status as ExtendedStatus, said);
    if (typeof planned === 'string') throw badRequest([planned], 'update_not_allowed');
    let outcome;
    try {
      outcome = await this.#desk.execute(site, state.id, planned.command, { kind: 'complainant' }, undefined, key);
    } catch (error) {
      // the same update_id sent twice at once: the other one changed the request first
      const other = key && error instanceof ServiceError && error.code === 'version_conflict' ? await this.#store.findIdempotent(key.scope, key.keyHash) : null;
      if (other) return this.#recorded(state, other, requestHash, form.update_id!);
      throw asOpen311(error);
    }
    // the same update_id sent twice at once: the other one was recorded
    if (outcome.replayed) return this.#recorded(state, outcome.replayed, requestHash, form.update_id!);
    const recorded = outcome.events.find((e) => RECORDED.includes(e.type));
    if (!recorded) throw new Error(`the update of ${state.reference} left no event the complainant can see`);
    return [{ update_id: `${state.reference}.${recorded.seq}` }];
  }

  /** The answer to an update_id recorded before: the event it became, or 400 when it stood for another update. */
  async #recorded(state: ComplaintState, earlier: { requestHash: string; body: unknown }, requestHash: string, updateId: string): Promise<{ update_id: string }[]> {
    if (earlier.requestHash !== requestHash) throw badRequest([`update_id "${updateId}" was used for a different update`], 'update_id_reused');
    const version = Number((earlier.body as { version?: unknown } | null)?.version);
    const upTo = Number.isFinite(version) ? version : Infinity;
    const recorded = (await this.#store.readEvents(state.id)).findLast((e) => RECORDED.includes(e.type) && e.seq <= upTo);
    if (!recorded) throw new Error(`the update recorded for ${state.reference} left no event the complainant can see`);
    return [{ update_id: `${state.reference}.${recorded.seq}` }];
  }

  /**
   * The span a GET asks for: both dates as given; only the start, up to now (at most the
   * longest span); only the end, or neither, the default span before it.
   */
  #window(start: string | undefined, end: string | undefined, span: number): { from: string; to: string } {
    const now = this.#clock.now().getTime();
    const startMs = start === undefined ? undefined : Date.parse(start);
    const endMs = end !== undefined ? Date.parse(end) : startMs === undefined ? now : Math.max(startMs, Math.min(now, startMs + DEFAULT_DAYS * DAY_MS));
    const fromMs = startMs ?? endMs - span;
    if (fromMs > endMs) throw badRequest(['start_date must not be after end_date'], 'invalid_date');
    if (endMs - fromMs > DEFAULT_DAYS * DAY_MS) throw badRequest([`start_date and end_date may not span more than ${DEFAULT_DAYS} days`], 'invalid_date');
    // end_date is the latest time to include
    return { from: new Date(fromMs).toISOString(), to: new Date(endMs + 1).toISOString() };
  }

  #serviceRequest(site: Site, state: ComplaintState, events: readonly StoredEvent[], lang: Locale): ServiceRequest {
    const category = site.policy.categories.find((c) => c.code === state.category);
    const department = site.policy.departments.find((d) => d.code === state.department);
    const entries = publicEntries(site, state, events);
    const registered = events.find((e) => e.type === 'registered');
    const given = registered?.type === 'registered' ? registered.data : undefined;
    const expected = expectedBy(state);
    // only what came in through Open311 is published, contacts masked (see the top of this file)
    const open = published(state);
    const mask = (text: string | undefined) => (open && text ? withoutContacts(text, state.complainant) : null);
    return {
      service_request_id: state.reference,
      status: OPEN_STATUSES.includes(state.status) ? 'open' : 'closed',
      status_notes: mask(entries.findLast((e) => e.message)?.message),
      service_name: named(category?.name, lang, state.category),
      service_code: state.category,
      description: mask(state.description),
      agency_responsible: department ? department.name[lang] : null,
      service_notice: category ? notice(site, category, lang) : null,
      requested_datetime: w3c(state.registeredAt, site.timezone),
      updated_datetime: w3c(entries.at(-1)?.at ?? state.registeredAt, site.timezone),
      expected_datetime: expected ? w3c(expected.dueAt, site.timezone) : null,
      address: mask(state.place.address),
      address_id: open ? (given?.addressId ?? null) : null,
      zipcode: null,
      lat: open && given?.location ? given.location.lat : null,
      long: open && given?.location ? given.location.lng : null,
      media_url: open ? (given?.mediaUrl ?? null) : null,
    };
  }

  #update(site: Site, state: ComplaintState, entry: PublicEntry): RequestUpdate {
    const open = published(state);
    return {
      update_id: `${state.reference}.${entry.seq}`,
      service_request_id: state.reference,
      status: UPDATE_STATUS[entry.status],
      updated_datetime: w3c(entry.at, site.timezone),
      description: open && entry.message ? withoutContacts(entry.message, state.complainant) : null,
      media_url: null,
    };
  }

  #check<T>(schema: ZodType<T>, value: string | undefined, name: string, problems: string[]): T | undefined {
    if (value === undefined || !value.trim()) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    problems.push(...result.error.issues.map((issue) => `${name}: ${issue.message}`));
    return undefined;
  }

  #mediaUrl(value: string, problems: string[]): string | undefined {
    try {
      const url = new URL(value);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && value.length <= 2000) return url.href;
    } catch {
      // said below
    }
    problems.push('media_url must be an http or https URL of at most 2000 characters');
    return undefined;
  }
}

/** The workflow's field names as the form's, for a refusal of what was sent. */
const FORM_FIELDS: Record<string, string> = {
  category: 'service_code',
  description: 'description',
  place: 'address_string',
  location: 'lat and long',
  consent: `attribute[${CONSENT_ATTRIBUTE}]`,
  complainant: 'first_name and last_name',
};

/** A refusal of the workflow as the spec's 400, with the field named as the client sent it. */
function asOpen311(error: unknown): unknown {
  if (!(error instanceof ServiceError) || (error.status !== 422 && error.status !== 409)) return error;
  const messages = (error.issues?.length ? error.issues : [{ path: [], message: error.message, code: error.code }]).map((issue) => {
    const [head, next] = issue.path;
    const field = head === 'answers' && next !== undefined ? `attribute[${next}]` : head !== undefined ? FORM_FIELDS[String(head)] ?? String(head) : undefined;
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  return error.status === 409 && error.code === 'idempotency_key_reused' ? error : badRequest(messages, error.code);
}
