import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { NotificationStatus, NotificationView } from '../../api/contract/notifications.ts';
import type { PortalContext } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { failureMessage } from '../shared/failures.ts';
import { messageKindLabel } from '../shared/labels.ts';
import { currentLocale, formatDateTime } from '../shared/locale.ts';
import { StaffApiError } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';

type Load = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string };

/** Messages asked for at a time (the API's most). */
const LIMIT = 200;

/** The three lists, the undelivered first: they are why anyone opens this screen. */
const TABS: readonly NotificationStatus[] = ['dead', 'pending', 'sent'];

const tabLabel = (status: NotificationStatus): string =>
  ({ dead: msg('Undelivered'), pending: msg('Waiting to be sent'), sent: msg('Sent') })[status];

const tabIntro = (status: NotificationStatus): string =>
  ({
    dead: msg('Messages the service gave up on after its last attempt. Fix the cause (the mail server, an address, a webhook), then send them again.'),
    pending: msg('Messages the service is sending, or will try again at the time shown.'),
    sent: msg('Messages delivered, newest first.'),
  })[status];

const emptyText = (status: NotificationStatus): string =>
  ({
    dead: msg('Every message has been delivered: none is waiting undelivered.'),
    pending: msg('No message is waiting to be sent.'),
    sent: msg('No message has been sent yet.'),
  })[status];

const channelName = (channel: 'email' | 'phone' | 'push'): string =>
  ({ email: msg('email'), phone: msg('text message'), push: msg('browser notification') })[channel];

function recipientLine(recipient: NotificationView['recipient']): string {
  if (recipient.kind === 'staff') return msg(str`Staff: ${recipient.who}`);
  if (recipient.channel === 'push') return msg('The complainant, by browser notification');
  return msg(str`The complainant, by ${channelName(recipient.channel)}: ${recipient.address}`);
}

/** Why a retry did not go through, in words for the member. */
function retryFailure(error: unknown): string {
  if (!(error instanceof StaffApiError)) return msg('Something went wrong. Try again.');
  const failure = error.failure;
  if (failure.kind === 'http' && failure.status === 404) return msg('This message is not there any more. Reload the list.');
  if (failure.kind === 'http' && failure.status === 403) return msg('Your roles on this site do not allow sending messages again.');
  return failureMessage(failure);
}

/**
 * The site's outgoing messages — receipts, notices, results and surveys to complainants, work
 * and deadline messages to staff — for its managers and administrators: above all those the
 * service gave up on after its last attempt, each with the reason and a button that sends it
 * again; then those still waiting and those sent.
 */
export class PortalMessages extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: grid;
        gap: 1em;
        max-inline-size: 1100px;
        margin-inline: auto;
      }
      h1 {
        margin: 0;
      }
      .tabs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      .tabs button[aria-pressed='false'] {
        background: var(--_surface);
        color: var(--_accent);
      }
      .count {
        font-variant-numeric: tabular-nums;
      }
      ul.messages {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75em;
      }
      .message {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.5em 1em;
        align-items: start;
      }
      .message.dead {
        border-inline-start: 6px solid var(--_late);
      }
      .message h2 {
        font-size: 1.0625rem;
        margin: 0 0 0.25em;
      }
      .message dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2em 1em;
        margin: 0;
      }
      .message dt {
        color: var(--_muted);
      }
      .message dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .reason {
        font-family: ui-monospace, monospace;
        font-size: 0.9375rem;
      }
      .actions {
        display: grid;
        gap: 0.5em;
        justify-items: end;
      }
      .notice {
        padding: 0.5em 1em;
        border-radius: var(--_radius);
        background: var(--_ok-bg);
        color: var(--_ok);
      }
      @media (max-width: 640px) {
        .message {
          grid-template-columns: 1fr;
        }
        .actions {
          justify-items: start;
        }
      }
    `,
  ];

  static override properties = {
    portal: { attribute: false },
    _status: { state: true },
    _items: { state: true },
    _load: { state: true },
    _busy: { state: true },
    _errors: { state: true },
    _notice: { state: true },
  };

  declare portal: PortalContext;
  declare _status: NotificationStatus;
  declare _items: NotificationView[];
  declare _load: Load;
  /** the messages being sent again now */
  declare _busy: ReadonlySet<string>;
  /** why a message could not be sent again, by its id */
  declare _errors: ReadonlyMap<string, string>;
  declare _notice: string;

  #request: AbortController | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._status = 'dead';
    this._items = [];
    this._load = { kind: 'loading' };
    this._busy = new Set();
    this._errors = new Map();
    this._notice = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('portal') && this.portal) void this.#loadList();
  }

  async #loadList(): Promise<void> {
    this.#request?.abort();
    const request = (this.#request = new AbortController());
    this._load = { kind: 'loading' };
    try {
      const items = await this.portal.api.notifications(this.portal.site, { status: this._status, limit: LIMIT }, request.signal);
      if (request.signal.aborted) return;
      this._items = items;
      this._errors = new Map();
      this._load = { kind: 'ready' };
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this._load = { kind: 'failed', message: error instanceof StaffApiError ? retryFailure(error) : msg('Something went wrong. Try again.') };
    }
  }

  #show(status: NotificationStatus): void {
    if (status === this._status) return;
    this._status = status;
    this._notice = '';
    void this.#loadList();
  }

  async #retry(message: NotificationView): Promise<void> {
    if (this._busy.has(message.id)) return;
    this._busy = new Set([...this._busy, message.id]);
    const errors = new Map(this._errors);
    errors.delete(message.id);
    this._errors = errors;
    try {
      await this.portal.api.retryNotification(this.portal.site, message.id);
      this.#drop(message.id);
      this._notice = msg(str`“${messageKindLabel(message.kind)}” for ${message.reference} is being sent again. It stays under “Waiting to be sent” until it is delivered.`);
    } catch (error) {
      if (error instanceof StaffApiError && error.failure.kind === 'http' && error.failure.status === 409) {
        // someone else sent it again meanwhile: it is no longer undelivered
        this.#drop(message.id);
        this._notice = msg(str`“${messageKindLabel(message.kind)}” for ${message.reference} was already sent again by someone else.`);
      } else {
        this._errors = new Map(this._errors).set(message.id, retryFailure(error));
      }
    } finally {
      const busy = new Set(this._busy);
      busy.delete(message.id);
      this._busy = busy;
    }
  }

  #drop(id: string): void {
    const index = this._items.findIndex((item) => item.id === id);
    this._items = this._items.filter((item) => item.id !== id);
    // the focus goes to the next message's button, or the heading, rather than to the page's start
    void this.updateComplete.then(() => {
      const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('.message button');
      (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('h1'))?.focus();
    });
  }

  // — drawing —

  override render(): TemplateResult {
    return html`<h1 tabindex="-1">${msg('Outgoing messages')}</h1>
      <div class="tabs" role="group" aria-label=${msg('Which messages')}>
        ${TABS.map(
          (status) =>
            html`<button type="button" aria-pressed=${status === this._status ? 'true' : 'false'} @click=${() => this.#show(status)}>${tabLabel(status)}</button>`,
        )}
        <button type="button" class="secondary" @click=${() => void this.#loadList()}>${msg('Reload')}</button>
      </div>
      <div>
        <p class="muted">${tabIntro(this._status)}</p>
        <div role="status">${this._notice ? html`<p class="notice">${this._notice}</p>` : nothing}</div>
      </div>
      ${this.#body()}`;
  }

  #body(): TemplateResult {
    const load = this._load;
    if (load.kind === 'loading') return html`<p class="muted" role="status">${msg('Loading the messages…')}</p>`;
    if (load.kind === 'failed')
      return html`<div class="panel" role="alert">
        <p class="error">${load.message}</p>
        <button type="button" class="secondary" @click=${() => void this.#loadList()}>${msg('Try again')}</button>
      </div>`;
    const items = this._items;
    if (!items.length) return html`<p class="panel">${emptyText(this._status)}</p>`;
    const count = new Intl.NumberFormat(currentLocale()).format(items.length);
    const summary =
      this._status === 'dead'
        ? items.length === 1
          ? msg('1 message could not be delivered.')
          : msg(str`${count} messages could not be delivered.`)
        : items.length === 1
          ? msg('1 message.')
          : msg(str`${count} messages.`);
    return html`<p class="count">
        ${summary} ${items.length >= LIMIT ? msg(str`The newest ${count} are shown.`) : nothing}
      </p>
      <ul class="messages">
        ${items.map((item) => this.#message(item))}
      </ul>`;
  }

  #message(item: NotificationView): TemplateResult {
    const zone = this.portal.publicSite.timezone;
    const busy = this._busy.has(item.id);
    const error = this._errors.get(item.id);
    const headingId = `message-${item.id}`;
    return html`<li class="message panel ${item.status}" aria-labelledby=${headingId}>
      <div>
        <h2 id=${headingId}>
          ${messageKindLabel(item.kind)} ·
          ${item.reference ? html`<a href=${this.portal.href(`complaints/${encodeURIComponent(item.complaintId)}`)}>${item.reference}</a>` : nothing}
        </h2>
        <dl>
          <dt>${msg('Recipient')}</dt>
          <dd>${recipientLine(item.recipient)}</dd>
          <dt>${msg('Written')}</dt>
          <dd>${formatDateTime(item.createdAt, zone)}</dd>
          ${item.status === 'sent'
            ? nothing
            : html`<dt>${msg('Attempts')}</dt>
                <dd>${item.attempts}</dd>`}
          ${item.status === 'pending'
            ? html`<dt>${msg('Next attempt')}</dt>
                <dd>${formatDateTime(item.nextAttemptAt, zone)}</dd>`
            : nothing}
          ${item.sentAt
            ? html`<dt>${msg('Sent')}</dt>
                <dd>${formatDateTime(item.sentAt, zone)}${item.deliveredVia.length ? ` · ${item.deliveredVia.join(', ')}` : ''}</dd>`
            : nothing}
          ${item.foldedInto
            ? html`<dt>${msg('Carried by')}</dt>
                <dd>${msg('another message (a digest, or one already on its way)')}</dd>`
            : nothing}
          ${item.lastError && item.status !== 'sent'
            ? html`<dt>${msg('Last error')}</dt>
                <dd class="reason">${item.lastError}</dd>`
            : nothing}
        </dl>
      </div>
      ${item.status === 'dead'
        ? html`<div class="actions">
            <button type="button" ?disabled=${busy} aria-describedby=${headingId} @click=${() => void this.#retry(item)}>
              ${busy ? msg('Sending…') : msg('Send again')}
            </button>
            ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
          </div>`
        : nothing}
    </li>`;
  }
}

define('portal-messages', PortalMessages);

declare global {
  interface HTMLElementTagNameMap {
    'portal-messages': PortalMessages;
  }
}
