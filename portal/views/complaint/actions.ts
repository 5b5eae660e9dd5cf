import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { StaffCommandType, StaffComplaint } from '../../../api/contract/staff-api.ts';
import type { PortalContext } from '../../shared/context.ts';
import { define } from '../../shared/define.ts';
import { commandLabel } from '../../shared/labels.ts';
import type { Directory } from '../../shared/staff-api.ts';
import { portalStyles } from '../../shared/styles.ts';
import { COMMAND_ORDER } from './command-forms.ts';
import './command-forms.ts';

/** The commands in the procedure's order (a command this portal has no form for is not offered). */
export function orderedCommands(allowed: readonly string[]): StaffCommandType[] {
  return COMMAND_ORDER.filter((command) => allowed.includes(command));
}

/**
 * One button for each step the server says this member may take now (`allowedCommands`); each
 * opens that step's form below the buttons. Fires `complaint-updated` (detail: the complaint)
 * after a step was carried out and `complaint-stale` when the complaint must be loaded again.
 */
export class PortalComplaintActions extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      button[aria-expanded='true'] {
        background: var(--_accent);
        color: var(--_accent-text);
        box-shadow: inset 0 -4px 0 var(--_accent-text);
      }
      .done:empty {
        display: none;
      }
      .done {
        font-weight: 600;
        color: var(--_ok);
      }
      .form {
        margin-block-start: 1em;
        padding-block-start: 1em;
        border-block-start: 1px solid var(--_border);
      }
    `,
  ];
  static override properties = {
    portal: { attribute: false },
    complaint: { attribute: false },
    directory: { attribute: false },
    _open: { state: true },
    _done: { state: true },
  };

  declare portal: PortalContext;
  declare complaint: StaffComplaint;
  declare directory: Directory | undefined;
  declare _open: StaffCommandType | null;
  declare _done: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._open = null;
    this._done = '';
  }

  /** Opens a step's form, as its button does. */
  open(command: StaffCommandType): void {
    this._open = command;
    this._done = '';
  }

  override render(): TemplateResult {
    const commands = orderedCommands(this.complaint.allowedCommands);
    return html`${commands.length
        ? html`<div class="buttons" role="group" aria-label=${msg('Steps you can take')}>
            ${commands.map(
              (command) =>
                html`<button
                  type="button"
                  class="secondary"
                  data-command=${command}
                  aria-expanded=${this._open === command ? 'true' : 'false'}
                  aria-controls="command-form"
                  @click=${() => (this._open === command ? this.#close() : this.open(command))}
                >
                  ${commandLabel(command)}
                </button>`,
            )}
          </div>`
        : html`<p class="muted">${msg('There is nothing for you to do on this complaint now.')}</p>`}
      <p class="done" role="status">${this._done}</p>
      <div id="command-form" class="form" ?hidden=${!this._open}>
        ${this._open
          ? keyed(
              this._open,
              html`<portal-command-form
                .command=${this._open}
                .complaint=${this.complaint}
                .portal=${this.portal}
                .directory=${this.directory}
                @command-done=${this.#onDone}
                @command-cancel=${this.#close}
              ></portal-command-form>`,
            )
          : nothing}
      </div>`;
  }

  #onDone(event: CustomEvent<StaffComplaint>): void {
    event.stopPropagation();
    const command = this._open;
    this._open = null;
    this._done = command ? msg(str`Done: ${commandLabel(command)}.`) : '';
    this.dispatchEvent(new CustomEvent<StaffComplaint>('complaint-updated', { detail: event.detail, bubbles: true, composed: true }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.buttons button')?.focus());
  }

  #close(): void {
    const command = this._open;
    this._open = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`button[data-command="${command}"]`)?.focus());
  }
}

define('portal-complaint-actions', PortalComplaintActions);
