import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { StaffComplaint } from '../../api/contract/staff-api.ts';
import '../shared/clock.ts';
import { type PortalContext, can } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { type LiveState, SiteLive } from '../shared/live.ts';
import { channelLabel, contactLabel, placeFieldLabel, priorityLabel, ratingLabel, severityLabel, stageName, statusLabel } from '../shared/labels.ts';
import { formatDateTime, languageName, localized } from '../shared/locale.ts';
import { type Directory, StaffApiError } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';
import './complaint/actions.ts';
import { type DocumentKind, documentTitle, documentsFor, printDocument } from './complaint/documents.ts';
import { basisLabel, outcomeLabel } from './complaint/labels.ts';
import './complaint/photos.ts';
import { categoryName, departmentName, renderTimeline, timelineStyles } from './complaint/timeline.ts';

/** How often the complaint is read again while the live stream is down and the page is visible. */
export const REFRESH_MS = 15_000;

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; complaint: StaffComplaint };
type Identity = Record<string, string | undefined>;

/**
 * A complaint's whole file for staff: what it is about, who made it (masked, with a recorded
 * reveal for those whose duty needs it), its deadlines, photos, every step the member may take
 * now, the documents it has reached, and its record with public replies and internal notes apart.
 * It follows the complaint while open: when someone else changes it, it is drawn again.
 */
export class PortalComplaint extends LitElement {
  static override styles = [
    portalStyles,
    timelineStyles,
    css`
      .top {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em 1em;
        align-items: center;
        margin-block-end: 1em;
      }
      .top h1 {
        margin: 0;
      }
      .back {
        display: inline-flex;
        align-items: center;
        min-block-size: 44px;
      }
      .badge {
        display: inline-block;
        padding-block: 0.15em;
        padding-inline: 0.6em;
        border-radius: 999px;
        font-weight: 700;
        background: var(--_accent);
        color: var(--_accent-text);
      }
      .badge.vip {
        background: var(--_warn-bg);
        color: var(--_warn);
      }
      .badge.major {
        background: var(--_late-bg);
        color: var(--_late);
      }
      .layout {
        display: grid;
        gap: 1em;
        grid-template-columns: minmax(0, 1fr);
      }
      @media (min-width: 64em) {
        .layout {
          grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
          align-items: start;
        }
        .wide {
          grid-column: 1 / -1;
        }
      }
      .column {
        display: grid;
        gap: 1em;
      }
      section.panel h2 {
        margin-block-end: 0.6em;
      }
      dl.summary {
        margin: 0;
        display: grid;
        gap: 0.3em;
      }
      .summary > div {
        display: grid;
        grid-template-columns: minmax(8em, max-content) 1fr;
        gap: 0.75em;
      }
      .summary dt {
        color: var(--_muted);
      }
      .summary dd {
        margin: 0;
        font-weight: 600;
      }
      .description {
        white-space: pre-wrap;
        margin-block: 0 0.75em;
        font-size: 1.0625rem;
      }
      table {
        inline-size: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        padding-block: 0.4em;
        padding-inline: 0.5em;
        border-block-end: 1px solid var(--_border);
        vertical-align: middle;
      }
      th {
        color: var(--_muted);
        font-weight: 600;
      }
      .identity-note {
        margin-block: 0.5em 0;
      }
      .recorded {
        color: var(--_warn);
        background: var(--_warn-bg);
        padding: 0.5em;
        border-radius: var(--_radius);
      }
      .documents {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      iframe.print-frame {
        position: fixed;
        inset-block-start: 0;
        inset-inline-start: 0;
        inline-size: 0;
        block-size: 0;
        border: 0;
        visibility: hidden;
      }
      .notice {
        padding: 0.6em;
        border-radius: var(--_radius);
        background: var(--_warn-bg);
        color: var(--_warn);
      }
      .notice:empty {
        display: none;
      }
      .legend {
        font-size: 0.875rem;
      }
      .live-state {
        color: var(--_muted);
        font-size: 0.875rem;
        margin-inline-start: auto;
      }
      .live-state::before {
        content: '';
        display: inline-block;
        inline-size: 0.6em;
        block-size: 0.6em;
        border-radius: 50%;
        margin-inline-end: 0.4em;
        background: var(--_muted);
      }
      .live-state[data-state='live']::before {
        background: var(--_ok);
      }
    `,
  ];
  static override properties = {
    portal: { attribute: false },
    complaintId: { type: String },
    _load: { state: true },
    _directory: { state: true },
    _identity: { state: true },
    _revealing: { state: true },
    _revealError: { state: true },
    _notice: { state: true },
    _live: { state: true },
  };

  declare portal: PortalContext;
  declare complaintId: string;
  declare _load: Load;
  declare _directory: Directory | undefined;
  declare _identity: Identity | null;
  declare _revealing: boolean;
  declare _revealError: string;
  declare _notice: string;
  declare _live: LiveState;

  #live: SiteLive | undefined;
  #request: AbortController | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.complaintId = '';
    this._load = { state: 'loading' };
    this._identity = null;
    this._revealing = false;
    this._revealError = '';
    this._notice = '';
    this._live = 'connecting';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // While the site's live stream is down the complaint is read again every REFRESH_MS (when
    // the page is visible), and at once when the page is shown again.
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible' && !this.#live?.connected) void this.refresh();
    }, REFRESH_MS);
    document.addEventListener('visibilitychange', this.#onVisible);
    if (this.portal) this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#timer = undefined;
    document.removeEventListener('visibilitychange', this.#onVisible);
    this.#request?.abort();
    this.#live?.stop();
    this.#live = undefined;
  }

  /** Follows the site's changes: another person's step on this complaint is drawn as it happens. */
  #follow(): void {
    if (this.#live || !this.isConnected) return;
    this.#live = new SiteLive(this.portal.api.liveUrl(this.portal.site), {
      onChange: (change) => {
        if (change.complaintId === this.complaintId && change.version !== this.complaint?.version) void this.refresh();
      },
      onState: (state) => {
        this._live = state;
      },
      // changes made while the stream was down were not heard
      onReady: (again) => {
        if (again) void this.refresh();
      },
    });
    this.#live.start();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('complaintId') || changed.has('portal')) && this.portal && this.complaintId) {
      const previous = changed.get('complaintId') as string | undefined;
      if (changed.has('complaintId') || this._load.state !== 'ready') {
        if (previous !== undefined && previous !== this.complaintId) this._identity = null;
        this._load = { state: 'loading' };
        void this.refresh();
      }
      if (!this._directory) void this.#loadDirectory();
      this.#follow();
    }
  }

  get complaint(): StaffComplaint | undefined {
    return this._load.state === 'ready' ? this._load.complaint : undefined;
  }

  /** Reads the complaint again; a newer version than the one shown is drawn, and said so. */
  async refresh(): Promise<void> {
    if (!this.portal || !this.complaintId) return;
    this.#request?.abort();
    const request = (this.#request = new AbortController());
    try {
      const complaint = await this.portal.api.complaint(this.portal.site, this.complaintId, request.signal);
      const shown = this.complaint;
      if (shown && complaint.version === shown.version) return;
      if (shown && complaint.version > shown.version) this._notice = msg(str`Updated: the complaint is now ${statusLabel(complaint.status)}.`);
      this._load = { state: 'ready', complaint };
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      // a complaint on screen stays there when a later read fails; the next one may succeed
      if (this.complaint) return;
      this._load = { state: 'failed', message: loadFailure(error) };
    }
  }

  async #loadDirectory(): Promise<void> {
    try {
      this._directory = await this.portal.api.directory(this.portal.site);
    } catch {
      // without it, departments show by code and the dispatch form offers the present department
    }
  }

  override render(): TemplateResult {
    const load = this._load;
    if (load.state === 'loading') return html`<p role="status">${msg('Loading the complaint…')}</p>`;
    if (load.state === 'failed')
      return html`<p><a class="back" href=${this.portal.href('')}>${msg('Back to the queue')}</a></p>
        <p class="error" role="alert">${load.message}</p>
        <button
          type="button"
          @click=${() => {
            this._load = { state: 'loading' };
            void this.refresh();
          }}
        >
          ${msg('Try again')}
        </button>`;
    const c = load.complaint;
    const scope = { portal: this.portal, directory: this._directory };
    return html`<div class="top">
        <a class="back" href=${this.portal.href('')}>${msg('Back to the queue')}</a>
        <h1>${msg(str`Complaint ${c.reference}`)}</h1>
        <span class="badge" data-testid="status">${statusLabel(c.status)}</span>
        ${c.vip ? html`<span class="badge vip">${msg('VIP')}</span>` : nothing}
        ${c.severity === 'major' ? html`<span class="badge major">${severityLabel(c.severity)}</span>` : nothing}
        <span class="live-state" data-state=${this._live}>${this._live === 'live' ? msg('Live: changes show as they happen') : msg('Checking for changes every 15 seconds')}</span>
      </div>
      <p class="notice" role="status">${this._notice}</p>
      <div class="layout">
        <div class="column">
          <section class="panel" aria-labelledby="about">
            <h2 id="about">${msg('What happened')}</h2>
            <p class="description" data-testid="description">${c.description}</p>
            ${this.#placeAndAnswers(c)}
          </section>
          <section class="panel" aria-labelledby="complainant">
            <h2 id="complainant">${msg('Complainant')}</h2>
            ${this.#complainant(c)}
          </section>
          <section class="panel" aria-labelledby="photos">
            <h2 id="photos">${msg('Photos')}</h2>
            <portal-photos .portal=${this.portal} .complaint=${c}></portal-photos>
          </section>
        </div>
        <div class="column">
          <section class="panel" aria-labelledby="facts">
            <h2 id="facts">${msg('Summary')}</h2>
            ${this.#summary(c, scope)}
          </section>
          <section class="panel" aria-labelledby="actions">
            <h2 id="actions">${msg('Next steps')}</h2>
            <portal-complaint-actions
              .portal=${this.portal}
              .complaint=${c}
              .directory=${this._directory}
              @complaint-updated=${this.#updated}
              @complaint-stale=${this.#stale}
            ></portal-complaint-actions>
          </section>
          <section class="panel" aria-labelledby="deadlines">
            <h2 id="deadlines">${msg('Deadlines')}</h2>
            ${this.#clocks(c)}
          </section>
          <section class="panel" aria-labelledby="documents">
            <h2 id="documents">${msg('Documents')}</h2>
            <div class="documents">
              ${documentsFor(c).map(
                (kind) =>
                  html`<button type="button" class="secondary" data-document=${kind} @click=${() => this.#print(kind)}>
                    ${msg(str`Print: ${documentTitle(kind)}`)}
                  </button>`,
              )}
            </div>
            <div class="print-frames"></div>
          </section>
        </div>
        <section class="panel wide" aria-labelledby="record">
          <h2 id="record">${msg('Record')}</h2>
          <p class="muted legend">${msg('Public lines are what the complainant also sees; internal ones are for staff only.')}</p>
          ${renderTimeline(c, scope)}
        </section>
      </div>`;
  }

  #placeAndAnswers(c: StaffComplaint): TemplateResult {
    const place = (Object.entries(c.place) as [string, string | undefined][]).filter(([, value]) => value);
    const category = this.portal.publicSite.categories.find((cat) => cat.code === c.category.code);
    const answers = Object.entries(c.answers);
    if (!place.length && !answers.length && !c.subject) return html``;
    return html`<dl class="summary">
      ${place.map(([field, value]) => html`<div><dt>${placeFieldLabel(field)}</dt><dd>${value}</dd></div>`)}
      ${c.subject ? html`<div><dt>${msg('Complained about')}</dt><dd>${c.subject}</dd></div>` : nothing}
      ${answers.map(([id, answer]) => {
        const question = category?.questions.find((q) => q.id === id);
        const option = question?.options?.find((o) => o.value === answer);
        return html`<div data-question=${id}>
          <dt>${question ? localized(question.label) : id}</dt>
          <dd>${option ? localized(option.label) : answer}</dd>
        </div>`;
      })}
    </dl>`;
  }

  #summary(c: StaffComplaint, scope: { portal: PortalContext; directory: Directory | undefined }): TemplateResult {
    const timeZone = this.portal.publicSite.timezone;
    const item = (label: string, value: string | TemplateResult | null | undefined, testid?: string) =>
      value === null || value === undefined || value === '' ? nothing : html`<div><dt>${label}</dt><dd data-testid=${testid ?? nothing}>${value}</dd></div>`;
    return html`<dl class="summary">
      ${item(msg('Reference'), c.reference)} ${item(msg('Status'), statusLabel(c.status))}
      ${item(msg('Category'), categoryName(scope, c.category.code, c))}
      ${item(msg('Department'), departmentName(scope, c.department.code, c), 'department')}
      ${item(msg('Person in charge'), c.assignee ?? msg('Nobody yet'), 'assignee')} ${item(msg('Priority'), priorityLabel(c.priority))}
      ${item(msg('Severity'), severityLabel(c.severity))} ${item(msg('VIP'), c.vip ? msg('Yes') : msg('No'))}
      ${item(msg('Channel'), channelLabel(c.channel))} ${item(msg('Received'), formatDateTime(c.registeredAt, timeZone))}
      ${item(msg('Last change'), formatDateTime(c.updatedAt, timeZone))} ${item(msg('Complainant’s language'), languageName(c.language))}
      ${item(msg('Review round'), String(c.reviewRound))} ${item(msg('Escalation level'), String(c.escalationLevel))}
      ${item(msg('Satisfaction'), c.satisfaction ? ratingLabel(c.satisfaction) : msg('Not asked yet'))}
      ${item(msg('Outcome'), c.outcome ? outcomeLabel(c.outcome) : null)}
    </dl>`;
  }

  #complainant(c: StaffComplaint): TemplateResult {
    if (!c.complainant) return html`<p class="muted">${msg('Anonymous, or hidden from you because the complaint names you.')}</p>`;
    const shown = this._identity ?? c.complainant;
    const revealed = Boolean(this._identity) || c.complainant.revealed;
    const field = (label: string, value: string | undefined, testid: string) =>
      value ? html`<div><dt>${label}</dt><dd data-testid=${testid}>${value}</dd></div>` : nothing;
    return html`<dl class="summary">
        ${field(msg('Name'), shown.name, 'complainant-name')} ${field(msg('Phone'), shown.phone, 'complainant-phone')}
        ${field(msg('Email'), shown.email, 'complainant-email')}
        ${field(msg('Preferred contact'), shown.preferredContact ? contactLabel(shown.preferredContact) : undefined, 'complainant-contact')}
      </dl>
      ${!shown.name && !shown.phone && !shown.email ? html`<p class="muted">${msg('No name or contact was given.')}</p>` : nothing}
      ${revealed
        ? html`<p class="identity-note recorded" role="status">${msg('Shown in full. Your look at it is recorded in the audit log.')}</p>`
        : can(this.portal, 'reveal-identity')
          ? html`<p class="identity-note muted" id="reveal-hint">${msg('Shown masked. Every reveal is recorded in the audit log.')}</p>
              <button type="button" class="secondary" aria-describedby="reveal-hint" ?disabled=${this._revealing} @click=${this.#reveal}>
                ${this._revealing ? msg('Revealing…') : msg('Show identity')}
              </button>`
          : html`<p class="identity-note muted">${msg('Shown masked. Your role does not include seeing who made it.')}</p>`}
      ${this._revealError ? html`<p class="error" role="alert">${this._revealError}</p>` : nothing}`;
  }

  async #reveal(): Promise<void> {
    const c = this.complaint;
    if (!c || this._revealing) return;
    this._revealing = true;
    this._revealError = '';
    try {
      this._identity = await this.portal.api.reveal(this.portal.site, c.id);
    } catch (error) {
      const failure = error instanceof StaffApiError ? error.failure : null;
      this._revealError =
        failure?.kind === 'http' && failure.status === 403
          ? msg('Your role may not see who made this complaint.')
          : failure?.kind === 'network'
            ? msg('The service could not be reached. Try again.')
            : msg('The identity could not be shown. Try again.');
    } finally {
      this._revealing = false;
    }
  }

  #clocks(c: StaffComplaint): TemplateResult {
    if (!c.clocks.length) return html`<p class="muted">${msg('No deadline applies.')}</p>`;
    const timeZone = this.portal.publicSite.timezone;
    const state = (clock: StaffComplaint['clocks'][number]) => {
      if (clock.running && clock.paused) return msg('Paused');
      if (clock.running) return clock.breached ? msg('Running, missed') : msg('Running');
      return clock.breached ? msg('Done late') : msg('Done');
    };
    return html`<table>
      <thead>
        <tr>
          <th scope="col">${msg('Stage')}</th>
          <th scope="col">${msg('Due')}</th>
          <th scope="col">${msg('State')}</th>
        </tr>
      </thead>
      <tbody>
        ${c.clocks.map(
          (clock) =>
            html`<tr data-stage=${clock.stage}>
              <th scope="row">${stageName(clock.stage)}<br /><span class="muted">${basisLabel(clock.basis)}</span></th>
              <td data-testid="due-${clock.stage}">${formatDateTime(clock.dueAt, timeZone)}</td>
              <td>
                ${state(clock)}
                ${clock.running ? html`<br /><portal-countdown .clock=${clock} .timeZone=${timeZone}></portal-countdown>` : nothing}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #print(kind: DocumentKind): void {
    const c = this.complaint;
    const container = this.renderRoot.querySelector('.print-frames');
    if (!c || !container) return;
    printDocument(container, kind, c, { portal: this.portal, directory: this._directory, identity: this._identity });
  }

  #updated(event: CustomEvent<StaffComplaint>): void {
    this._notice = '';
    this._load = { state: 'ready', complaint: event.detail };
  }

  #stale(): void {
    void this.refresh();
  }
}

function loadFailure(error: unknown): string {
  const failure = error instanceof StaffApiError ? error.failure : null;
  if (!failure || failure.kind === 'network') return msg('The service cannot be reached. Check the connection and try again.');
  if (failure.status === 404) return msg('There is no such complaint on this site, or it is not one you may see.');
  if (failure.status === 403) return msg('Your role on this site does not include reading complaints.');
  if (failure.status === 401) return msg('You have been signed out. Reload the page to sign in again.');
  return msg('The complaint could not be loaded. Try again.');
}

define('portal-complaint', PortalComplaint);
