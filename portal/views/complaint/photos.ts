import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { StaffComplaint } from '../../../api/contract/staff-api.ts';
import type { PortalContext } from '../../shared/context.ts';
import { define } from '../../shared/define.ts';
import { formatDateTime } from '../../shared/locale.ts';
import { portalStyles } from '../../shared/styles.ts';

/** A photo of the complaint: its id, and when and with what it came. */
export interface PhotoRef {
  id: string;
  at: string;
  /** `registered` (with the complaint) or `information-provided` (sent later) */
  with: string;
}

/** Every photo the record names: those filed with the complaint and those sent with information later. */
export function photosOf(complaint: StaffComplaint): PhotoRef[] {
  const seen = new Set<string>();
  const photos: PhotoRef[] = [];
  for (const entry of complaint.timeline) {
    if (entry.type !== 'registered' && entry.type !== 'information-provided') continue;
    const ids = Array.isArray(entry.data.attachments) ? entry.data.attachments : [];
    for (const id of ids) {
      if (typeof id !== 'string' || seen.has(id)) continue;
      seen.add(id);
      photos.push({ id, at: entry.at, with: entry.type });
    }
  }
  return photos;
}

type Loaded = { state: 'loading' } | { state: 'ready'; url: string } | { state: 'failed' };

/**
 * The complaint's photos. They are fetched with the session cookie (an `<img src>` to another
 * origin would not carry it) and shown from memory as blob URLs, released when the screen goes.
 */
export class PortalPhotos extends LitElement {
  static override styles = [
    portalStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75em;
        grid-template-columns: repeat(auto-fill, minmax(10em, 1fr));
      }
      figure {
        margin: 0;
      }
      a {
        display: block;
        border-radius: var(--_radius);
      }
      img {
        display: block;
        inline-size: 100%;
        aspect-ratio: 4 / 3;
        object-fit: cover;
        border-radius: var(--_radius);
        border: 1px solid var(--_border);
        background: var(--_background);
      }
      .placeholder {
        display: grid;
        place-items: center;
        aspect-ratio: 4 / 3;
        border-radius: var(--_radius);
        border: 1px dashed var(--_border);
        color: var(--_muted);
        padding: 0.5em;
        text-align: center;
      }
      figcaption {
        color: var(--_muted);
        font-size: 0.875rem;
        margin-block-start: 0.25em;
      }
    `,
  ];
  static override properties = { portal: { attribute: false }, complaint: { attribute: false }, _loaded: { state: true } };

  declare portal: PortalContext;
  declare complaint: StaffComplaint;
  declare _loaded: Readonly<Record<string, Loaded>>;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._loaded = {};
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('complaint') && this.complaint) for (const photo of photosOf(this.complaint)) void this.#load(photo.id);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const loaded of Object.values(this._loaded)) if (loaded.state === 'ready') URL.revokeObjectURL(loaded.url);
    this._loaded = {};
  }

  async #load(id: string): Promise<void> {
    if (this._loaded[id] && this._loaded[id].state !== 'failed') return;
    this._loaded = { ...this._loaded, [id]: { state: 'loading' } };
    try {
      const response = await fetch(this.portal.api.attachmentUrl(this.portal.site, this.complaint.id, id), { credentials: 'include' });
      if (!response.ok) throw new Error(String(response.status));
      const url = URL.createObjectURL(await response.blob());
      if (!this.isConnected) {
        URL.revokeObjectURL(url);
        return;
      }
      this._loaded = { ...this._loaded, [id]: { state: 'ready', url } };
    } catch {
      this._loaded = { ...this._loaded, [id]: { state: 'failed' } };
    }
  }

  override render(): TemplateResult {
    const photos = this.complaint ? photosOf(this.complaint) : [];
    if (!photos.length) return html`<p class="muted">${msg('No photos were given.')}</p>`;
    const timeZone = this.portal.publicSite.timezone;
    return html`<ul>
      ${photos.map((photo, index) => {
        const loaded = this._loaded[photo.id] ?? { state: 'loading' };
        const when = formatDateTime(photo.at, timeZone);
        const caption = photo.with === 'registered' ? msg(str`With the complaint, ${when}`) : msg(str`Sent later, ${when}`);
        const alt = msg(str`Photo ${index + 1} of ${photos.length}`);
        return html`<li>
          <figure>
            ${loaded.state === 'ready'
              ? html`<a href=${loaded.url} target="_blank" rel="noopener" aria-label=${msg(str`${alt}, open full size`)}><img src=${loaded.url} alt=${alt} /></a>`
              : html`<div class="placeholder" role=${loaded.state === 'failed' ? 'alert' : nothing}>
                  ${loaded.state === 'failed' ? msg('This photo could not be loaded.') : msg('Loading photo…')}
                </div>`}
            <figcaption>${caption}</figcaption>
          </figure>
        </li>`;
      })}
    </ul>`;
  }
}

define('portal-photos', PortalPhotos);
