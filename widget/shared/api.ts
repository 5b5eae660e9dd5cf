import type { ErrorIssue } from '../../api/contract/common.ts';
import type { FileComplaintRequest, FiledComplaint } from '../../api/contract/complaint.ts';
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
  /** the service's origin, without a trailing slash */
  readonly origin: string;
  readonly base: string;

  constructor(origin: string, site: string) {
    this.origin = origin.replace(/\/+$/, '');
    this.base = `${this.origin}/api/v1/sites/${encodeURIComponent(site)}`;
  }

  site(signal?: AbortSignal): Promise<PublicSite> {
    return this.request<PublicSite>('', { signal });
  }

  file(body: FileComplaintRequest, idempotencyKey: string, signal?: AbortSignal): Promise<FiledComplaint> {
    return this.request<FiledComplaint>('/complaints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(body),
      signal,
    });
  }

  /**
   * Uploads a photo (already made small and stripped of its metadata); answers with its id, the
   * SHA-256 of its bytes, so uploading the same photo again is the same attachment.
   */
  upload(photo: Blob, signal?: AbortSignal): Promise<{ id: string; contentType: string; size: number }> {
    return this.request('/attachments', { method: 'POST', headers: { 'Content-Type': photo.type }, body: photo, signal });
  }

  /** A request to the site's API; failures become an ApiError the elements can explain. */
  async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      // No cookies travel with these requests: the widget never identifies a resident by one.
      return await fetch(`${this.base}${path}`, { ...init, credentials: 'omit', mode: 'cors' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError({ kind: 'network' });
    }
  }

  async request<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    if (!response.ok) throw await failureOf(response);
    return (await response.json()) as T;
  }
}

/** Trouble that may pass: no connection, a server error, a timeout, too many requests. */
export const worthRetrying = (failure: ApiFailure): boolean =>
  failure.kind === 'network' || failure.status >= 500 || failure.status === 408 || failure.status === 429;

/** A complaint as it waits to be sent: its photos go up first, then the complaint names them. */
export interface Submission {
  /** the Idempotency-Key: the same complaint however often it is sent */
  id: string;
  request: FileComplaintRequest;
  /** photos made ready with preparePhoto */
  photos: Blob[];
  /** ids of the photos already uploaded, by position */
  uploaded: string[];
}

/**
 * Sends a submission. A retry repeats only what is missing: uploaded photos keep their ids,
 * and the repeated key makes the server answer with the complaint it already has.
 */
export async function sendSubmission(api: SiteApi, submission: Submission, signal?: AbortSignal): Promise<FiledComplaint> {
  for (const [index, photo] of submission.photos.entries()) {
    try {
      submission.uploaded[index] ??= (await api.upload(photo, signal)).id;
    } catch (error) {
      const failure = error instanceof ApiError ? error.failure : null;
      // a refused photo is shown at the photos, like any field the server found wrong
      if (failure?.kind !== 'http' || worthRetrying(failure)) throw error;
      throw new ApiError({ ...failure, issues: [{ path: ['attachments', index], code: failure.code, message: failure.message }] });
    }
  }
  const request = { ...submission.request, attachments: submission.uploaded.slice(0, submission.photos.length) };
  return api.file(request, submission.id, signal);
}

/** The error an answer carries, with its Retry-After (seconds or a date) when the server asks us to wait. */
export async function failureOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; issues?: ErrorIssue[] } } | null;
  const header = response.headers.get('Retry-After') ?? '';
  const retryAfter = Number(header) || (Date.parse(header) - Date.now()) / 1000;
  return new ApiError({
    kind: 'http',
    status: response.status,
    code: body?.error?.code ?? 'http_error',
    message: body?.error?.message ?? response.statusText,
    issues: body?.error?.issues ?? [],
    ...(retryAfter > 0 ? { retryAfter } : {}),
  });
}
