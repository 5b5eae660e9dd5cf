import { LitElement, type TemplateResult, css, html } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { define } from '../../shared/define.ts';
import { portalStyles } from '../../shared/styles.ts';
import type { ConfirmQuestion } from './fields.ts';

/**
 * A question that needs an answer before going on (remove this? leave with unsaved changes?):
 * a modal `<dialog>`, so focus stays inside it, Escape answers no, and focus goes back where
 * it was.
 */
export class SettingsConfirm extends LitElement {
  static override styles = [
    portalStyles,
    css`
      dialog {
        max-inline-size: min(32rem, calc(100vw - 2rem));
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 1.25em;
        color: var(--_text);
        background: var(--_surface);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.4);
      }
      .row {
        justify-content: flex-end;
        margin-block-start: 1em;
      }
    `,
  ];
  static override properties = { _question: { state: true } };
  declare _question: ConfirmQuestion | undefined;
  #answer: ((yes: boolean) => void) | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  async ask(question: ConfirmQuestion): Promise<boolean> {
    this.#answer?.(false);
    this._question = question;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    // the safe answer has the focus: Enter does not remove anything by accident
    this.renderRoot.querySelector<HTMLButtonElement>('.cancel')?.focus();
    return new Promise((resolve) => (this.#answer = resolve));
  }

  #close(yes: boolean): void {
    const answer = this.#answer;
    this.#answer = undefined;
    this.renderRoot.querySelector('dialog')?.close();
    answer?.(yes);
  }

  override render(): TemplateResult {
    const question = this._question;
    return html`<dialog aria-labelledby="confirm-title" aria-describedby="confirm-body" @close=${() => this.#close(false)}>
      <h2 id="confirm-title">${question?.title ?? ''}</h2>
      <p id="confirm-body">${question?.body ?? ''}</p>
      <div class="row">
        <button type="button" class="secondary cancel" @click=${() => this.#close(false)}>${question?.cancel ?? msg('Cancel')}</button>
        <button type="button" class="confirm ${question?.danger ? 'danger' : ''}" @click=${() => this.#close(true)}>${question?.confirm ?? msg('OK')}</button>
      </div>
    </dialog>`;
  }
}

define('settings-confirm', SettingsConfirm);

declare global {
  interface HTMLElementTagNameMap {
    'settings-confirm': SettingsConfirm;
  }
}
