import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { ErrorIssue } from '../../../api/contract/common.ts';
import { COMPLAINANT_MESSAGE_KINDS, MESSAGE_KINDS, STAFF_MESSAGE_KINDS } from '../../../api/contract/message-kinds.ts';
import type { MessageKind, NewWebhook, NewWebhookRequest, WebhookAttemptView, WebhookChangeRequest, WebhookRecipient, WebhookView } from '../../../api/contract/webhooks.ts';
import type { PortalContext } from '../../shared/context.ts';
import { define } from '../../shared/define.ts';
import { fieldIssue } from '../../shared/failures.ts';
import { messageKindLabel, wordFor } from '../../shared/labels.ts';
import { currentLocale, formatDateTime, formatList } from '../../shared/locale.ts';
import { StaffApiError } from '../../shared/staff-api.ts';
import { portalStyles } from '../../shared/styles.ts';
import type { SettingsConfirm } from './confirm.ts';
import './confirm.ts';
import { copyOrSelect } from './copy.ts';
import { DirtyChange } from './dirty-change.ts';
import { LoadedList } from './loaded-list.ts';
import { settingsStyles } from './styles.ts';

/*
 * The lists of the contract, written out (type imports only: its schemas stay out of the bundle).
 */

/** The messages to complainants and to staff, each in the order of the procedure. */
const TO_COMPLAINANTS = COMPLAINANT_MESSAGE_KINDS;
const TO_STAFF = STAFF_MESSAGE_KINDS;
const KINDS: readonly MessageKind[] = MESSAGE_KINDS;

/** Whom a message is for, by how they are reached; a new webhook takes all three. */
const RECIPIENTS = ['phone', 'email', 'staff'] as const satisfies readonly WebhookRecipient[];

/** The server's limits. */
const URL_MAX = 2000;
const DESCRIPTION_MAX = 200;

/** The attempts the delivery log shows (the server's default). */
const LOG_LIMIT = 100;

/** What the form to add a webhook holds, and the one to change it. */
interface Draft {
  url: string;
  description: string;
  events: MessageKind[];
  recipients: WebhookRecipient[];
  enabled: boolean;
}

type Field = 'url' | 'description' | 'events' | 'recipients';
const FIELDS: readonly Field[] = ['url', 'description', 'events', 'recipients'];

/** A change to a form: the fields given, or made from the draft as it is when the change comes. */
type Change = Partial<Draft> | ((draft: Draft) => Partial<Draft>);

/** Messages at the fields of a form, and `form` for the line above its buttons. */
type Errors = Partial<Record<Field | 'form', string>>;

type LogState =
  | { kind: 'loading'; attempts?: WebhookAttemptView[] }
  | { kind: 'loaded'; attempts: WebhookAttemptView[] }
  | { kind: 'failed'; message: string; attempts?: WebhookAttemptView[] };

const emptyDraft = (): Draft => ({ url: '', description: '', events: [], recipients: [...RECIPIENTS], enabled: true });

const draftOf = (hook: WebhookView): Draft => ({
  url: hook.url,
  description: hook.description ?? '',
  events: [...hook.events],
  recipients: [...hook.recipients],
  enabled: hook.enabled,
});

/** The webhook as every member may see it again: without its secret. */
const viewOf = (created: NewWebhook): WebhookView => ({
  id: created.id,
  url: created.url,
  events: created.events,
  recipients: created.recipients,
  enabled: created.enabled,
  description: created.description,
  createdAt: created.createdAt,
  updatedAt: created.updatedAt,
});

const inOrder = <T extends string>(order: readonly T[], chosen: readonly T[]): T[] => order.filter((item) => chosen.includes(item));
const sameSet = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((item) => b.includes(item));

/** What the change form changes: only the fields that differ from the webhook as it is. */
function changeOf(hook: WebhookView, draft: Draft): WebhookChangeRequest {
  const change: WebhookChangeRequest = {};
  const url = draft.url.trim();
  const description = draft.description.trim();
  if (url !== hook.url) change.url = url;
  if (description !== (hook.description ?? '')) change.description = description || null;
  if (!sameSet(draft.events, hook.events)) change.events = inOrder(KINDS, draft.events);
  if (!sameSet(draft.recipients, hook.recipients)) change.recipients = inOrder(RECIPIENTS, draft.recipients);
  return change;
}

// — words —

const recipientLabel = (recipient: WebhookRecipient | string): string =>
  wordFor<WebhookRecipient>(recipient, { phone: msg('Complainants by text message'), email: msg('Complainants by email'), staff: msg('Staff') });

const recipientHint = (recipient: WebhookRecipient): string =>
  ({
    phone: msg('Those who gave a phone number: the message carries the number, for an SMS gateway to send.'),
    email: msg('Those who gave an email address: the message carries neither the address nor the link.'),
    staff: msg('Members of staff, e.g. for a relay into a WeChat Work or DingTalk group.'),
  })[recipient];

/** A delivery's message in words: its kind, or a member's daily digest. */
const attemptType = (type: string): string => (type === 'digest' ? msg('Daily digest') : messageKindLabel(type));

/** How long an attempt took: "312 ms", "1.2 s", in the member's language. */
function formatTook(ms: number): string {
  const locale = currentLocale();
  return ms < 1000
    ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short' }).format(ms)
    : new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }).format(ms / 1000);
}

const notAnAddress = (): string => msg('Not an address. A webhook’s URL looks like https://sms-gateway.example.org/complaints');
const httpOnlyHere = (): string => msg('http:// is accepted only for this machine (localhost, 127.0.0.1, [::1]). Use https://.');
const httpsOnly = (): string => msg('Only https:// addresses are accepted.');

/** This machine, as the server tells it: `localhost`, 127.0.0.0/8 and ::1. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/** What is wrong with a URL that can be told without asking the server; '' when nothing is. */
function urlProblem(url: string): string {
  if (!url) return msg('Type the URL the messages are posted to.');
  if (url.length > URL_MAX) return msg(str`At most ${URL_MAX} characters.`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return notAnAddress();
  }
  if (parsed.protocol === 'https:') return '';
  if (parsed.protocol === 'http:') return isLoopback(parsed.hostname) ? '' : httpOnlyHere();
  return httpsOnly();
}

/** The checks that need no server, in the member's words. */
function check(draft: Draft): Errors {
  const errors: Errors = {};
  const url = urlProblem(draft.url.trim());
  if (url) errors.url = url;
  if (draft.description.trim().length > DESCRIPTION_MAX) errors.description = msg(str`At most ${DESCRIPTION_MAX} characters. Shorten the description.`);
  if (!draft.events.length) errors.events = msg('Tick at least one kind of message.');
  if (!draft.recipients.length) errors.recipients = msg('Tick at least one kind of recipient.');
  return errors;
}

/** The server's refusal of the URL (`invalid_webhook_url`), by the reason's code. */
function urlRefusal(code: string): string | undefined {
  switch (code) {
    case 'not_a_url':
      return notAnAddress();
    case 'http_development_only':
      return msg('http:// to this machine is accepted only while the service itself runs there, for development. Use https://.');
    case 'http_elsewhere':
      return httpOnlyHere();
    case 'scheme_not_accepted':
      return httpsOnly();
    default:
      return undefined;
  }
}

/** A server's refusal at a field, in the member's words where the code is known. */
function issueWords(field: Field | undefined, issue: ErrorIssue): string {
  const refusal = field === 'url' ? urlRefusal(issue.code) : undefined;
  if (refusal) return refusal;
  if (field === 'url' && issue.code === 'too_small') return msg('Type the URL the messages are posted to.');
  if (field === 'url' && issue.code === 'too_big') return msg(str`At most ${URL_MAX} characters.`);
  if (field === 'description' && issue.code === 'too_big') return msg(str`At most ${DESCRIPTION_MAX} characters. Shorten the description.`);
  if (field === 'events' && issue.code === 'too_small') return msg('Tick at least one kind of message.');
  if (field === 'events' && issue.code === 'invalid_value') return msg('A kind of message this service does not send. Reload the page and tick them again.');
  if (field === 'recipients' && issue.code === 'too_small') return msg('Tick at least one kind of recipient.');
  return fieldIssue(issue) ?? issue.message;
}

/**
 * What went wrong with a request about the webhooks, in words for the member: `typed` when a
 * form was sent (what was typed is kept), `list` when the list itself could not be loaded.
 */
function failureMessage(error: unknown, { typed = false, list = false } = {}): string {
  if (!(error instanceof StaffApiError)) return msg('Something went wrong. Try again.');
  const failure = error.failure;
  if (failure.kind === 'network') {
    return typed
      ? msg('The service cannot be reached. Check the connection and send again; what you typed is kept.')
      : msg('The service cannot be reached. Check the connection and try again.');
  }
  if (failure.status === 401) {
    return typed
      ? msg('Your session has ended. Sign in again in another tab, then send again: what you typed is kept until you leave the page.')
      : msg('Your session has ended. Sign in again in another tab, then try again.');
  }
  if (failure.status === 403) return msg('Your roles on this site do not allow managing its webhooks.');
  if (failure.status === 404) {
    return list
      ? msg('This site is not there any more, or not for your roles. Reload the page.')
      : msg('This webhook is no longer on the site: someone removed it. Reload the list to see the webhooks as they are.');
  }
  if (failure.status === 429) return msg('Too many requests. Wait a moment and try again.');
  if (failure.status >= 500) return msg('The service had a problem. Try again in a moment.');
  return failure.message || msg('The service refused this.');
}

/** A refused form: the 422's issues at their fields, anything else on the line above the buttons. */
function refusal(error: unknown): Errors {
  const failure = error instanceof StaffApiError ? error.failure : null;
  if (failure?.kind !== 'http' || failure.status !== 422 || !failure.issues.length) return { form: failureMessage(error, { typed: true }) };
  const errors: Errors = {};
  const elsewhere: string[] = [];
  for (const issue of failure.issues) {
    const field = FIELDS.find((f) => f === issue.path[0]);
    if (field) errors[field] ??= issueWords(field, issue);
    else elsewhere.push(issueWords(undefined, issue));
  }
  if (elsewhere.length) errors.form = elsewhere.join(' ');
  return errors;
}

const isGone = (error: unknown): boolean => error instanceof StaffApiError && error.status === 404;

/**
 * The site's webhooks: where the service posts its messages for other systems to deliver — an
 * SMS gateway that sends complainants their text messages, a relay into a WeChat Work or
 * DingTalk group for staff. Each with its URL, the kinds of message and the recipients it takes
 * and whether it is on; turn one off and on, change it, remove it with its log, read its delivery
 * log; add one — its signing secret is shown only then.
 */
export class SettingsWebhooks extends LitElement {
  static override styles = [
    portalStyles,
    settingsStyles,
    css`
      .webhooks {
        display: grid;
        gap: 1em;
        margin-block-end: 1.5em;
      }
      .webhook.off {
        background: var(--_background);
      }
      .webhook:focus {
        outline: 3px solid var(--_accent);
        outline-offset: 2px;
      }
      .no-description {
        font-style: italic;
        font-weight: 400;
        color: var(--_muted);
      }
      .hook-url {
        margin-block: 0.25em 0;
        overflow-wrap: anywhere;
      }
      .facts dd {
        overflow-wrap: anywhere;
      }
      .webhook-edit {
        border-block-start: 1px dashed var(--_border);
        padding-block-start: 0.75em;
        margin-block-start: 0.5em;
      }
      .kind-groups {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
        gap: 0 1em;
      }
      fieldset.group {
        border-style: dashed;
        margin-block-end: 0.75em;
      }
      fieldset.group legend {
        font-weight: 600;
      }
      fieldset.group .choices {
        grid-template-columns: minmax(0, 1fr);
      }
      .check.all label {
        font-weight: 600;
      }
      .log {
        border-block-start: 1px solid var(--_border);
        margin-block-start: 0.75em;
        padding-block-start: 0.75em;
      }
      .log h4 {
        font-size: 1rem;
        margin: 0;
      }
      .log .hint {
        margin-block: 0.25em 0.5em;
      }
      .attempts {
        display: grid;
      }
      .attempt {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 0.75em;
        align-items: baseline;
        padding-block: 0.4em;
        border-block-end: 1px solid var(--_border);
      }
      .attempt:last-child {
        border-block-end: none;
      }
      .attempt .message-id {
        color: var(--_muted);
        overflow-wrap: anywhere;
      }
      .attempt-error {
        flex-basis: 100%;
        margin: 0;
        color: var(--_late);
        overflow-wrap: anywhere;
      }
      .add-webhook {
        border-block-start: 1px solid var(--_border);
        padding-block-start: 1em;
      }
      .add-webhook > h3:focus {
        outline: none;
      }
    `,
  ];

  static override properties = {
    portal: { attribute: false },
    _draft: { state: true },
    _errors: { state: true },
    _creating: { state: true },
    _created: { state: true },
    _copied: { state: true },
    _notice: { state: true },
    _editing: { state: true },
    _rowBusy: { state: true },
    _rowErrors: { state: true },
    _logs: { state: true },
  };

  declare portal: PortalContext;
  declare _draft: Draft;
  declare _errors: Errors;
  declare _creating: boolean;
  /** the webhook just added, with its secret, shown until the member says they have it */
  declare _created: NewWebhook | undefined;
  declare _copied: string;
  declare _notice: string;
  /** the webhooks being changed, by id: what is typed in each change form */
  declare _editing: Record<string, { draft: Draft; errors: Errors }>;
  declare _rowBusy: Record<string, 'toggling' | 'saving' | 'removing'>;
  declare _rowErrors: Record<string, { message: string; gone: boolean }>;
  /** the delivery logs open, by webhook */
  declare _logs: Record<string, LogState>;

  readonly #loaded = new LoadedList<WebhookView>(this, (signal) => this.portal.api.webhooks(this.portal.site, signal), (error) => failureMessage(error, { list: true }));
  readonly #logRequests = new Map<string, AbortController>();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    // the settings screen hears when `dirty` turns
    new DirtyChange(this, () => this.dirty);
    this._draft = emptyDraft();
    this._errors = {};
    this._creating = false;
    this._copied = '';
    this._notice = '';
    this._editing = {};
    this._rowBusy = {};
    this._rowErrors = {};
    this._logs = {};
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const request of this.#logRequests.values()) request.abort();
    this.#logRequests.clear();
  }

  /** A webhook being added, or a change to one, typed and not yet sent. */
  get dirty(): boolean {
    const draft = this._draft;
    const adding = Boolean(draft.url.trim() || draft.description.trim() || draft.events.length || !sameSet(draft.recipients, RECIPIENTS) || !draft.enabled);
    return adding || Object.keys(this._editing).some((id) => this.#changeTyped(id));
  }

  /** Forgets what was typed (the member chose to leave without sending it). */
  discard(): void {
    this._draft = emptyDraft();
    this._errors = {};
    this._editing = {};
  }

  #changeTyped(id: string): boolean {
    const hook = this.#loaded.items.find((h) => h.id === id);
    const editing = this._editing[id];
    return Boolean(hook && editing && Object.keys(changeOf(hook, editing.draft)).length);
  }

  #when(iso: string): string {
    return formatDateTime(iso, this.portal.publicSite.timezone);
  }

  /** The webhook in words, for a dialog or a note: its description, or its URL. */
  #name(hook: WebhookView): string {
    return hook.description ? msg(str`“${hook.description}”`) : hook.url;
  }

  #byId<E extends HTMLElement = HTMLElement>(id: string): E | null {
    return this.renderRoot.querySelector<E>(`[id="${CSS.escape(id)}"]`);
  }

  #row(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-webhook="${CSS.escape(id)}"]`);
  }

  /** Takes the member to the first thing to fix on a form (`prefix`: `new`, or `edit-{id}`). */
  async #focusProblem(prefix: string, errors: Errors): Promise<void> {
    await this.updateComplete;
    const target = errors.url
      ? this.#byId(`${prefix}-url`)
      : errors.description
        ? this.#byId(`${prefix}-description`)
        : errors.events
          ? this.#byId(`${prefix}-kind-${KINDS[0]}`)
          : errors.recipients
            ? this.#byId(`${prefix}-recipient-${RECIPIENTS[0]}`)
            : errors.form
              ? this.#byId(`${prefix}--form-error`)
              : null;
    target?.focus();
  }

  // — adding —

  /** Changes the form to add a webhook, from the draft as it is now (several ticks may come before it is drawn again). */
  #update(change: Change): void {
    const patch = typeof change === 'function' ? change(this._draft) : change;
    this._draft = { ...this._draft, ...patch };
    this._errors = withoutErrors(this._errors, patch);
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._creating) return;
    const draft = this._draft;
    const errors = check(draft);
    this._errors = errors;
    this._notice = '';
    if (Object.keys(errors).length) {
      void this.#focusProblem('new', errors);
      return;
    }
    this._copied = '';
    this._created = undefined;
    this._creating = true;
    const description = draft.description.trim();
    const body: NewWebhookRequest = {
      url: draft.url.trim(),
      events: inOrder(KINDS, draft.events),
      recipients: inOrder(RECIPIENTS, draft.recipients),
      enabled: draft.enabled,
      ...(description ? { description } : {}),
    };
    try {
      const created = await this.portal.api.createWebhook(this.portal.site, body);
      // the list keeps what every member may see again: never the secret
      this.#loaded.replace(viewOf(created));
      this._created = created;
      // what was typed while the request was on its way is another webhook, still to be added
      if (this._draft === draft) this._draft = emptyDraft();
      this._creating = false;
      await this.updateComplete;
      const box = this.renderRoot.querySelector<HTMLElement>('.new-webhook');
      box?.scrollIntoView({ block: 'center' });
      box?.focus();
      return;
    } catch (error) {
      this._errors = refusal(error);
    }
    this._creating = false;
    void this.#focusProblem('new', this._errors);
  }

  async #copy(secret: string): Promise<void> {
    const how = await copyOrSelect(secret, this.renderRoot.querySelector('.new-webhook .password'));
    this._copied = how === 'copied' ? msg('The secret is copied. Paste it into the receiver’s settings.') : msg('Press Ctrl+C (⌘C on a Mac) to copy the selected secret.');
  }

  async #done(): Promise<void> {
    const id = this._created?.id ?? '';
    getSelection()?.removeAllRanges();
    this._created = undefined;
    this._copied = '';
    await this.updateComplete;
    // the webhook stays in the list, without its secret
    this.#row(id)?.focus();
  }

  // — changing —

  async #startEditing(hook: WebhookView): Promise<void> {
    this._editing = { ...this._editing, [hook.id]: { draft: draftOf(hook), errors: {} } };
    this._rowErrors = without(this._rowErrors, hook.id);
    await this.updateComplete;
    this.#byId(`edit-${hook.id}-url`)?.focus();
  }

  async #stopEditing(id: string): Promise<void> {
    this._editing = without(this._editing, id);
    await this.updateComplete;
    this.#row(id)?.querySelector<HTMLElement>('.edit')?.focus();
  }

  #updateEdit(id: string, change: Change): void {
    const editing = this._editing[id];
    if (!editing) return;
    const patch = typeof change === 'function' ? change(editing.draft) : change;
    this._editing = { ...this._editing, [id]: { draft: { ...editing.draft, ...patch }, errors: withoutErrors(editing.errors, patch) } };
  }

  /** Sends only what changed; nothing at all when nothing did. */
  async #saveEdit(event: SubmitEvent, hook: WebhookView): Promise<void> {
    event.preventDefault();
    const editing = this._editing[hook.id];
    if (!editing || this._rowBusy[hook.id]) return;
    const prefix = `edit-${hook.id}`;
    const errors = check(editing.draft);
    this._notice = '';
    if (Object.keys(errors).length) {
      this._editing = { ...this._editing, [hook.id]: { ...editing, errors } };
      void this.#focusProblem(prefix, errors);
      return;
    }
    const change = changeOf(hook, editing.draft);
    if (!Object.keys(change).length) {
      this._notice = msg(str`Nothing was changed in the webhook ${this.#name(hook)}.`);
      await this.#stopEditing(hook.id);
      return;
    }
    this._rowBusy = { ...this._rowBusy, [hook.id]: 'saving' };
    this._rowErrors = without(this._rowErrors, hook.id);
    let refused: Errors | undefined;
    try {
      const changed = await this.portal.api.changeWebhook(this.portal.site, hook.id, change);
      this.#loaded.replace(changed);
      this._notice = msg(str`The webhook ${this.#name(changed)} is changed.`);
    } catch (error) {
      if (isGone(error)) {
        // nothing to fix in the form: the message, with a way to reload, is the webhook's own
        this._rowErrors = { ...this._rowErrors, [hook.id]: { message: failureMessage(error), gone: true } };
        refused = {};
      } else refused = refusal(error);
    } finally {
      this._rowBusy = without(this._rowBusy, hook.id);
    }
    if (!refused) {
      // what was typed while the change was on its way stays in the form, still to be saved
      if (this._editing[hook.id]?.draft === editing.draft) await this.#stopEditing(hook.id);
      return;
    }
    // what was typed stays in the form, with the messages at their fields
    const current = this._editing[hook.id];
    if (current) this._editing = { ...this._editing, [hook.id]: { ...current, errors: refused } };
    if (Object.keys(refused).length) void this.#focusProblem(prefix, refused);
    else {
      await this.updateComplete;
      this.#row(hook.id)?.querySelector<HTMLElement>('.row-error')?.focus();
    }
  }

  async #toggle(hook: WebhookView): Promise<void> {
    if (this._rowBusy[hook.id]) return;
    this._rowBusy = { ...this._rowBusy, [hook.id]: 'toggling' };
    this._rowErrors = without(this._rowErrors, hook.id);
    this._notice = '';
    try {
      const changed = await this.portal.api.changeWebhook(this.portal.site, hook.id, { enabled: !hook.enabled });
      this.#loaded.replace(changed);
      this._notice = changed.enabled
        ? msg(str`The webhook ${this.#name(changed)} is on: messages are posted to it again.`)
        : msg(str`The webhook ${this.#name(changed)} is off: nothing is posted to it until it is turned on again.`);
    } catch (error) {
      this._rowErrors = { ...this._rowErrors, [hook.id]: { message: failureMessage(error), gone: isGone(error) } };
    } finally {
      this._rowBusy = without(this._rowBusy, hook.id);
    }
    await this.updateComplete;
    // the button was disabled while the change was on its way: it takes the focus back
    this.#row(hook.id)?.querySelector<HTMLElement>('.toggle')?.focus();
  }

  // — removing —

  async #remove(hook: WebhookView): Promise<void> {
    const dialog = this.renderRoot.querySelector<SettingsConfirm>('settings-confirm')!;
    const sure = await dialog.ask({
      title: msg('Remove this webhook?'),
      body: msg(
        str`Nothing more is posted to ${hook.url}, and its delivery log is removed with it. Text messages to complainants wait until another webhook takes them. This cannot be undone: to post there again, add the webhook again, with a new secret.`,
      ),
      confirm: msg('Remove the webhook and its log'),
      danger: true,
    });
    if (!sure) return;
    this._rowBusy = { ...this._rowBusy, [hook.id]: 'removing' };
    this._rowErrors = without(this._rowErrors, hook.id);
    this._notice = '';
    const hooks = this.#loaded.items;
    const at = hooks.findIndex((h) => h.id === hook.id);
    const next = hooks[at + 1] ?? hooks[at - 1];
    let removed = false;
    try {
      await this.portal.api.removeWebhook(this.portal.site, hook.id);
      removed = true;
    } catch (error) {
      // removed meanwhile by someone else: it is gone all the same
      if (isGone(error)) removed = true;
      else this._rowErrors = { ...this._rowErrors, [hook.id]: { message: failureMessage(error), gone: false } };
    } finally {
      this._rowBusy = without(this._rowBusy, hook.id);
    }
    if (removed) {
      this.#loaded.remove(hook.id);
      this.#logRequests.get(hook.id)?.abort();
      this.#logRequests.delete(hook.id);
      this._logs = without(this._logs, hook.id);
      this._editing = without(this._editing, hook.id);
      this._notice = msg(str`The webhook ${this.#name(hook)} is removed, with its delivery log.`);
    }
    await this.updateComplete;
    if (!removed) this.#row(hook.id)?.querySelector<HTMLElement>('.remove')?.focus();
    else (next ? this.#row(next.id) : this.renderRoot.querySelector<HTMLElement>('#add-webhook-title'))?.focus();
  }

  // — the delivery log —

  async #toggleLog(hook: WebhookView): Promise<void> {
    if (this._logs[hook.id]) {
      this.#logRequests.get(hook.id)?.abort();
      this.#logRequests.delete(hook.id);
      this._logs = without(this._logs, hook.id);
      return;
    }
    await this.#loadLog(hook.id);
  }

  async #loadLog(id: string): Promise<void> {
    this.#logRequests.get(id)?.abort();
    const request = new AbortController();
    this.#logRequests.set(id, request);
    const before = this._logs[id];
    const shown = before && 'attempts' in before ? before.attempts : undefined;
    this._logs = { ...this._logs, [id]: shown ? { kind: 'loading', attempts: shown } : { kind: 'loading' } };
    try {
      const attempts = await this.portal.api.webhookDeliveries(this.portal.site, id, request.signal);
      if (request.signal.aborted) return;
      this._logs = { ...this._logs, [id]: { kind: 'loaded', attempts } };
    } catch (error) {
      if ((error as Error).name === 'AbortError' || request.signal.aborted) return;
      const message = failureMessage(error);
      this._logs = { ...this._logs, [id]: shown ? { kind: 'failed', message, attempts: shown } : { kind: 'failed', message } };
    } finally {
      if (this.#logRequests.get(id) === request) this.#logRequests.delete(id);
    }
  }

  // — drawing —

  override render(): TemplateResult {
    return html`${this.#newWebhook()} ${this.#list()} ${this.#addForm()}
      <settings-confirm></settings-confirm>`;
  }

  #list(): TemplateResult {
    return this.#loaded.render(
      msg('Loading the webhooks…'),
      (hooks) =>
        html`<p role="status" class="notice">${this._notice}</p>
          ${hooks.length
            ? html`<ul class="plain-list webhooks" aria-label=${msg('The site’s webhooks')}>
                ${hooks.map((hook) => this.#hook(hook))}
              </ul>`
            : html`<p class="muted">${msg('The site has no webhooks yet. Messages to complainants by text message wait until one takes them.')}</p>`}`,
    );
  }

  #hook(hook: WebhookView): TemplateResult {
    const busy = this._rowBusy[hook.id];
    const error = this._rowErrors[hook.id];
    const editing = this._editing[hook.id];
    const log = this._logs[hook.id];
    const name = hook.description ?? hook.url;
    const toComplainants = inOrder<MessageKind>(TO_COMPLAINANTS, hook.events);
    const toStaff = inOrder<MessageKind>(TO_STAFF, hook.events);
    return html`<li class="webhook card ${hook.enabled ? '' : 'off'}" data-webhook=${hook.id} tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
      <div class="member-head">
        <h3 class="member-name ${hook.description ? '' : 'no-description'}">${hook.description ?? msg('no description')}</h3>
        <span class="tag ${hook.enabled ? 'ok' : ''}">${hook.enabled ? msg('On') : msg('Off')}</span>
      </div>
      <p class="hook-url"><code>${hook.url}</code></p>
      <dl class="facts">
        ${toComplainants.length
          ? html`<dt>${msg('To complainants')}</dt>
              <dd class="kinds-complainants">${formatList(toComplainants.map(messageKindLabel))}</dd>`
          : nothing}
        ${toStaff.length
          ? html`<dt>${msg('To staff')}</dt>
              <dd class="kinds-staff">${formatList(toStaff.map(messageKindLabel))}</dd>`
          : nothing}
        <dt>${msg('Recipients')}</dt>
        <dd class="recipients">${formatList(inOrder(RECIPIENTS, hook.recipients).map(recipientLabel))}</dd>
        <dt>${msg('Added')}</dt>
        <dd><time datetime=${hook.createdAt}>${this.#when(hook.createdAt)}</time></dd>
        ${hook.updatedAt !== hook.createdAt
          ? html`<dt>${msg('Changed')}</dt>
              <dd><time datetime=${hook.updatedAt}>${this.#when(hook.updatedAt)}</time></dd>`
          : nothing}
      </dl>
      ${editing ? this.#editForm(hook, editing, busy === 'saving') : nothing}
      ${error
        ? html`<div class="row-error" role="alert" tabindex="-1">
            <p class="field-error">${error.message}</p>
            ${error.gone ? html`<button type="button" class="secondary" @click=${() => void this.#loaded.load()}>${msg('Reload the list')}</button>` : nothing}
          </div>`
        : nothing}
      ${editing
        ? nothing
        : html`<div class="row">
            <button type="button" class="secondary toggle" ?disabled=${Boolean(busy)} @click=${() => void this.#toggle(hook)}>
              ${this.#toggleLabel(hook, busy === 'toggling')}<span class="visually-hidden"> (${name})</span>
            </button>
            <button type="button" class="secondary edit" ?disabled=${Boolean(busy)} @click=${() => void this.#startEditing(hook)}>
              ${msg('Edit')}<span class="visually-hidden"> (${name})</span>
            </button>
            <button
              type="button"
              class="secondary log-toggle"
              aria-expanded=${log ? 'true' : 'false'}
              aria-controls=${log ? `log-${hook.id}` : nothing}
              @click=${() => void this.#toggleLog(hook)}
            >
              ${msg('Delivery log')}<span class="visually-hidden"> (${name})</span>
            </button>
            <button type="button" class="secondary danger-text remove" ?disabled=${Boolean(busy)} @click=${() => void this.#remove(hook)}>
              ${busy === 'removing' ? msg('Removing…') : msg('Remove')}<span class="visually-hidden"> (${name})</span>
            </button>
          </div>`}
      ${log ? this.#log(hook, log) : nothing}
    </li>`;
  }

  #toggleLabel(hook: WebhookView, toggling: boolean): string {
    if (toggling) return hook.enabled ? msg('Turning off…') : msg('Turning on…');
    return hook.enabled ? msg('Turn off') : msg('Turn on');
  }

  #log(hook: WebhookView, log: LogState): TemplateResult {
    const attempts = 'attempts' in log ? log.attempts : undefined;
    const status =
      log.kind === 'loading'
        ? msg('Loading the delivery log…')
        : log.kind === 'loaded'
          ? log.attempts.length === 1
            ? msg('1 attempt.')
            : msg(str`${log.attempts.length} attempts.`)
          : '';
    return html`<section class="log" id="log-${hook.id}" aria-labelledby="log-${hook.id}-title" aria-busy=${log.kind === 'loading' ? 'true' : 'false'}>
      <div class="row">
        <h4 id="log-${hook.id}-title">${msg('Delivery log')}</h4>
        <button type="button" class="secondary refresh" @click=${() => void this.#loadLog(hook.id)}>
          ${msg('Refresh')}<span class="visually-hidden"> (${msg('Delivery log')}, ${hook.description ?? hook.url})</span>
        </button>
        <span role="status" class="muted">${status}</span>
      </div>
      <p class="hint">${msg(str`The last ${LOG_LIMIT} attempts to post a message to it, newest first; each is kept 30 days.`)}</p>
      ${log.kind === 'failed' ? html`<p class="field-error" role="alert">${log.message}</p>` : nothing}
      ${!attempts
        ? nothing
        : attempts.length
          ? html`<ol class="plain-list attempts">
              ${attempts.map((attempt) => this.#attempt(attempt))}
            </ol>`
          : html`<p class="muted">${msg('Nothing has been posted to it in the last 30 days.')}</p>`}
    </section>`;
  }

  #attempt(attempt: WebhookAttemptView): TemplateResult {
    return html`<li class="attempt ${attempt.ok ? 'ok' : 'failed'}">
      <span class="tag ${attempt.ok ? 'ok' : 'problem'}">${attempt.ok ? msg('Delivered') : msg('Failed')}</span>
      <time datetime=${attempt.attemptedAt}>${this.#when(attempt.attemptedAt)}</time>
      <span class="type">${attemptType(attempt.type)}</span>
      <span class="answer">${attempt.statusCode === null ? msg('No answer') : msg(str`Answered ${attempt.statusCode}`)}</span>
      <span class="took">${msg(str`took ${formatTook(attempt.durationMs)}`)}</span>
      <span class="message-id">${msg('Message id')} <code>${attempt.messageId}</code></span>
      ${attempt.error ? html`<p class="attempt-error">${msg(str`Error: ${attempt.error}`)}</p>` : nothing}
    </li>`;
  }

  #newWebhook(): TemplateResult | typeof nothing {
    const created = this._created;
    if (!created) return nothing;
    return html`<section class="handover once new-webhook" tabindex="-1" aria-labelledby="new-webhook-title" aria-describedby="new-webhook-warning">
      <h3 id="new-webhook-title">
        ${created.description ? msg(str`The signing secret of the new webhook “${created.description}”`) : msg('The signing secret of the new webhook')}
      </h3>
      <p class="hook-url"><code>${created.url}</code></p>
      <p class="warning" id="new-webhook-warning">
        <strong>${msg('Copy it now: it is shown only this once.')}</strong>
        ${msg('Put it in the receiver’s settings. It cannot be shown again; if it is lost, remove the webhook and add it again.')}
      </p>
      <p><code class="password" aria-label=${msg('The signing secret')}>${created.secret}</code></p>
      <p class="hint usage">
        ${msg(
          html`The receiver checks each request with it, as
            <a href="https://www.standardwebhooks.com/" target="_blank" rel="noopener noreferrer">Standard Webhooks</a> describes: <code>webhook-signature</code>
            signs the <code>webhook-id</code>, the <code>webhook-timestamp</code> and the body.`,
        )}
      </p>
      <div class="row">
        <button type="button" class="secondary" @click=${() => void this.#copy(created.secret)}>${msg('Copy the secret')}</button>
        <button type="button" class="secondary" @click=${() => void this.#done()}>${msg('Done: hide the secret')}</button>
        <span role="status" class="muted">${this._copied}</span>
      </div>
    </section>`;
  }

  #editForm(hook: WebhookView, editing: { draft: Draft; errors: Errors }, saving: boolean): TemplateResult {
    const prefix = `edit-${hook.id}`;
    return html`<form
      class="webhook-edit"
      novalidate
      aria-label=${msg(str`Change the webhook ${this.#name(hook)}`)}
      aria-busy=${saving ? 'true' : 'false'}
      @submit=${(event: SubmitEvent) => void this.#saveEdit(event, hook)}
    >
      ${this.#fields(prefix, editing.draft, editing.errors, (patch) => this.#updateEdit(hook.id, patch))}
      ${editing.errors.form ? html`<p class="field-error" id="${prefix}--form-error" role="alert" tabindex="-1">${editing.errors.form}</p>` : nothing}
      <div class="row">
        <button type="submit" ?disabled=${saving}>${saving ? msg('Saving…') : msg('Save')}</button>
        <button type="button" class="secondary" ?disabled=${saving} @click=${() => void this.#stopEditing(hook.id)}>${msg('Cancel')}</button>
        <span role="status" class="muted">${saving ? msg('Saving the change…') : ''}</span>
      </div>
    </form>`;
  }

  #addForm(): TemplateResult {
    const creating = this._creating;
    const draft = this._draft;
    const errors = this._errors;
    return html`<form
      class="block add-webhook"
      novalidate
      aria-labelledby="add-webhook-title"
      aria-busy=${creating ? 'true' : 'false'}
      @submit=${(event: SubmitEvent) => void this.#create(event)}
    >
      <h3 id="add-webhook-title" tabindex="-1">${msg('Add a webhook')}</h3>
      <p class="hint">
        ${msg('Each message of the kinds ticked is posted to the URL as JSON, signed with a secret that is shown once, when the webhook is added.')}
      </p>
      ${this.#fields('new', draft, errors, (patch) => this.#update(patch))}
      <div class="check">
        <input
          type="checkbox"
          id="new-enabled"
          .checked=${draft.enabled}
          aria-describedby="new-enabled--hint"
          @change=${(event: Event) => this.#update({ enabled: (event.target as HTMLInputElement).checked })}
        />
        <label for="new-enabled">${msg('Turn it on at once')}</label>
        <p class="hint" id="new-enabled--hint">${msg('Untick to set it up now and turn it on when the receiver is ready.')}</p>
      </div>
      ${errors.form ? html`<p class="field-error" id="new--form-error" role="alert" tabindex="-1">${errors.form}</p>` : nothing}
      <div class="row">
        <button type="submit" ?disabled=${creating}>${creating ? msg('Adding…') : msg('Add the webhook')}</button>
        <span role="status" class="muted">${creating ? msg('Adding the webhook…') : ''}</span>
      </div>
    </form>`;
  }

  /** The fields of a webhook (its URL, description, kinds and recipients), as ids under `prefix`. */
  #fields(prefix: string, draft: Draft, errors: Errors, set: (change: Change) => void): TemplateResult {
    const text = (field: 'url' | 'description', label: string, hint: string, type: string) => {
      const error = errors[field];
      const id = `${prefix}-${field}`;
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <p class="hint" id="${id}--hint">${hint}</p>
        <input
          id=${id}
          type=${type}
          autocomplete="off"
          spellcheck=${field === 'url' ? 'false' : nothing}
          .value=${draft[field]}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby="${id}--hint${error ? ` ${id}--error` : ''}"
          @input=${(event: Event) => set({ [field]: (event.target as HTMLInputElement).value })}
        />
        ${error ? html`<p class="field-error" id="${id}--error">${error}</p>` : nothing}
      </div>`;
    };
    return html`${text(
        'url',
        msg('URL'),
        msg('Where the messages are posted, e.g. https://sms-gateway.example.org/complaints. Only https:// (http:// only to this machine, for development).'),
        'url',
      )}
      ${text('description', msg('Description (optional)'), msg(str`What it is, e.g. “SMS gateway”. At most ${DESCRIPTION_MAX} characters.`), 'text')}
      ${this.#kinds(prefix, draft.events, errors.events ?? '', (next) => set((current) => ({ events: next(current.events) })))}
      ${this.#recipients(prefix, draft.recipients, errors.recipients ?? '', (next) => set((current) => ({ recipients: next(current.recipients) })))}`;
  }

  #kinds(prefix: string, chosen: readonly MessageKind[], error: string, set: (next: (current: readonly MessageKind[]) => MessageKind[]) => void): TemplateResult {
    const group = (key: 'complainants' | 'staff', legend: string, all: string, kinds: readonly MessageKind[]) => {
      const count = kinds.filter((kind) => chosen.includes(kind)).length;
      return html`<fieldset class="group">
        <legend>${legend}</legend>
        <div class="check all">
          <input
            type="checkbox"
            id="${prefix}-all-${key}"
            .checked=${count === kinds.length}
            .indeterminate=${count > 0 && count < kinds.length}
            @change=${(event: Event) => {
              const on = (event.target as HTMLInputElement).checked;
              set((current) => KINDS.filter((kind) => (kinds.includes(kind) ? on : current.includes(kind))));
            }}
          />
          <label for="${prefix}-all-${key}">${all}</label>
        </div>
        <div class="choices">
          ${kinds.map(
            (kind) => html`<div class="check">
              <input
                type="checkbox"
                id="${prefix}-kind-${kind}"
                .checked=${chosen.includes(kind)}
                @change=${(event: Event) => {
                  const on = (event.target as HTMLInputElement).checked;
                  set((current) => KINDS.filter((k) => (k === kind ? on : current.includes(k))));
                }}
              />
              <label for="${prefix}-kind-${kind}">${messageKindLabel(kind)}</label>
            </div>`,
          )}
        </div>
      </fieldset>`;
    };
    return html`<fieldset class="block kinds" aria-describedby="${prefix}-events--hint${error ? ` ${prefix}-events--error` : ''}">
      <legend>${msg('Messages it takes')}</legend>
      <p class="hint" id="${prefix}-events--hint">${msg('Only messages of the kinds ticked are posted to it.')}</p>
      <div class="kind-groups">
        ${group('complainants', msg('To complainants'), msg('All messages to complainants'), TO_COMPLAINANTS)}
        ${group('staff', msg('To staff'), msg('All messages to staff'), TO_STAFF)}
      </div>
      ${error ? html`<p class="field-error" id="${prefix}-events--error">${error}</p>` : nothing}
    </fieldset>`;
  }

  #recipients(
    prefix: string,
    chosen: readonly WebhookRecipient[],
    error: string,
    set: (next: (current: readonly WebhookRecipient[]) => WebhookRecipient[]) => void,
  ): TemplateResult {
    return html`<fieldset class="block recipients" aria-describedby="${prefix}-recipients--hint${error ? ` ${prefix}-recipients--error` : ''}">
      <legend>${msg('Recipients')}</legend>
      <p class="hint" id="${prefix}-recipients--hint">${msg('Only messages for these are posted to it.')}</p>
      <div class="choices">
        ${RECIPIENTS.map(
          (recipient) => html`<div class="check">
            <input
              type="checkbox"
              id="${prefix}-recipient-${recipient}"
              .checked=${chosen.includes(recipient)}
              aria-describedby="${prefix}-recipient-${recipient}--hint"
              @change=${(event: Event) => {
                const on = (event.target as HTMLInputElement).checked;
                set((current) => RECIPIENTS.filter((r) => (r === recipient ? on : current.includes(r))));
              }}
            />
            <label for="${prefix}-recipient-${recipient}">${recipientLabel(recipient)}</label>
            <p class="hint" id="${prefix}-recipient-${recipient}--hint">${recipientHint(recipient)}</p>
          </div>`,
        )}
      </div>
      ${error ? html`<p class="field-error" id="${prefix}-recipients--error">${error}</p>` : nothing}
    </fieldset>`;
  }
}

/** A record without one key. */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const rest = { ...record };
  delete rest[key];
  return rest;
}

/** The messages left once the fields in `patch` are typed again. */
function withoutErrors(errors: Errors, patch: Partial<Draft>): Errors {
  const rest = { ...errors };
  for (const key of Object.keys(patch)) delete rest[key as Field];
  return rest;
}

define('settings-webhooks', SettingsWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    'settings-webhooks': SettingsWebhooks;
  }
}
