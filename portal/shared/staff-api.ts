import type { ApiKeyView, NewApiKey } from '../../api/contract/api-keys.ts';
import type { ErrorIssue } from '../../api/contract/common.ts';
import type { NotificationStatus, NotificationView } from '../../api/contract/notifications.ts';
import type { PublicSite, Site } from '../../api/contract/site.ts';
import type { StaffUser } from '../../api/contract/staff.ts';
import type { IntakeRequest, QueueItem, StaffCommand, StaffComplaint } from '../../api/contract/staff-api.ts';
import type { NewWebhook, NewWebhookRequest, WebhookAttemptView, WebhookChangeRequest, WebhookView } from '../../api/contract/webhooks.ts';
import type { Statistics } from '../../api/workflow/stats.ts';

/** Why a request did not succeed, in terms a screen can explain to a member of staff. */
export type StaffFailure =
  | { kind: 'network' }
  | { kind: 'http'; status: number; code: string; message: string; issues: ErrorIssue[]; retryAfter?: number; body?: unknown };

export class StaffApiError extends Error {
  readonly failure: StaffFailure;
  constructor(failure: StaffFailure) {
    super(failure.kind === 'network' ? 'network unreachable' : `${failure.status} ${failure.code}: ${failure.message}`);
    this.failure = failure;
  }
  get status(): number | undefined {
    return this.failure.kind === 'http' ? this.failure.status : undefined;
  }
}

export interface Session {
  user: StaffUser;
  csrfToken: string;
  expiresAt: string;
}

/** A queue filter as the API takes it (`QueueQuery`); lists are arrays here. */
export interface QueueFilter {
  status?: string[];
  stage?: string[];
  category?: string[];
  department?: string[];
  priority?: string[];
  channel?: string[];
  overdue?: boolean;
  dueWithin?: string;
  from?: string;
  to?: string;
  q?: string;
  assignee?: string;
  sort?: 'due' | 'registered' | '-registered' | '-updated';
  limit?: number;
  cursor?: string;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  total: number;
  overdue: number;
  byStatus: Record<string, number>;
}

export interface MemberView {
  id: string;
  email: string;
  name: string;
  roles: string[];
  departments: string[];
  disabled: boolean;
}

export interface Directory {
  departments: { code: string; name: Record<string, string> }[];
  /** who may be put in charge of a complaint */
  colleagues: { name: string; roles: string[]; departments: string[] }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  /** the acting member's name, when the actor is a member */
  actorName: string | null;
  action: string;
  target: string | null;
  /** the member's name, when the target is a member */
  targetName: string | null;
  details: Record<string, unknown>;
}

export interface VerifyResult {
  complaints: number;
  events: number;
  broken: { complaintId: string; reference: string; seq: number; reason: string } | null;
  staleReadModel: string[];
}

export interface IntakeAnswer {
  id: string;
  reference: string;
  accessCode: string;
  registeredAt: string;
}


/** Header carrying the session's CSRF token on every change made with the cookie. */
export const CSRF_HEADER = 'X-CSRF-Token';

const query = (params: Record<string, unknown>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

/**
 * The staff API as the portal uses it. The session is the HttpOnly cookie the server sets at
 * sign-in; every change also carries the session's CSRF token. One instance per portal.
 */
export class StaffApi {
  /** the service's origin, without a trailing slash ('' for the page's own) */
  readonly origin: string;
  #csrf = '';
  /** the ETag of each site's configuration as last read or saved here */
  readonly #configTags = new Map<string, string>();

  constructor(origin = '') {
    this.origin = origin.replace(/\/+$/, '');
  }

  /** the CSRF token of the current session, for requests made elsewhere (the service worker's replays) */
  get csrfToken(): string {
    return this.#csrf;
  }

  url(path: string): string {
    return `${this.origin}/api/v1/staff${path}`;
  }

  siteUrl(site: string, path = ''): string {
    return this.url(`/sites/${encodeURIComponent(site)}${path}`);
  }

  // — the session —

  /** The signed-in member, or null when nobody is (401). */
  async session(signal?: AbortSignal): Promise<Session | null> {
    try {
      const session = await this.request<Session>(this.url('/session'), { signal });
      this.#csrf = session.csrfToken;
      return session;
    } catch (error) {
      if (error instanceof StaffApiError && error.status === 401) return null;
      throw error;
    }
  }

  async signIn(email: string, password: string): Promise<Session> {
    const session = await this.request<Session>(this.url('/session'), { method: 'POST', json: { email, password } });
    this.#csrf = session.csrfToken;
    return session;
  }

  async signOut(): Promise<void> {
    await this.request<void>(this.url('/session'), { method: 'DELETE' });
    this.#csrf = '';
  }

  // — complaints —

  queue(site: string, filter: QueueFilter = {}, signal?: AbortSignal): Promise<QueuePage> {
    return this.request(this.siteUrl(site, `/complaints${query({ ...filter })}`), { signal });
  }

  complaint(site: string, id: string, signal?: AbortSignal): Promise<StaffComplaint> {
    return this.request(this.siteUrl(site, `/complaints/${encodeURIComponent(id)}`), { signal });
  }

  byReference(site: string, reference: string, signal?: AbortSignal): Promise<StaffComplaint> {
    return this.request(this.siteUrl(site, `/complaints/by-reference/${encodeURIComponent(reference)}`), { signal });
  }

  /**
   * One step of the procedure. Refused with 409 when the complaint changed since `expectedVersion`;
   * with an Idempotency-Key the same command sent again answers as the first time.
   */
  command(site: string, id: string, expectedVersion: number, command: StaffCommand, idempotencyKey?: string): Promise<StaffComplaint> {
    return this.request(this.siteUrl(site, `/complaints/${encodeURIComponent(id)}/commands`), {
      method: 'POST',
      json: { expectedVersion, command },
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
    });
  }

  /** Registers a complaint received by phone, letter, walk-in, email or WeChat. */
  intake(site: string, request: IntakeRequest, idempotencyKey: string): Promise<IntakeAnswer> {
    return this.request(this.siteUrl(site, '/complaints'), { method: 'POST', json: request, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  /** The complainant's identity in full; the server records the reveal. */
  reveal(site: string, id: string): Promise<Record<string, string | undefined>> {
    return this.request(this.siteUrl(site, `/complaints/${encodeURIComponent(id)}/reveal`), { method: 'POST' });
  }

  attachmentUrl(site: string, id: string, attachment: string): string {
    return this.siteUrl(site, `/complaints/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachment)}`);
  }

  /** The address of the site's live stream (server-sent events, with the session cookie). */
  liveUrl(site: string): string {
    return this.siteUrl(site, '/live');
  }

  // — the site —

  /** The public face of the site: its name, time zone, categories with their questions. */
  publicSite(site: string, signal?: AbortSignal): Promise<PublicSite> {
    return this.request(`${this.origin}/api/v1/sites/${encodeURIComponent(site)}`, { signal });
  }

  /** Departments and the colleagues complaints may be dispatched to (every member who reads the queue). */
  directory(site: string, signal?: AbortSignal): Promise<Directory> {
    return this.request(this.siteUrl(site, '/directory'), { signal });
  }

  /** The site's configuration; its tag is kept, so that saving refuses to overwrite a change made since. */
  config(site: string, signal?: AbortSignal): Promise<Site> {
    return this.request(this.siteUrl(site, '/config'), { signal, tag: (tag) => this.#configTags.set(site, tag) });
  }

  /**
   * Saves the whole configuration, only if it is still the one last read here (If-Match): a
   * change someone else made meanwhile is refused with 412 rather than overwritten.
   */
  saveConfig(site: string, config: Site): Promise<Site> {
    const tag = this.#configTags.get(site);
    return this.request(this.siteUrl(site, '/config'), {
      method: 'PUT',
      json: config,
      headers: tag ? { 'If-Match': tag } : {},
      tag: (next) => this.#configTags.set(site, next),
    });
  }

  members(site: string, signal?: AbortSignal): Promise<MemberView[]> {
    return this.request(this.siteUrl(site, '/members'), { signal });
  }

  addMember(site: string, member: { email: string; name: string; password: string; roles: string[]; departments: string[] }): Promise<MemberView> {
    return this.request(this.siteUrl(site, '/members'), { method: 'POST', json: member });
  }

  changeMember(site: string, id: string, change: Partial<Pick<MemberView, 'name' | 'roles' | 'departments' | 'disabled'>>): Promise<MemberView> {
    return this.request(this.siteUrl(site, `/members/${encodeURIComponent(id)}`), { method: 'PATCH', json: change });
  }

  audit(site: string, filter: { before?: number; limit?: number; action?: string; target?: string } = {}, signal?: AbortSignal): Promise<AuditEntry[]> {
    return this.request(this.siteUrl(site, `/audit${query(filter)}`), { signal });
  }

  verify(site: string): Promise<VerifyResult> {
    return this.request(this.siteUrl(site, '/verify'), { method: 'POST' });
  }

  stats(site: string, period: { from: string; to: string; groupBy?: 'category' | 'department' | 'channel' | 'handler' }, signal?: AbortSignal): Promise<Statistics> {
    return this.request(this.siteUrl(site, `/stats${query(period)}`), { signal });
  }

  /** The address of a printable report (`format=html`) or a download (`csv`). */
  reportUrl(site: string, kind: 'monthly' | 'quarterly', period: string, format: 'html' | 'csv' | 'json', lang?: string): string {
    const key = kind === 'monthly' ? 'month' : 'quarter';
    return this.siteUrl(site, `/reports/${kind}${query({ [key]: period, format, lang })}`);
  }

  // — messages and keys —

  /** The site's outgoing messages of one status, newest first (dead ones by default). */
  notifications(site: string, filter: { status?: NotificationStatus; complaint?: string; limit?: number } = {}, signal?: AbortSignal): Promise<NotificationView[]> {
    return this.request(this.siteUrl(site, `/notifications${query(filter)}`), { signal });
  }

  /** Sends a dead message again, with a fresh count of attempts. */
  retryNotification(site: string, id: string): Promise<NotificationView> {
    return this.request(this.siteUrl(site, `/notifications/${encodeURIComponent(id)}/retry`), { method: 'POST' });
  }

  apiKeys(site: string, signal?: AbortSignal): Promise<ApiKeyView[]> {
    return this.request(this.siteUrl(site, '/api-keys'), { signal });
  }

  /** Creates a key for an Open311 client; the answer is the only time the key itself is shown. */
  createApiKey(site: string, label: string): Promise<NewApiKey> {
    return this.request(this.siteUrl(site, '/api-keys'), { method: 'POST', json: label ? { label } : {} });
  }

  revokeApiKey(site: string, id: string): Promise<ApiKeyView> {
    return this.request(this.siteUrl(site, `/api-keys/${encodeURIComponent(id)}`), { method: 'DELETE' });
  }

  /** The site's webhooks, oldest first (never their secrets). */
  webhooks(site: string, signal?: AbortSignal): Promise<WebhookView[]> {
    return this.request(this.siteUrl(site, '/webhooks'), { signal });
  }

  /** Posts the site's messages of the chosen kinds to a URL; the answer is the only time its signing secret is shown. */
  createWebhook(site: string, body: NewWebhookRequest): Promise<NewWebhook> {
    return this.request(this.siteUrl(site, '/webhooks'), { method: 'POST', json: body });
  }

  /** Changes the fields given (at least one); the answer is the webhook as it now is. */
  changeWebhook(site: string, id: string, change: WebhookChangeRequest): Promise<WebhookView> {
    return this.request(this.siteUrl(site, `/webhooks/${encodeURIComponent(id)}`), { method: 'PATCH', json: change });
  }

  /** Deletes a webhook with its delivery log; the answer is the webhook that was. */
  removeWebhook(site: string, id: string): Promise<WebhookView> {
    return this.request(this.siteUrl(site, `/webhooks/${encodeURIComponent(id)}`), { method: 'DELETE' });
  }

  /** The webhook's last delivery attempts (at most 100), newest first. */
  webhookDeliveries(site: string, id: string, signal?: AbortSignal): Promise<WebhookAttemptView[]> {
    return this.request(this.siteUrl(site, `/webhooks/${encodeURIComponent(id)}/deliveries`), { signal });
  }

  // — plumbing —

  /** A request with the session cookie (and its CSRF token on changes); failures become StaffApiError. */
  async request<T>(
    url: string,
    init: { method?: string; json?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined; tag?: (etag: string) => void } = {},
  ): Promise<T> {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.#csrf) headers[CSRF_HEADER] = this.#csrf;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        credentials: 'include',
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new StaffApiError({ kind: 'network' });
    }
    if (!response.ok) throw await staffFailureOf(response);
    const etag = response.headers.get('ETag');
    if (etag && init.tag) init.tag(etag);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

/** The error an answer carries, with the rest of its body (a 409 carries the complaint as it stands). */
export async function staffFailureOf(response: Response): Promise<StaffApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; issues?: ErrorIssue[] } } | null;
  const retryAfter = Number(response.headers.get('Retry-After') ?? '') || undefined;
  return new StaffApiError({
    kind: 'http',
    status: response.status,
    code: body?.error?.code ?? 'http_error',
    message: body?.error?.message ?? response.statusText,
    issues: body?.error?.issues ?? [],
    ...(retryAfter ? { retryAfter } : {}),
    body,
  });
}

/** Worth trying again later: no connection, a server error, a timeout, too many requests. */
export const transient = (failure: StaffFailure): boolean =>
  failure.kind === 'network' || failure.status >= 500 || failure.status === 408 || failure.status === 429;
