import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { ATTACHMENTS_MAX } from '../../api/contract/limits.ts';
import type * as Photos from './photos.ts';
import type { PhotoProblem } from './photos.ts';

interface Photo {
  /** made ready by preparePhoto, keeping the name the resident knows it by */
  file: File;
  url: string;
}

/**
 * The photos of a complaint: each is turned upright, made small and stripped of its metadata
 * as soon as it is picked (that code loads after the form), and previewed with a button to
 * remove it.
 */
export class PhotoField implements ReactiveController {
  photos: Photo[] = [];
  problem: PhotoProblem | undefined;
  preparing = false;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.clear();
  }

  get files(): File[] {
    return this.photos.map((photo) => photo.file);
  }

  load(): Promise<typeof Photos> {
    return import('./photos.ts');
  }

  async add(picked: File[]): Promise<void> {
    const room = ATTACHMENTS_MAX - this.photos.length;
    this.problem = picked.length > room ? 'too-many' : undefined;
    this.preparing = true;
    this.#host.requestUpdate();
    try {
      const { PhotoError, preparePhoto } = await this.load();
      for (const file of picked.slice(0, room)) {
        try {
          const prepared = await preparePhoto(file);
          this.#show([new File([prepared], file.name, { type: prepared.type })]);
        } catch (error) {
          this.problem = error instanceof PhotoError ? error.problem : 'unreadable';
        }
      }
    } catch {
      // the photo code could not be loaded (the connection is gone)
      this.problem = 'unreadable';
    } finally {
      this.preparing = false;
      this.#host.requestUpdate();
    }
  }

  remove(index: number): void {
    const [removed] = this.photos.splice(index, 1);
    if (removed) URL.revokeObjectURL(removed.url);
    this.problem = undefined;
    this.#host.requestUpdate();
  }

  /** Photos of a stored complaint, back in the form to be corrected. */
  restore(files: File[]): void {
    this.clear();
    this.#show(files);
  }

  clear(): void {
    for (const photo of this.photos) URL.revokeObjectURL(photo.url);
    this.photos = [];
    this.problem = undefined;
    this.#host.requestUpdate();
  }

  #show(files: File[]): void {
    this.photos = [...this.photos, ...files.map((file) => ({ file, url: URL.createObjectURL(file) }))];
    this.#host.requestUpdate();
  }

  /** `error` is what the server said of an uploaded photo, if anything. */
  render(error: string | undefined): TemplateResult {
    const message = this.problem ? photoProblemMessage(this.problem) : error;
    return html`<div class="field" part="photos">
      <label for="attachments">${msg('Photos (optional)')}</label>
      <p class="hint" id="attachments-hint">
        ${msg(str`Up to ${ATTACHMENTS_MAX}. They are made smaller, and the time and place stored in them are removed.`)}
      </p>
      ${this.photos.length
        ? html`<ul class="photos">
            ${this.photos.map(
              ({ file, url }, index) => html`<li>
                <img src=${url} alt=${msg(str`Photo ${index + 1}: ${file.name}`)} />
                <button part="button" class="secondary" type="button" @click=${() => this.remove(index)}>
                  ${msg(str`Remove photo ${index + 1}: ${file.name}`)}
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      <input
        id="attachments"
        type="file"
        accept="image/*"
        multiple
        ?disabled=${this.photos.length >= ATTACHMENTS_MAX || this.preparing}
        aria-invalid=${message ? 'true' : 'false'}
        aria-describedby="attachments-hint attachments-error"
        @change=${(event: Event) => {
          const input = event.target as HTMLInputElement;
          void this.add([...(input.files ?? [])]);
          // the same photo may be picked again after it was removed
          input.value = '';
        }}
      />
      <div role="alert">${message ? html`<p class="error" id="attachments-error">${message}</p>` : nothing}</div>
      ${this.preparing ? html`<p class="hint" role="status">${msg('Preparing the photos…')}</p>` : nothing}
    </div>`;
  }
}

/** What to say when a photo cannot be taken: picked, or refused by the server (by its code). */
export function photoProblemMessage(problem: PhotoProblem | string): string {
  switch (problem) {
    case 'unreadable':
    case 'empty_attachment':
      return msg('This picture could not be opened. Try another one.');
    case 'too-large':
    case 'payload_too_large':
      return msg('This photo is too large. Choose a smaller one.');
    case 'too-many':
      return msg(str`You can add up to ${ATTACHMENTS_MAX} photos.`);
    default:
      return msg('This file is not a picture. Choose a photo.');
  }
}
