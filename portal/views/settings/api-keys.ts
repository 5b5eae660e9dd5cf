import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { ApiKeyView, NewApiKey } from '../../../api/contract/api-keys.ts';
import type { ErrorIssue } from '../../../api/contract/common.ts';
import type { PortalContext } from '../../shared/context.ts';
import { define } from '../../shared/define.ts';
import { fieldIssue } from '../../shared/failures.ts';
import { formatDateTime } from '../../shared/locale.ts';
import { StaffApiError } from '../../shared/staff-api.ts';
import { portalStyles } from '../../shared/styles.ts';
import type { SettingsConfirm } from './confirm.ts';
import './confirm.ts';
import { copyOrSelect } from './copy.ts';
import { DirtyChange } from './dirty-change.ts';
import { LoadedList } from './loaded-list.ts';
import { settingsStyles } from './styles.ts';

/** The most characters a key's label may have (the server's limit, after trimming). */
const LABEL_MAX = 100;


/** What went wrong with a request about the keys, in words for the member; `typed` when something typed is kept. */
function failureMessage(error: unknown, typed = false): string {
  if (!(error instanceof StaffApiError)) return msg('Something went wrong. Try again.');
  const failure = error.failure;
  if (failure.kind === 'network') {
    return typed
      ? msg('The service cannot be reached. Check the connection and create the key again; the label you typed is kept.')
      : msg('The service cannot be reached. Check the connection and try again.');
  }
  if (failure.status === 401) {
    return typed
      ? msg('Your session has ended. Sign in again in another tab, then create the key: the label you typed is kept until you leave the page.')
      : msg('Your session has ended. Sign in again in another tab, then try again.');
  }
  if (failure.status === 403) return msg('Your roles on this site do not allow managing its Open311 keys.');
  if (failure.code === 'api_key_not_found') return msg('This key is no longer on the site. Reload the page to see the keys as they are.');
  if (failure.status === 429) return msg('Too many requests. Wait a moment and try again.');
  if (failure.status >= 500) return msg('The service had a problem. Try again in a moment.');
  return failure.message || msg('The service refused this.');
}

/** A server's refusal of the label, in the member's words where the code is known. */
function labelIssue(issue: ErrorIssue): string {
  if (issue.code === 'too_big') return msg(str`At most ${LABEL_MAX} characters. Shorten the label.`);
  if (issue.code === 'control_character' || issue.message.includes('control characters')) return msg('The label has a character that cannot be stored. Type it again without it.');
  return fieldIssue(issue) ?? issue.message;
}

/** Keys that work first, then the revoked ones; each group in the server's order (oldest first). */
const inOrder = (keys: readonly ApiKeyView[]): ApiKeyView[] => [...keys.filter((k) => !k.revokedAt), ...keys.filter((k) => k.revokedAt)];

/**
 * The site's keys for Open311 clients (another organisation's system that files complaints
 * here): each with its label, when it was made and whether it still works; create one — the
 * key itself is shown only then — and revoke one, which its clients feel at once.
 */
export class SettingsApiKeys extends LitElement {
  static override styles = [
    portalStyles,
    settingsStyles,
    css`
      .api-keys {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
        gap: 1em;
        margin-block-end: 1.5em;
      }
      .api-key.revoked {
        background: var(--_background);
      }
      .api-key:focus {
        outline: 3px solid var(--_accent);
        outline-offset: 2px;
      }
      .no-label {
        font-style: italic;
        font-weight: 400;
        color: var(--_muted);
      }
      .add-key {
        border-block-start: 1px solid var(--_border);
        padding-block-start: 1em;
      }
    `,
  ];

  static override properties = {
    portal: { attribute: false },
    _label: { state: true },
    _labelError: { state: true },
    _formError: { state: true },
    _creating: { state: true },
    _created: { state: true },
    _copied: { state: true },
    _notice: { state: true },
    _rowBusy: { state: true },
    _rowError: { state: true },
  };

  declare portal: PortalContext;
  declare _label: string;
  declare _labelError: string;
  declare _formError: string;
  declare _creating: boolean;
  /** the key just created, shown until the member says they have it */
  declare _created: NewApiKey | undefined;
  declare _copied: string;
  declare _notice: string;
  declare _rowBusy: string;
  declare _rowError: { id: string; message: string } | undefined;

  readonly #loaded = new LoadedList<ApiKeyView>(this, (signal) => this.portal.api.apiKeys(this.portal.site, signal), failureMessage);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    // the settings screen hears when `dirty` turns
    new DirtyChange(this, () => this.dirty);
    this._label = '';
    this._labelError = '';
    this._formError = '';
    this._creating = false;
    this._copied = '';
    this._notice = '';
    this._rowBusy = '';
  }

  /** A label typed for a key that is not created yet. */
  get dirty(): boolean {
    return this._label.trim() !== '';
  }

  /** Forgets the typed label (the member chose to leave without creating the key). */
  discard(): void {
    this._label = '';
    this._labelError = '';
    this._formError = '';
  }

  #when(iso: string): string {
    return formatDateTime(iso, this.portal.publicSite.timezone);
  }

  /** The key in words, for a dialog or a note: its label, or when it was made. */
  #name(key: ApiKeyView): string {
    return key.label ? msg(str`“${key.label}”`) : msg(str`without a label, created ${this.#when(key.createdAt)}`);
  }

  // — creating —

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._creating) return;
    const label = this._label.trim();
    this._labelError = '';
    this._formError = '';
    this._notice = '';
    this._copied = '';
    this._created = undefined;
    this._creating = true;
    try {
      const created = await this.portal.api.createApiKey(this.portal.site, label);
      // the list keeps what every member may see again: never the key itself
      this.#loaded.replace({ id: created.id, label: created.label, createdAt: created.createdAt, revokedAt: created.revokedAt });
      this._created = created;
      this._label = '';
      this._creating = false;
      await this.updateComplete;
      const box = this.renderRoot.querySelector<HTMLElement>('.new-key');
      box?.scrollIntoView({ block: 'center' });
      box?.focus();
      return;
    } catch (error) {
      const failure = error instanceof StaffApiError ? error.failure : null;
      if (failure?.kind === 'http' && failure.status === 422 && failure.issues.length) {
        const atLabel = failure.issues.find((issue) => issue.path[0] === 'label');
        const elsewhere = failure.issues.filter((issue) => issue.path[0] !== 'label');
        this._labelError = atLabel ? labelIssue(atLabel) : '';
        this._formError = elsewhere.map((issue) => fieldIssue(issue) ?? issue.message).join(' ');
      } else this._formError = failureMessage(error, true);
    }
    this._creating = false;
    await this.updateComplete;
    const target = this._labelError ? this.renderRoot.querySelector<HTMLElement>('#key-label') : this.renderRoot.querySelector<HTMLElement>('.add-key .form-error');
    target?.focus();
  }

  async #copy(key: string): Promise<void> {
    const how = await copyOrSelect(key, this.renderRoot.querySelector('.new-key .password'));
    this._copied = how === 'copied' ? msg('The key is copied. Paste it into the client’s settings.') : msg('Press Ctrl+C (⌘C on a Mac) to copy the selected key.');
  }

  async #done(): Promise<void> {
    const id = this._created?.id;
    getSelection()?.removeAllRanges();
    this._created = undefined;
    this._copied = '';
    await this.updateComplete;
    // the key stays in the list, without the key itself
    this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(id ?? '')}"]`)?.focus();
  }

  // — revoking —

  async #revoke(key: ApiKeyView): Promise<void> {
    const dialog = this.renderRoot.querySelector<SettingsConfirm>('settings-confirm')!;
    const sure = await dialog.ask({
      title: msg('Revoke this key?'),
      body: msg(
        str`The key ${this.#name(key)} stops working at once: Open311 clients that send it are refused from now on. A revoked key cannot be used again; a client that still needs access gets a new key.`,
      ),
      confirm: msg('Revoke the key'),
      danger: true,
    });
    if (!sure) return;
    this._rowBusy = key.id;
    this._rowError = undefined;
    this._notice = '';
    try {
      this.#loaded.replace(await this.portal.api.revokeApiKey(this.portal.site, key.id));
      this._notice = msg(str`The key ${this.#name(key)} is revoked.`);
    } catch (error) {
      this._rowError = { id: key.id, message: failureMessage(error) };
    } finally {
      this._rowBusy = '';
    }
    await this.updateComplete;
    // the revoke button is gone once it worked: the key's own entry takes the focus
    const row = this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key.id)}"]`);
    (row?.querySelector<HTMLElement>('button:not([disabled])') ?? row)?.focus();
  }

  // — drawing —

  override render(): TemplateResult {
    return html`${this.#newKey()} ${this.#list()} ${this.#createForm()}
      <settings-confirm></settings-confirm>`;
  }

  #list(): TemplateResult {
    return this.#loaded.render(
      msg('Loading the keys…'),
      (keys) =>
        html`<p role="status" class="notice">${this._notice}</p>
          ${keys.length
            ? html`<ul class="plain-list api-keys" aria-label=${msg('The site’s Open311 keys')}>
                ${inOrder(keys).map((key) => this.#key(key))}
              </ul>`
            : html`<p class="muted">${msg('The site has no Open311 keys yet.')}</p>`}`,
    );
  }

  #key(key: ApiKeyView): TemplateResult {
    const busy = this._rowBusy === key.id;
    const error = this._rowError?.id === key.id ? this._rowError.message : '';
    const name = key.label ?? msg('no label');
    return html`<li class="api-key card ${key.revokedAt ? 'revoked' : ''}" data-key=${key.id} tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
      <div class="member-head">
        <h3 class="member-name ${key.label ? '' : 'no-label'}">${name}</h3>
        <span class="tag ${key.revokedAt ? 'problem' : 'ok'}">${key.revokedAt ? msg('Revoked') : msg('Active')}</span>
      </div>
      <dl class="facts">
        <dt>${msg('Created')}</dt>
        <dd><time datetime=${key.createdAt}>${this.#when(key.createdAt)}</time></dd>
        ${key.revokedAt
          ? html`<dt>${msg('Revoked')}</dt>
              <dd><time datetime=${key.revokedAt}>${this.#when(key.revokedAt)}</time></dd>`
          : nothing}
      </dl>
      ${error ? html`<p class="field-error" role="alert">${error}</p>` : nothing}
      ${key.revokedAt
        ? nothing
        : html`<div class="row">
            <button type="button" class="secondary danger-text" ?disabled=${busy} @click=${() => void this.#revoke(key)}>
              ${busy ? msg('Revoking…') : msg('Revoke')}<span class="visually-hidden"> (${name})</span>
            </button>
          </div>`}
    </li>`;
  }

  #newKey(): TemplateResult | typeof nothing {
    const created = this._created;
    if (!created) return nothing;
    return html`<section class="handover once new-key" tabindex="-1" aria-labelledby="new-key-title" aria-describedby="new-key-warning">
      <h3 id="new-key-title">${created.label ? msg(str`The new key “${created.label}”`) : msg('The new key')}</h3>
      <p class="warning" id="new-key-warning">
        <strong>${msg('Copy it now: it is shown only this once.')}</strong>
        ${msg('Only a fingerprint of it is kept, so it cannot be shown again. If it is lost, create another key and revoke this one.')}
      </p>
      <p><code class="password" aria-label=${msg('The key')}>${created.key}</code></p>
      <p class="hint usage">
        ${msg(
          html`An Open311 client sends it as <code>api_key</code> when it files a complaint (<code>POST /open311/v2/requests.json</code>), with
            <code>jurisdiction_id=${this.portal.site}</code>.`,
        )}
      </p>
      <div class="row">
        <button type="button" class="secondary" @click=${() => void this.#copy(created.key)}>${msg('Copy the key')}</button>
        <button type="button" class="secondary" @click=${() => void this.#done()}>${msg('Done: hide the key')}</button>
        <span role="status" class="muted">${this._copied}</span>
      </div>
    </section>`;
  }

  #createForm(): TemplateResult {
    const creating = this._creating;
    const error = this._labelError;
    return html`<form class="block add-key" novalidate aria-labelledby="add-key-title" aria-busy=${creating ? 'true' : 'false'} @submit=${(event: SubmitEvent) => void this.#create(event)}>
      <h3 id="add-key-title">${msg('Create a key')}</h3>
      <p class="hint">${msg('One key for each organisation or system that files complaints here, so that one can be revoked without stopping the others.')}</p>
      <div class="field medium">
        <label for="key-label">${msg('Label (optional)')}</label>
        <p class="hint" id="key-label--hint">${msg(str`Who uses the key, e.g. “12345 city hotline”. At most ${LABEL_MAX} characters.`)}</p>
        <input
          id="key-label"
          type="text"
          autocomplete="off"
          .value=${this._label}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby="key-label--hint${error ? ' key-label--error' : ''}"
          @input=${(event: Event) => {
            this._label = (event.target as HTMLInputElement).value;
            this._labelError = '';
          }}
        />
        ${error ? html`<p class="field-error" id="key-label--error">${error}</p>` : nothing}
      </div>
      ${this._formError ? html`<p class="field-error form-error" role="alert" tabindex="-1">${this._formError}</p>` : nothing}
      <div class="row">
        <button type="submit" ?disabled=${creating}>${creating ? msg('Creating…') : msg('Create the key')}</button>
        <span role="status" class="muted">${creating ? msg('Creating the key…') : ''}</span>
      </div>
    </form>`;
  }
}

define('settings-api-keys', SettingsApiKeys);

declare global {
  interface HTMLElementTagNameMap {
    'settings-api-keys': SettingsApiKeys;
  }
}
