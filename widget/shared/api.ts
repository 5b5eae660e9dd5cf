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

/** Proofs of work being found in this page now; `proving` fires `change` when the number changes. */
export let solving = 0;
export const proving = new EventTarget();

// The first 32 bits of the fractional parts of the square roots (H) and cube roots (K) of the first primes.
const H: number[] = [];
const K: number[] = [];
for (let n = 2; K.length < 64; n += 1) {
  let prime = 1;
  for (let d = 2; d * d <= n; d += 1) if (n % d < 1) prime = 0;
  if (prime) {
    if (H.length < 8) H.push((n ** 0.5 * 2 ** 32) | 0);
    K.push((n ** (1 / 3) * 2 ** 32) | 0);
  }
}

const rotate = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const w = new Int32Array(64);

/**
 * The first 32 bits of the SHA-256 of an ASCII text. Written out rather than crypto.subtle,
 * which pages served over plain http do not have (host pages may be), and which, awaited once
 * per try, is several times slower.
 */
export function sha256(text: string): number {
  const length = text.length;
  const last = (((length + 8) >> 6) << 4) + 15;
  const words = new Int32Array(last + 1);
  for (let i = 0; i < length; i += 1) words[i >> 2]! |= text.charCodeAt(i) << (24 - 8 * (i & 3));
  words[length >> 2]! |= 128 << (24 - 8 * (length & 3));
  words[last] = length * 8;
  const h = H.slice();
  for (let block = 0; block < last; block += 16) {
    let [a, b, c, d, e, f, g, k] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i += 1) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      w[i] =
        i < 16
          ? words[block + i]!
          : (rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3)) + w[i - 7]! + (rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10)) + w[i - 16]! | 0;
      const t = k + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]! | 0;
      const u = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c)) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t) | 0;
      d = c;
      c = b;
      b = a;
      a = (t + u) | 0;
    }
    [a, b, c, d, e, f, g, k].forEach((value, i) => (h[i] = (h[i]! + value) | 0));
  }
  return h[0]! >>> 0;
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

  file(body: FileComplaintRequest, idempotencyKey: string, proof: string, signal?: AbortSignal): Promise<FiledComplaint> {
    return this.request<FiledComplaint>('/complaints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey, 'X-Proof-Of-Work': proof },
      body: JSON.stringify(body),
      signal,
    });
  }

  /**
   * The service's check against automated spam: a new challenge for each attempt, solved here
   * (`X-Proof-Of-Work: {challenge}:{nonce}`). While it runs the forms say so.
   */
  async proof(signal?: AbortSignal): Promise<string> {
    const { challenge, difficulty } = await this.request<{ challenge: string; difficulty: number }>('/challenge', { signal });
    solving += 1;
    proving.dispatchEvent(new Event('change'));
    try {
      for (let nonce = 0; ; ) {
        // the page has its turn (and shows the status line) before each few thousand tries
        await new Promise((resolve) => setTimeout(resolve));
        signal?.throwIfAborted();
        for (const end = nonce + 3000; nonce < end; nonce += 1) if (Math.clz32(sha256(challenge + nonce)) >= difficulty) return `${challenge}:${nonce}`;
      }
    } finally {
      solving -= 1;
      proving.dispatchEvent(new Event('change'));
    }
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

/** Trouble that may pass: no connection, a server error, a timeout, too many requests, a challenge that ran out. */
export const worthRetrying = (failure: ApiFailure): boolean =>
  failure.kind === 'network' || failure.status >= 500 || failure.status === 408 || failure.status === 429 || failure.code === 'proof_of_work_expired';

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
  return api.file(request, submission.id, await api.proof(signal), signal);
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
