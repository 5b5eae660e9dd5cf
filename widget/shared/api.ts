import type { ErrorIssue } from '../../api/contract/common.ts';
import type { ComplainantActionRequest, FileComplaintRequest, FiledComplaint, PublicComplaint } from '../../api/contract/complaint.ts';
import type { PublicSite } from '../../api/contract/site.ts';

/** Why a request did not succeed, in terms the elements can explain to a person. */
export type ApiFailure =
  | { kind: 'network' }
  | { kind: 'http'; status: number; code: string; message: string; issues: ErrorIssue[]; retryAfter?: number };

export class ApiError extends Error {
  readonly failure: ApiFailure;
  constructor(failure: ApiFailure) {
    super(failure.kind === 'network' ? 'network unreachable' : `${failure.status} ${failure.code}`);
    this.failure = failure;
  }
}

/** The origin this script was loaded from: where the API lives unless the page says otherwise. */
export const scriptOrigin = (): string => new URL(import.meta.url).origin;

/** The public API of one site, as the embedded elements use it. */
export class SiteApi {
  readonly base: string;

  constructor(origin: string, site: string) {
    this.base = `${origin.replace(/\/+$/, '')}/api/v1/sites/${encodeURIComponent(site)}`;
  }

  site(signal?: AbortSignal): Promise<PublicSite> {
    return this.#request<PublicSite>('', { signal });
  }

  file(body: FileComplaintRequest, idempotencyKey: string): Promise<FiledComplaint> {
    return this.#request<FiledComplaint>('/complaints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(body),
    });
  }

  /** Uploads a photo (already made small and stripped of its metadata); answers with its id. */
  upload(photo: Blob): Promise<{ id: string; contentType: string; size: number }> {
    return this.#request('/attachments', { method: 'POST', headers: { 'Content-Type': photo.type }, body: photo });
  }

  /** Something the complainant does: answer, give an opinion, rate, ask for a review, withdraw. */
  act(reference: string, accessCode: string, action: ComplainantActionRequest): Promise<PublicComplaint> {
    return this.#request<PublicComplaint>(`/complaints/${encodeURIComponent(reference.trim())}/actions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Access-Code': accessCode.trim() },
      body: JSON.stringify(action),
    });
  }

  /** A photo of the complaint, as a blob for an object URL (an <img> cannot send the access code). */
  async photo(reference: string, accessCode: string, id: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.#fetch(`/complaints/${encodeURIComponent(reference.trim())}/attachments/${id}`, {
      headers: { 'X-Access-Code': accessCode.trim() },
      signal,
    });
    if (!response.ok) throw await failureOf(response);
    return response.blob();
  }

  /** The address of the complaint's live stream, with a fresh ticket for it. */
  async liveUrl(reference: string, accessCode: string): Promise<string> {
    const path = `/complaints/${encodeURIComponent(reference.trim())}`;
    const { token } = await this.#request<{ token: string }>(`${path}/live-token`, {
      method: 'POST',
      headers: { 'X-Access-Code': accessCode.trim() },
    });
    return `${this.base}${path}/live?token=${encodeURIComponent(token)}`;
  }

  track(reference: string, accessCode: string, signal?: AbortSignal): Promise<PublicComplaint> {
    return this.#request<PublicComplaint>(`/complaints/${encodeURIComponent(reference.trim())}`, {
      headers: { 'X-Access-Code': accessCode.trim() },
      signal,
    });
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      // No cookies travel with these requests: the widget never identifies a resident by one.
      return await fetch(`${this.base}${path}`, { ...init, credentials: 'omit', mode: 'cors' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError({ kind: 'network' });
    }
  }

  async #request<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.#fetch(path, init);
    if (!response.ok) throw await failureOf(response);
    return (await response.json()) as T;
  }
}

/** The error an answer carries, with its Retry-After when the server asks us to wait. */
async function failureOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; issues?: ErrorIssue[] } } | null;
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError({
    kind: 'http',
    status: response.status,
    code: body?.error?.code ?? 'http_error',
    message: body?.error?.message ?? response.statusText,
    issues: body?.error?.issues ?? [],
    ...(retryAfter > 0 ? { retryAfter } : {}),
  });
}
