import type { ErrorIssue } from '../../api/contract/common.ts';
import type { FileComplaintRequest, FiledComplaint, PublicComplaint } from '../../api/contract/complaint.ts';
import type { PublicSite } from '../../api/contract/site.ts';

/** Why a request did not succeed, in terms the elements can explain to a person. */
export type ApiFailure =
  | { kind: 'network' }
  | { kind: 'http'; status: number; code: string; message: string; issues: ErrorIssue[] };

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

  track(reference: string, accessCode: string, signal?: AbortSignal): Promise<PublicComplaint> {
    return this.#request<PublicComplaint>(`/complaints/${encodeURIComponent(reference.trim())}`, {
      headers: { 'X-Access-Code': accessCode.trim() },
      signal,
    });
  }

  async #request<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      // No cookies travel with these requests: the widget never identifies a resident by one.
      response = await fetch(`${this.base}${path}`, { ...init, credentials: 'omit', mode: 'cors' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError({ kind: 'network' });
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return body as T;
    const error = (body as { error?: { code?: string; message?: string; issues?: ErrorIssue[] } } | null)?.error;
    throw new ApiError({
      kind: 'http',
      status: response.status,
      code: error?.code ?? 'http_error',
      message: error?.message ?? response.statusText,
      issues: error?.issues ?? [],
    });
  }
}
