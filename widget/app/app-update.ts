import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { baseStyles } from '../shared/styles.ts';

/**
 * A polite note that a new version of the app is ready. The app never reloads by itself: a
 * resident may be halfway through a complaint.
 *
 * @csspart notice - The note.
 * @csspart button - Its buttons.
 */
export class AppUpdate extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .notice {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .notice p {
        margin: 0;
        flex: 1 1 12rem;
      }
    `,
  ];
  static override properties = { _reload: { state: true } };

  declare _reload: (() => void) | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._reload = undefined;
  }

  /** Shows the note; `reload` switches to the new version. */
  offer(reload: () => void): void {
    this._reload = reload;
  }

  override render(): TemplateResult {
    const reload = this._reload;
    return html`<div role="status" aria-live="polite">
      ${reload
        ? html`<div class="panel notice" part="notice">
            <p>${msg('A new version of this app is ready.', { id: 'app-update-ready' })}</p>
            <button part="button" type="button" @click=${reload}>${msg('Reload', { id: 'app-update-reload' })}</button>
            <button part="button" type="button" class="secondary" @click=${() => (this._reload = undefined)}>${msg('Later', { id: 'app-update-later' })}</button>
          </div>`
        : nothing}
    </div>`;
  }
}
