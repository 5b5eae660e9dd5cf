import type { ComplainantActionRequest, PublicComplaint } from '../../api/contract/complaint.ts';
import { type SiteApi, failureOf } from '../shared/api.ts';

/** One complaint, for whoever holds its reference and access code (or a tracking link's key). */
export class ComplaintApi {
  readonly site: SiteApi;
  readonly #path: string;
  readonly #code: Record<string, string>;

  constructor(site: SiteApi, reference: string, accessCode: string) {
    this.site = site;
    this.#path = `/complaints/${encodeURIComponent(reference.trim())}`;
    this.#code = { 'X-Access-Code': accessCode.trim() };
  }

  track(signal?: AbortSignal): Promise<PublicComplaint> {
    return this.site.request<PublicComplaint>(this.#path, { headers: this.#code, signal });
  }

  /** Something the complainant does: answer, give an opinion, rate, ask for a review, withdraw. */
  act(action: ComplainantActionRequest): Promise<PublicComplaint> {
    return this.site.request<PublicComplaint>(`${this.#path}/actions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...this.#code },
      body: JSON.stringify(action),
    });
  }

  /** A photo of the complaint, as a blob for an object URL (an <img> cannot send the access code). */
  async photo(id: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.site.fetch(`${this.#path}/attachments/${id}`, { headers: this.#code, signal });
    if (!response.ok) throw await failureOf(response);
    return response.blob();
  }

  /** The address of the complaint's live stream, with a fresh ticket for it. */
  async liveUrl(): Promise<string> {
    const { token } = await this.site.request<{ token: string }>(`${this.#path}/live-token`, { method: 'POST', headers: this.#code });
    return `${this.site.base}${this.#path}/live?token=${encodeURIComponent(token)}`;
  }
}
