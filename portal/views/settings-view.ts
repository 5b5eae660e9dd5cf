import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { Site } from '../../api/contract/site.ts';
import { type PortalContext, can } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { STAGES } from '../shared/labels.ts';
import { LANGUAGE_NAMES, localized } from '../shared/locale.ts';
import { StaffApiError } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';
import type { SettingsApiKeys } from './settings/api-keys.ts';
import './settings/api-keys.ts';
import { calendarSection } from './settings/calendar.ts';
import { categoriesSection } from './settings/categories.ts';
import type { SettingsConfirm } from './settings/confirm.ts';
import './settings/confirm.ts';
import { copyOrSelect } from './settings/copy.ts';
import { deadlinesSection } from './settings/deadlines.ts';
import { departmentsSection } from './settings/departments.ts';
import { embedSection } from './settings/embed.ts';
import type { ConfirmQuestion, Editor, SettingsUi } from './settings/fields.ts';
import { formSection } from './settings/form.ts';
import {
  type ConfigSection,
  type Path,
  SECTIONS,
  type Section,
  clone,
  deadlineName,
  issueMessage,
  pathKey,
  sameJson,
  sectionOf,
  sectionTitle,
  setAt,
  validate,
} from './settings/model.ts';
import { originsSection } from './settings/origins.ts';
import { procedureSection } from './settings/procedure.ts';
import type { SettingsStaff } from './settings/staff.ts';
import './settings/staff.ts';
import { settingsStyles } from './settings/styles.ts';
import type { SettingsWebhooks } from './settings/webhooks.ts';
import './settings/webhooks.ts';

type Load = { kind: 'loading' } | { kind: 'loaded' } | { kind: 'failed'; message: string };

/** The editor of each section of the configuration; the embed section is also given the screen's own state. */
const EDITORS: Record<Exclude<ConfigSection, 'embed'>, (editor: Editor) => TemplateResult> = {
  form: formSection,
  origins: originsSection,
  categories: categoriesSection,
  departments: departmentsSection,
  deadlines: deadlinesSection,
  calendar: calendarSection,
  procedure: procedureSection,
};

/** A message the server or the check before sending gave, at the path it names. */
interface Problem {
  path: Path;
  message: string;
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'invalid'; fromServer: boolean }
  | { kind: 'failed'; message: string }
  | { kind: 'conflict'; current: Site };

const intro = (section: Section): string =>
  ({
    embed: msg('Put the form and the tracker on your website, and choose their colours.'),
    form: msg('What residents see and are asked on the form.'),
    origins: msg('The websites that may embed the form. The service answers their pages and no others.'),
    categories: msg('What residents can complain about, where each kind of complaint goes, and what the form asks for it.'),
    departments: msg('Who handles complaints, and who hears when a deadline is missed.'),
    deadlines: msg('How long each stage of the procedure may take.'),
    calendar: msg('When the site works: the days and hours its working-time deadlines count.'),
    procedure: msg('Warnings, escalation, reviews, filing, targets and measures after conduct findings.'),
    webhooks: msg('Where the service posts its messages for other systems to deliver: an SMS gateway for text messages, a relay into a WeChat Work or DingTalk group.'),
    keys: msg('Keys that let other systems, such as a city hotline, file complaints here through the Open311 interface.'),
    staff: msg('Who works on this site, and what each may do.'),
  })[section];

function failureMessage(error: unknown): string {
  if (!(error instanceof StaffApiError)) return msg('Something went wrong. Try again.');
  const failure = error.failure;
  if (failure.kind === 'network') return msg('The service cannot be reached. Your changes are kept here: check the connection and save again.');
  if (failure.status === 401) return msg('Your session has ended. Sign in again in another tab, then save: your changes are kept here until you leave the page.');
  if (failure.status === 403) return msg('Your roles on this site do not allow changing its configuration.');
  if (failure.status === 409 || failure.status === 412) return msg('Someone else changed the configuration. Reload it to see their changes.');
  return failure.message;
}

/**
 * The site's settings for its administrators and managers: the code to embed the form, with a
 * live preview of the theme; the form; the allowed origins; categories and their questions;
 * departments and routing; deadlines; the calendar; the rest of the procedure; the webhooks
 * that take the site's messages to other systems; the keys of Open311 clients; and the staff.
 * Each section edits a copy of the configuration and saves the whole of it at once (the server
 * checks it as a whole and records the change); the webhooks are added, changed and removed one
 * at a time, the keys created and revoked one at a time, and the staff changed one member at a time.
 */
export class PortalSettings extends LitElement {
  static override styles = [
    portalStyles,
    settingsStyles,
    css`
      :host {
        max-inline-size: 96rem;
        margin-inline: auto;
      }
      h1 {
        margin-block-end: 0.75em;
      }
    `,
  ];

  static override properties = {
    portal: { attribute: false },
    _section: { state: true },
    _load: { state: true },
    _save: { state: true },
    _problems: { state: true },
    _copied: { state: true },
    _previewLocale: { state: true },
  };

  declare portal: PortalContext;
  declare _section: Section;
  declare _load: Load;
  declare _save: SaveState;
  declare _problems: Problem[];
  declare _copied: string;
  declare _previewLocale: Locale;

  /** the configuration as the server has it, and the copy being edited */
  #saved: Site | undefined;
  #draft: Site | undefined;
  #added = new WeakSet<object>();
  readonly #ui: SettingsUi = { category: 0, deadlineCategory: '' };
  #abort: AbortController | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._section = 'embed';
    this._load = { kind: 'loading' };
    this._save = { kind: 'idle' };
    this._problems = [];
    this._copied = '';
    this._previewLocale = 'zh-Hans';
  }

  get #sections(): Section[] {
    return SECTIONS.filter((section) => (section === 'staff' ? can(this.portal, 'manage-staff') : can(this.portal, 'configure')));
  }

  /** Whether the open section has changes that are not saved. */
  get dirty(): boolean {
    if (this._section === 'staff') return this.renderRoot.querySelector<SettingsStaff>('settings-staff')?.dirty ?? false;
    if (this._section === 'keys') return this.renderRoot.querySelector<SettingsApiKeys>('settings-api-keys')?.dirty ?? false;
    if (this._section === 'webhooks') return this.renderRoot.querySelector<SettingsWebhooks>('settings-webhooks')?.dirty ?? false;
    return Boolean(this.#draft && this.#saved && !sameJson(this.#draft, this.#saved));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const sections = this.#sections;
    const wanted = location.hash.slice(1) as Section;
    this._section = sections.includes(wanted) ? wanted : (sections[0] ?? 'embed');
    document.addEventListener('click', this.#guardLinks, { capture: true });
    window.addEventListener('beforeunload', this.#guardUnload);
    if (can(this.portal, 'configure')) void this.#loadConfig();
    else this._load = { kind: 'loaded' };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this.#guardLinks, { capture: true });
    window.removeEventListener('beforeunload', this.#guardUnload);
    this.#abort?.abort();
  }

  async #loadConfig(): Promise<void> {
    this.#abort?.abort();
    this.#abort = new AbortController();
    this._load = { kind: 'loading' };
    try {
      const site = await this.portal.api.config(this.portal.site, this.#abort.signal);
      this.#adopt(site);
      this._previewLocale = site.defaultLocale;
      this._load = { kind: 'loaded' };
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this._load = { kind: 'failed', message: failureMessage(error) };
    }
  }

  /** Takes the server's configuration as the saved one and starts a fresh copy of it. */
  #adopt(site: Site): void {
    this.#saved = site;
    this.#draft = clone(site);
    this.#added = new WeakSet();
    this._problems = [];
  }

  // — moving between sections, and away —

  /** Asked by the portal before any way out of the screen (Back, the site switcher, signing out). */
  confirmLeave(): Promise<boolean> {
    return this.#confirmLeave();
  }

  async #confirmLeave(): Promise<boolean> {
    if (!this.dirty) return true;
    const leave = await this.#ask({
      title: msg('Leave without saving?'),
      body: msg(str`The changes in “${sectionTitle(this._section)}” are not saved. They are lost if you leave.`),
      confirm: msg('Discard the changes'),
      cancel: msg('Stay here'),
      danger: true,
    });
    if (leave) this.#discard();
    return leave;
  }

  #discard(): void {
    if (this.#saved) this.#adopt(this.#saved);
    this.renderRoot.querySelector<SettingsStaff>('settings-staff')?.discard();
    this.renderRoot.querySelector<SettingsApiKeys>('settings-api-keys')?.discard();
    this.renderRoot.querySelector<SettingsWebhooks>('settings-webhooks')?.discard();
    this._save = { kind: 'idle' };
    this.requestUpdate();
  }

  async #goTo(section: Section): Promise<boolean> {
    if (section === this._section) return true;
    if (!(await this.#confirmLeave())) return false;
    this._section = section;
    this._save = { kind: 'idle' };
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${section}`);
    return true;
  }

  /** A link elsewhere in the portal, while a section has unsaved changes, asks first. */
  readonly #guardLinks = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || !this.dirty) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    // a link within the page (to a field) is not leaving
    if (anchor.origin === location.origin && anchor.pathname === location.pathname && anchor.hash) return;
    event.preventDefault();
    event.stopPropagation();
    void this.#confirmLeave().then((leave) => {
      if (leave) anchor.click();
    });
  };

  readonly #guardUnload = (event: BeforeUnloadEvent) => {
    if (!this.dirty) return;
    event.preventDefault();
    // older browsers show the prompt only when returnValue is set
    event.returnValue = '';
  };

  #ask(question: ConfirmQuestion): Promise<boolean> {
    return this.renderRoot.querySelector<SettingsConfirm>('settings-confirm')!.ask(question);
  }

  // — editing —

  async #focus(id: string): Promise<void> {
    await this.updateComplete;
    let target = this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`);
    // a button that moved to the end of a list is disabled there: its neighbour takes the focus
    if (target && (target as HTMLButtonElement).disabled) {
      const other = id.includes('-up-') ? id.replace('-up-', '-down-') : id.replace('-down-', '-up-');
      target = this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(other)}"]:not([disabled])`) ?? target;
    }
    target?.focus();
  }

  #editor(): Editor {
    const draft = this.#draft!;
    const problems = this._problems;
    const touched = () => {
      if (this._save.kind === 'saved' || this._save.kind === 'failed') this._save = { kind: 'idle' };
      this.requestUpdate();
    };
    return {
      draft,
      saved: this.#saved!,
      ui: this.#ui,
      error: (path) => problems.find((p) => pathKey(p.path) === pathKey(path))?.message ?? '',
      errorsUnder: (path) => {
        const prefix = pathKey(path);
        return problems.filter((p) => pathKey(p.path) === prefix || pathKey(p.path).startsWith(`${prefix}.`)).map((p) => p.message);
      },
      set: (path, value) => {
        setAt(draft, path, value);
        const key = pathKey(path);
        if (this._problems.some((p) => pathKey(p.path) === key)) this._problems = this._problems.filter((p) => pathKey(p.path) !== key);
        touched();
      },
      check: (path, message) => {
        const key = pathKey(path);
        const rest = this._problems.filter((p) => pathKey(p.path) !== key);
        this._problems = message ? [...rest, { path, message }] : rest;
      },
      change: (under, mutate, focusId) => {
        mutate(draft);
        const prefix = pathKey(under);
        // indexes under a list that changed no longer point where the messages were
        this._problems = this._problems.filter((p) => !(pathKey(p.path) === prefix || pathKey(p.path).startsWith(prefix ? `${prefix}.` : '')));
        touched();
        if (focusId) void this.#focus(focusId);
      },
      setUi: (patch, focusId) => {
        Object.assign(this.#ui, patch);
        this.requestUpdate();
        if (focusId) void this.#focus(focusId);
      },
      isNew: (item) => this.#added.has(item),
      markNew: (item) => this.#added.add(item),
      ask: (question) => this.#ask(question),
      show: (section) => void this.#goTo(section),
    };
  }

  async #saveConfig(): Promise<void> {
    const draft = this.#draft;
    if (!draft || this._save.kind === 'saving') return;
    const issues = validate(draft);
    if (issues.length) {
      this._problems = issues;
      this._save = { kind: 'invalid', fromServer: false };
      void this.#focus('problems');
      return;
    }
    this._problems = [];
    this._save = { kind: 'saving' };
    try {
      // the server takes the whole configuration: saving over someone else's newer one would undo it
      const current = await this.portal.api.config(this.portal.site);
      if (this.#saved && !sameJson(current, this.#saved)) {
        this._save = { kind: 'conflict', current };
        void this.#focus('problems');
        return;
      }
      const sent = clone(draft);
      const saved = await this.portal.api.saveConfig(this.portal.site, sent);
      // what was typed while the save was on its way stays, still to be saved
      if (sameJson(this.#draft, sent)) this.#adopt(saved);
      else this.#saved = saved;
      this._save = { kind: 'saved' };
    } catch (error) {
      const failure = error instanceof StaffApiError ? error.failure : null;
      if (failure?.kind === 'http' && failure.status === 412) {
        // changed between the check above and the save: the server kept theirs; show it as above
        const current = await this.portal.api.config(this.portal.site).catch(() => undefined);
        if (current) {
          this._save = { kind: 'conflict', current };
          void this.#focus('problems');
          return;
        }
      }
      if (failure?.kind === 'http' && failure.status === 422 && failure.issues.length) {
        this._problems = failure.issues.map((issue) => ({ path: issue.path, message: issueMessage(issue) }));
        this._save = { kind: 'invalid', fromServer: true };
      } else this._save = { kind: 'failed', message: failureMessage(error) };
      void this.#focus('problems');
    }
  }

  /** Shows the field a message is about: in its section, with its category open. */
  async #reveal(path: Path): Promise<void> {
    const section = sectionOf(path);
    if (!(await this.#goTo(section))) return;
    if (path[1] === 'categories' && typeof path[2] === 'number') {
      if (section === 'categories') this.#ui.category = path[2];
      if (section === 'deadlines') this.#ui.deadlineCategory = this.#draft?.policy.categories[path[2]]?.code ?? '';
    }
    this.requestUpdate();
    await this.updateComplete;
    // the field itself, or the nearest thing drawn for a part of it
    for (let length = path.length; length > 0; length--) {
      const key = pathKey(path.slice(0, length));
      const target = this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(key)}"], [id="${CSS.escape(key)}--on"]`);
      if (target) {
        target.focus();
        return;
      }
    }
  }

  /** Where a message is, in words: "Seeds › Name › English". */
  #where(path: Path): string {
    const draft = this.#draft;
    const parts: string[] = [];
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      const next = path[i + 1];
      if (part === 'policy') continue;
      if (part === 'categories' && typeof next === 'number') {
        const category = draft?.policy.categories[next];
        parts.push(localized(category?.name) || category?.code || msg(str`Category ${next + 1}`));
        i++;
      } else if (part === 'departments' && typeof next === 'number') {
        const department = draft?.policy.departments[next];
        parts.push(localized(department?.name) || department?.code || msg(str`Department ${next + 1}`));
        i++;
      } else if (part === 'questions' && typeof next === 'number') {
        parts.push(msg(str`Question ${next + 1}`));
        i++;
      } else if (part === 'options' && typeof next === 'number') {
        parts.push(msg(str`Option ${next + 1}`));
        i++;
        // the option's label is the option itself
        if (path[i + 1] === 'label') i++;
      } else if (typeof part === 'string' && part in LANGUAGE_NAMES) parts.push(LANGUAGE_NAMES[part as Locale]);
      else if (typeof part === 'number') parts.push(String(part + 1));
      else parts.push(FIELD_NAMES()[part] ?? part);
    }
    return parts.join(' › ');
  }

  #copy = async (text: string): Promise<void> => {
    const done = await copyOrSelect(text, this.renderRoot.querySelector('.snippet'));
    this._copied = done === 'copied' ? msg('Copied. Paste it into your page.') : msg('Press Ctrl+C (⌘C on a Mac) to copy the selected code.');
  };

  // — drawing —

  override render(): TemplateResult {
    const sections = this.#sections;
    if (!sections.length) return html`<p class="error" role="alert">${msg('Your roles on this site do not include its settings.')}</p>`;
    return html`<h1>${msg('Settings')}</h1>
      <div class="layout">
        <nav class="sections" aria-label=${msg('Settings sections')}>
          <ul>
            ${sections.map(
              (section) => html`<li>
                <button type="button" aria-current=${section === this._section ? 'true' : 'false'} @click=${() => void this.#goTo(section)}>
                  <span>${sectionTitle(section)}</span>
                  ${section === this._section && this.dirty ? html`<span class="dirty-mark">${msg('unsaved')}</span>` : nothing}
                </button>
              </li>`,
            )}
          </ul>
        </nav>
        <section class="panel editor" aria-labelledby="section-title" aria-busy=${this._save.kind === 'saving' ? 'true' : 'false'}>
          <h2 id="section-title">${sectionTitle(this._section)}</h2>
          <p class="intro muted">${intro(this._section)}</p>
          ${this._section === 'staff'
            ? this.#staff()
            : this._section === 'keys'
              ? this.#apiKeys()
              : this._section === 'webhooks'
                ? this.#webhooks()
                : this.#configSection(this._section)}
        </section>
      </div>
      <settings-confirm></settings-confirm>`;
  }

  #staff(): TemplateResult {
    const departments = this.#saved?.policy.departments ?? [];
    // what is typed there is the child's: drawing again marks the section unsaved, or no longer
    return html`<settings-staff .portal=${this.portal} .departments=${departments} @dirty-change=${() => this.requestUpdate()}></settings-staff>`;
  }

  #apiKeys(): TemplateResult {
    return html`<settings-api-keys .portal=${this.portal} @dirty-change=${() => this.requestUpdate()}></settings-api-keys>`;
  }

  #webhooks(): TemplateResult {
    return html`<settings-webhooks .portal=${this.portal} @dirty-change=${() => this.requestUpdate()}></settings-webhooks>`;
  }

  #configSection(section: ConfigSection): TemplateResult {
    const load = this._load;
    if (load.kind === 'loading') return html`<p role="status" class="muted">${msg('Loading the configuration…')}</p>`;
    if (load.kind === 'failed' || !this.#draft)
      return html`<div class="problem-box" role="alert">
        <p>${load.kind === 'failed' ? load.message : msg('The configuration could not be loaded.')}</p>
        <button type="button" class="secondary" @click=${() => void this.#loadConfig()}>${msg('Try again')}</button>
      </div>`;
    const editor = this.#editor();
    return html`${this.#problemsBox(section)} ${this.#sectionBody(section, editor)} ${this.#actions()}`;
  }

  #sectionBody(section: ConfigSection, editor: Editor): TemplateResult {
    if (section !== 'embed') return EDITORS[section](editor);
    return embedSection(editor, {
      origin: this.portal.api.origin || location.origin,
      previewLocale: this._previewLocale,
      copied: this._copied,
      setPreviewLocale: (locale) => (this._previewLocale = locale),
      copy: (text) => void this.#copy(text),
    });
  }

  /** What stopped the save: each message with a link to its field; those of other sections say where they are. */
  #problemsBox(section: ConfigSection): TemplateResult | typeof nothing {
    const save = this._save;
    if (save.kind === 'failed')
      return html`<div class="problem-box" id="problems" tabindex="-1" role="alert">
        <p>${save.message}</p>
      </div>`;
    if (save.kind === 'conflict')
      return html`<div class="problem-box" id="problems" tabindex="-1" role="alert">
        <h3>${msg('Not saved: someone else changed the configuration')}</h3>
        <p>${msg('It was changed after you opened it. Saving now would undo their changes. Load the current configuration, then make your changes again.')}</p>
        <button
          type="button"
          class="secondary"
          @click=${() => {
            this.#adopt(save.current);
            this._save = { kind: 'idle' };
          }}
        >
          ${msg('Load the current configuration')}
        </button>
      </div>`;
    if (!this._problems.length) return nothing;
    const here = this._problems.filter((p) => sectionOf(p.path) === section);
    const elsewhere = this._problems.filter((p) => sectionOf(p.path) !== section);
    return html`<div class="problem-box" id="problems" tabindex="-1" role="alert">
      <h3>
        ${save.kind === 'invalid' && save.fromServer
          ? msg('Not saved: the server did not accept these values')
          : this._problems.length === 1
            ? msg('Not saved: one thing to fix')
            : msg(str`Not saved: ${this._problems.length} things to fix`)}
      </h3>
      <ul>
        ${here.map((problem) => html`<li>${this.#problemLink(problem)}</li>`)}
        ${elsewhere.map((problem) => html`<li>${msg(str`In ${sectionTitle(sectionOf(problem.path))}`)} › ${this.#problemLink(problem)}</li>`)}
      </ul>
    </div>`;
  }

  /** A message with a link to its field. */
  #problemLink(problem: Problem): TemplateResult {
    return html`<a
        href="#${pathKey(problem.path)}"
        @click=${(event: Event) => {
          event.preventDefault();
          void this.#reveal(problem.path);
        }}
        >${this.#where(problem.path)}</a
      >: ${problem.message}`;
  }

  #actions(): TemplateResult {
    const save = this._save;
    const dirty = this.dirty;
    const saving = save.kind === 'saving';
    const status = saving ? msg('Saving…') : save.kind === 'saved' ? msg('Saved. The change is in the audit log.') : dirty ? msg('Unsaved changes') : msg('No changes');
    return html`<div class="actions">
      <button type="button" class="save" ?disabled=${saving || !dirty} @click=${() => void this.#saveConfig()}>${saving ? msg('Saving…') : msg('Save')}</button>
      <button type="button" class="secondary cancel" ?disabled=${saving || !dirty} @click=${() => this.#discard()}>${msg('Cancel')}</button>
      <span class="status-text ${save.kind === 'saved' ? 'saved' : ''}" role="status">${status}</span>
    </div>`;
  }
}

/** Names of the fields a message can be about, for the list of problems. */
const FIELD_NAMES = (): Record<string, string> => ({
  name: msg('Name'),
  code: msg('Code'),
  id: msg('Code'),
  value: msg('Code'),
  label: msg('Question'),
  department: msg('Routed to'),
  priority: msg('Priority'),
  emergency: msg('Emergency'),
  phone: msg('Number to call'),
  instruction: msg('What to do at once'),
  supervisor: msg('Supervisor'),
  theme: msg('Theme'),
  accent: msg('Accent colour'),
  background: msg('Background colour'),
  allowedOrigins: msg('Origin'),
  timezone: msg('Time zone'),
  defaultLocale: msg('Language the form opens in'),
  deadlines: msg('Deadlines'),
  ...Object.fromEntries(STAGES.map((stage) => [stage, deadlineName(stage)])),
  after: msg('Not before'),
  within: msg('At the latest after'),
  amount: msg('Amount'),
  unit: msg('Unit'),
  calendar: msg('Calendar'),
  workingHours: msg('Working hours'),
  start: msg('From'),
  end: msg('Until'),
  holidays: msg('The site’s own days of rest'),
  workdays: msg('The site’s own working days'),
  weekend: msg('Working days of the week'),
  warningShare: msg('Warning'),
  manager: msg('Who hears of major complaints at once'),
  reviewRounds: msg('Reviews before a higher level'),
  reopenWindow: msg('A review may be asked for within'),
  satisfactionTarget: msg('Satisfaction target (%)'),
  accountability: msg('Measures after substantiated conduct findings'),
  count: msg('Number of findings'),
  measure: msg('Measure'),
  consentText: msg('Consent statement'),
  placeFields: msg('What the form asks about the place'),
});

define('portal-settings', PortalSettings);
