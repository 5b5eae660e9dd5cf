import { LitElement, type PropertyValues, type TemplateResult, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { type PortalContext, can } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { formatDateTime, localized } from '../shared/locale.ts';
import { type AuditEntry, StaffApiError, type VerifyResult } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';
import { auditStyles } from './audit/audit.styles.ts';
import { SITE_ACTIONS, actionName, actorName, detailLines, kindName, kindOf } from './audit/entries.ts';
import { recordCheckResult } from './audit/record-check.ts';

type Check = { kind: 'idle' } | { kind: 'running'; started: number } | { kind: 'done'; result: VerifyResult; at: string } | { kind: 'failed'; message: string };
type Log = { kind: 'loading' } | { kind: 'ready' } | { kind: 'more' } | { kind: 'failed'; message: string };

/** Entries asked for at a time. */
const PAGE = 50;
/** A complaint's reference as residents and staff quote it. */
const REFERENCE = /^[0-9A-Z]{4}-[0-9A-Z]{4}$/i;

/**
 * The audit screen: a check that the record is whole (every complaint's hash chain, and the read
 * model against the events) for those who verify, and the site's audit log — configuration
 * changes, staff changes and every reveal of a complainant's identity — newest first, for those
 * who read it.
 */
export class PortalAudit extends LitElement {
  static override styles = [portalStyles, auditStyles];
  static override properties = {
    portal: { attribute: false },
    _check: { state: true },
    _elapsed: { state: true },
    _entries: { state: true },
    _log: { state: true },
    _complete: { state: true },
    _action: { state: true },
    _target: { state: true },
    _filterError: { state: true },
    _departments: { state: true },
    _narrow: { state: true },
  };

  declare portal: PortalContext;
  declare _check: Check;
  declare _elapsed: number;
  declare _entries: AuditEntry[];
  declare _log: Log;
  /** the oldest entry has been shown */
  declare _complete: boolean;
  declare _action: string;
  /** the target filter as the member typed it, and the id it stands for */
  declare _target: { text: string; id: string } | null;
  declare _filterError: string;
  declare _departments: ReadonlyMap<string, string>;
  declare _narrow: boolean;

  #request: AbortController | undefined;
  /** the site whose log is shown */
  #site: string | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #resize = new ResizeObserver((entries) => {
    const width = entries[0]?.contentRect.width ?? 0;
    if (width) this._narrow = width < 640;
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._check = { kind: 'idle' };
    this._elapsed = 0;
    this._entries = [];
    this._log = { kind: 'loading' };
    this._complete = false;
    this._action = '';
    this._target = null;
    this._filterError = '';
    this._departments = new Map();
    this._narrow = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.#request?.abort();
    clearInterval(this.#timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // the portal hands a new context at each of its renders (a language switch): only another site asks again
    if (!changed.has('portal') || !this.portal || this.portal.site === this.#site) return;
    this.#site = this.portal.site;
    if (can(this.portal, 'read-audit')) {
      void this.#loadLog();
      void this.#loadDepartments();
    }
  }

  /** Department names for the staff entries: from the directory, or the configuration for an administrator. */
  async #loadDepartments(): Promise<void> {
    const { api, site } = this.portal;
    try {
      const departments = can(this.portal, 'read-queue') ? (await api.directory(site)).departments : can(this.portal, 'configure') ? (await api.config(site)).policy.departments : [];
      this._departments = new Map(departments.map((d) => [d.code, localized(d.name)]));
    } catch {
      // the codes stand in for the names
    }
  }

  async #verify(): Promise<void> {
    const started = Date.now();
    this._check = { kind: 'running', started };
    this._elapsed = 0;
    this.#timer = setInterval(() => (this._elapsed = Math.floor((Date.now() - started) / 1000)), 1000);
    try {
      const result = await this.portal.api.verify(this.portal.site);
      this._check = { kind: 'done', result, at: formatDateTime(new Date().toISOString(), this.portal.publicSite.timezone) };
    } catch (error) {
      this._check = { kind: 'failed', message: failureText(error, msg('Your roles on this site do not include verifying the record.')) };
    } finally {
      clearInterval(this.#timer);
    }
  }

  /** The newest page for the filter, or (`older`) the page after the last entry shown. */
  async #loadLog(older = false): Promise<void> {
    this.#request?.abort();
    const request = (this.#request = new AbortController());
    const before = older ? this._entries.at(-1)?.id : undefined;
    this._log = { kind: older ? 'more' : 'loading' };
    if (!older) this._complete = false;
    try {
      const page = await this.portal.api.audit(
        this.portal.site,
        { limit: PAGE, ...(before ? { before } : {}), ...(this._action ? { action: this._action } : {}), ...(this._target ? { target: this._target.id } : {}) },
        request.signal,
      );
      this._entries = older ? [...this._entries, ...page] : page;
      this._complete = page.length < PAGE;
      this._log = { kind: 'ready' };
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this._log = { kind: 'failed', message: failureText(error, msg('Your roles on this site do not include reading the audit log.')) };
    }
  }

  async #filter(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this._action = (form.elements.namedItem('action') as HTMLSelectElement).value;
    const text = (form.elements.namedItem('target') as HTMLInputElement).value.trim();
    this._filterError = '';
    if (!text) this._target = null;
    else if (REFERENCE.test(text) && can(this.portal, 'read-queue')) {
      try {
        const complaint = await this.portal.api.byReference(this.portal.site, text.toUpperCase());
        this._target = { text, id: complaint.id };
      } catch (error) {
        this._filterError =
          error instanceof StaffApiError && error.status === 404
            ? msg(str`No complaint on this site has the reference ${text}.`)
            : failureText(error, msg('Your roles on this site do not include looking up complaints.'));
        return;
      }
    } else this._target = { text, id: text };
    void this.#loadLog();
  }

  #only(entry: AuditEntry): void {
    if (!entry.target) return;
    this._target = { text: this.#targetText(entry), id: entry.target };
    this._filterError = '';
    void this.#loadLog();
  }

  #clear(): void {
    this._action = '';
    this._target = null;
    this._filterError = '';
    void this.#loadLog();
  }

  override render(): TemplateResult {
    return html`<div class="audit ${this._narrow ? 'narrow' : ''}">
      <h1>${msg('Audit')}</h1>
      ${can(this.portal, 'verify') ? this.#checkPanel() : nothing} ${can(this.portal, 'read-audit') ? this.#logPanel() : nothing}
    </div>`;
  }

  #checkPanel(): TemplateResult {
    const check = this._check;
    return html`<section class="panel" aria-labelledby="check-title">
      <h2 id="check-title">${msg('Check the record')}</h2>
      <p class="intro">
        ${msg('Each complaint’s events are chained by their hashes, so that no event can be altered, removed or slipped in unnoticed. The check reads every chain of this site and compares the read model the screens show with the events.')}
      </p>
      <button @click=${() => void this.#verify()} ?disabled=${check.kind === 'running'} aria-describedby="check-status">
        ${check.kind === 'running' ? msg('Verifying…') : msg('Verify the record')}
      </button>
      <div id="check-status" role="status" aria-live="polite">
        ${check.kind === 'running'
          ? html`<div class="running">
              <progress aria-label=${msg('Verifying the record')}></progress>
              <span>${msg('Reading every hash chain…')} ${this._elapsed ? msg(str`${this._elapsed} s`) : nothing}</span>
            </div>`
          : check.kind === 'done'
            ? recordCheckResult(check.result, check.at, (id) => (can(this.portal, 'read-queue') ? this.portal.href(`complaints/${encodeURIComponent(id)}`) : null))
            : check.kind === 'failed'
              ? html`<p class="error">${check.message}</p>`
              : nothing}
      </div>
    </section>`;
  }

  #logPanel(): TemplateResult {
    const log = this._log;
    const filtered = Boolean(this._action || this._target);
    return html`<section class="panel" aria-labelledby="log-title">
      <div class="log-head">
        <h2 id="log-title">${msg('Audit log')}</h2>
        <p class="muted">${msg('Newest first; times in the site’s time zone.')}</p>
      </div>
      <form class="filters" @submit=${(event: SubmitEvent) => void this.#filter(event)}>
        <div class="field">
          <label for="action">${msg('Action')}</label>
          <select id="action" name="action" .value=${this._action}>
            <option value="" ?selected=${!this._action}>${msg('All actions')}</option>
            ${SITE_ACTIONS.map((action) => html`<option value=${action} ?selected=${this._action === action}>${actionName(action)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="target">${msg('Complaint or member')}</label>
          <input id="target" name="target" .value=${this._target?.text ?? ''} aria-describedby="target-hint target-error" autocomplete="off" />
          <p class="hint" id="target-hint">${msg('A complaint’s reference, or an id from the log')}</p>
        </div>
        <button type="submit">${msg('Show')}</button>
        ${filtered ? html`<button type="button" class="secondary" @click=${() => this.#clear()}>${msg('Show everything')}</button>` : nothing}
        <p class="error" id="target-error" role="alert">${this._filterError}</p>
      </form>
      <p class="visually-hidden" role="status">
        ${log.kind === 'loading' || log.kind === 'more' ? msg('Loading the audit log…') : log.kind === 'ready' ? msg(str`${this._entries.length} entries shown.`) : nothing}
      </p>
      ${log.kind === 'failed' ? html`<p class="error" role="alert">${log.message}</p>` : nothing}
      ${log.kind === 'loading' ? html`<p class="muted">${msg('Loading the audit log…')}</p>` : this.#entries(filtered)}
    </section>`;
  }

  #entries(filtered: boolean): TemplateResult {
    if (!this._entries.length)
      return html`<p class="muted" data-testid="no-entries">${filtered ? msg('No entries match this filter.') : msg('Nothing has been recorded for this site yet.')}</p>`;
    const timeZone = this.portal.publicSite.timezone;
    return html`<ol class="log">
        ${this._entries.map((entry) => {
          const kind = kindOf(entry.action);
          const lines = detailLines(entry, (code) => this._departments.get(code) ?? code);
          return html`<li class="entry" data-action=${entry.action} data-id=${entry.id}>
            <time datetime=${entry.at}>${formatDateTime(entry.at, timeZone)}</time>
            <div>
              <p><span class="badge ${kind}">${kindName(kind)}</span><span class="action">${actionName(entry.action)}</span></p>
              <p>${msg(str`By ${actorName(entry)}`)}</p>
              ${entry.target ? html`<p>${this.#targetLine(entry)}</p>` : nothing}
              ${lines.map((line) => html`<p class="details">${line}</p>`)}
            </div>
            ${entry.target && this._target?.id !== entry.target
              ? html`<button type="button" class="secondary" @click=${() => this.#only(entry)}>
                  ${msg('Only this')}<span class="visually-hidden">: ${msg(str`entries about ${this.#targetText(entry)}`)}</span>
                </button>`
              : nothing}
          </li>`;
        })}
      </ol>
      <div class="more">
        ${this._complete
          ? html`<p class="muted">${filtered ? msg('That is every matching entry.') : msg('That is the whole log.')}</p>`
          : html`<button type="button" class="secondary" ?disabled=${this._log.kind === 'more'} @click=${() => void this.#loadLog(true)}>
              ${this._log.kind === 'more' ? msg('Loading…') : msg('Show older entries')}
            </button>`}
      </div>`;
  }

  /** What an entry's target is called: a complaint's reference, a member's name, the site's name. */
  #targetText(entry: AuditEntry): string {
    if (entry.action === 'identity-revealed' && typeof entry.details.reference === 'string') return entry.details.reference;
    if (entry.targetName) return entry.targetName;
    if (entry.target === this.portal.site) return localized(this.portal.publicSite.name);
    return entry.target ?? '';
  }

  #targetLine(entry: AuditEntry): TemplateResult {
    const text = this.#targetText(entry);
    if (entry.action === 'identity-revealed')
      return html`${msg('Complaint')}:
      ${can(this.portal, 'read-queue') ? html`<a href=${this.portal.href(`complaints/${encodeURIComponent(entry.target!)}`)}>${text}</a>` : text}`;
    if (kindOf(entry.action) === 'staff') return html`${msg('Member')}: ${text}`;
    if (entry.action === 'site-configured') return html`${msg('Site')}: ${text}`;
    return html`${msg('Target')}: ${text}`;
  }
}

/** What went wrong, in words a member of staff can act on; `forbidden` for a 403. */
function failureText(error: unknown, forbidden: string): string {
  const failure = error instanceof StaffApiError ? error.failure : null;
  if (!failure || failure.kind === 'network') return msg('The service cannot be reached. Check the connection and try again.');
  if (failure.status === 401) return msg('Your session has ended. Sign in again.');
  if (failure.status === 403) return forbidden;
  return msg(str`The service answered with an error (${failure.status}). Try again in a moment.`);
}

define('portal-audit', PortalAudit);

declare global {
  interface HTMLElementTagNameMap {
    'portal-audit': PortalAudit;
  }
}
