import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { portalStyles } from '../shared/styles.ts';

/**
 * A polite note that a new version of the portal is ready. The portal never reloads by itself:
 * a member of staff may be halfway through a reply.
 *
 * @csspart notice - The note.
 */
export class PortalUpdate extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        position: fixed;
        inset-inline: 1rem;
        inset-block-end: max(1rem, env(safe-area-inset-bottom));
        z-index: 10;
        max-inline-size: 40rem;
        margin-inline: auto;
      }
      .notice {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
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
            <p>${msg('A new version of the portal is ready.')}</p>
            <button type="button" @click=${reload}>${msg('Reload')}</button>
            <button type="button" class="secondary" @click=${() => (this._reload = undefined)}>${msg('Later')}</button>
          </div>`
        : nothing}
    </div>`;
  }
}
