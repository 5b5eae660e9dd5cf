import { LitElement, type PropertyValues, type TemplateResult, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Locale } from '../api/contract/common.ts';
import type { Role } from '../api/contract/staff.ts';
import type { PublicSite } from '../api/contract/site.ts';
import { type PortalContext, can } from './shared/context.ts';
import { LOCALES, chooseLanguage, chosenLanguage, currentLocale, localized, resolveLocale, useLocale } from './shared/locale.ts';
import { pendingActions } from './shared/pending-actions.ts';
import { type Session, StaffApi, StaffApiError } from './shared/staff-api.ts';
import { portalStyles } from './shared/styles.ts';
import { shellStyles } from './shell.styles.ts';
import './views/sign-in.ts';
import './shared/push-toggle.ts';

/** A screen with changes that leaving would lose asks the member first; true: go. */
export interface LeaveGuard {
  confirmLeave(): Promise<boolean>;
}

/** A screen of the portal: the path it answers, the element that draws it, and who may see it. */
interface Screen {
  name: 'queue' | 'desk' | 'complaint' | 'intake' | 'dashboard' | 'messages' | 'settings' | 'audit';
  tag: string;
  load: () => Promise<unknown>;
  allowed: (context: Pick<PortalContext, 'roles'>) => boolean;
}

const SCREENS: Record<Screen['name'], Screen> = {
  queue: { name: 'queue', tag: 'portal-queue', load: () => import('./views/queue-view.ts'), allowed: (c) => can(c, 'read-queue') },
  desk: { name: 'desk', tag: 'portal-desk', load: () => import('./views/desk-view.ts'), allowed: (c) => can(c, 'read-queue') },
  complaint: { name: 'complaint', tag: 'portal-complaint', load: () => import('./views/complaint-view.ts'), allowed: (c) => can(c, 'read-queue') },
  intake: { name: 'intake', tag: 'portal-intake', load: () => import('./views/intake-view.ts'), allowed: (c) => can(c, 'register') },
  dashboard: { name: 'dashboard', tag: 'portal-dashboard', load: () => import('./views/dashboard-view.ts'), allowed: (c) => can(c, 'read-reports') },
  messages: { name: 'messages', tag: 'portal-messages', load: () => import('./views/messages-view.ts'), allowed: (c) => can(c, 'configure') },
  settings: { name: 'settings', tag: 'portal-settings', load: () => import('./views/settings-view.ts'), allowed: (c) => can(c, 'configure') || can(c, 'manage-staff') },
  audit: { name: 'audit', tag: 'portal-audit', load: () => import('./views/audit-view.ts'), allowed: (c) => can(c, 'read-audit') || can(c, 'verify') },
};

/** Where a path under the base leads: `{site}/{screen}/{param}`. */
export interface Route {
  site: string | null;
  screen: Screen['name'];
  /** the complaint's id on `complaints/{id}` */
  param: string | null;
}

export function parseRoute(path: string): Route {
  const [site = '', first = '', second = ''] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (!site) return { site: null, screen: 'queue', param: null };
  if (first === 'complaints' && second) return { site, screen: 'complaint', param: second };
  const screen = (Object.keys(SCREENS) as Screen['name'][]).find((name) => name === first && name !== 'complaint');
  return { site, screen: screen ?? 'queue', param: null };
}

type SessionState =
  | { kind: 'loading' }
  | { kind: 'signed-out'; message?: string }
  | { kind: 'signed-in'; session: Session }
  | { kind: 'failed'; message: string }
  /** the service cannot be reached: say what still waits on this device, and try again when the network returns */
  | { kind: 'offline'; waiting: number };

/**
 * The staff portal: sign-in, then the queue, complaint details with every action the member's
 * roles allow, the front-desk mode for a tablet, assisted intake, the dashboard, settings and
 * the audit log. It is the whole app at `/portal/`, and the same element another application
 * mounts: give it a `base` path (where its addresses start) and, if the service is elsewhere,
 * `api`. It adds no CSS and no globals to the page, and unmounting it closes its connections.
 *
 * @csspart nav - The bar with the screens, the site and the language.
 * @csspart main - Where the current screen is drawn.
 */
export class ComplaintPortal extends LitElement {
  static override styles = [portalStyles, shellStyles];
  static override properties = {
    api: { type: String },
    base: { type: String },
    site: { type: String },
    language: { type: String, attribute: 'lang' },
    mode: { type: String },
    _state: { state: true },
    _route: { state: true },
    _publicSite: { state: true },
    _loaded: { state: true },
  };

  /** Origin of the complaint service; defaults to the page's own. */
  declare api: string;
  /** The path the portal's addresses start with, e.g. `/portal/` or `/intranet/complaints/`. */
  declare base: string;
  /** The site to open when the address names none; defaults to the member's first. */
  declare site: string;
  /** `en`, `zh-Hans` or `zh-Hant`; defaults to the page's language, then the browser's. */
  declare language: string | undefined;
  /** `desk` shows only the front-desk queue, full screen, for a tablet at a reception. */
  declare mode: 'full' | 'desk';
  declare _state: SessionState;
  declare _route: Route;
  declare _publicSite: PublicSite | undefined;
  /** screens whose code has arrived */
  declare _loaded: ReadonlySet<string>;

  #client: StaffApi | undefined;
  #siteRequest: AbortController | undefined;
  /** the address the screen on show was drawn for */
  #shown = '';

  readonly #onPopState = () => {
    const back = this.#shown;
    void this.#mayLeave().then((leave) => {
      if (leave) this.#readLocation();
      // the browser has already moved the address: put it back where the screen still is
      else if (back) history.pushState(null, '', back);
    });
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = '';
    this.base = '/portal/';
    this.site = '';
    this.mode = 'full';
    this._state = { kind: 'loading' };
    this._route = { site: null, screen: 'queue', param: null };
    this._loaded = new Set();
  }

  get #api(): StaffApi {
    if (!this.#client || this.#client.origin !== this.api.replace(/\/+$/, '')) this.#client = new StaffApi(this.api);
    return this.#client;
  }

  get #base(): string {
    return this.base.endsWith('/') ? this.base : `${this.base}/`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#onPopState);
    this.addEventListener('click', this.#follow);
    // the element's own language, else the one the member chose here before, else the browser's
    void useLocale(resolveLocale(this.language || chosenLanguage() || navigator.languages?.[0] || navigator.language));
    this.#readLocation();
    void this.#loadSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
    window.removeEventListener('online', this.#retry);
    clearTimeout(this.#retryTimer);
    this.removeEventListener('click', this.#follow);
    this.#siteRequest?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('language') && this.language) void useLocale(resolveLocale(this.language));
  }

  /**
   * Whether the screen on show lets the member go: a screen with changes not yet saved (the
   * settings) asks first. Every way out — a link, Back, the site switcher, signing out — asks it.
   */
  #mayLeave(): Promise<boolean> {
    const screen = this.renderRoot.querySelector('main')?.firstElementChild as (Element & Partial<LeaveGuard>) | null | undefined;
    return screen?.confirmLeave ? screen.confirmLeave() : Promise.resolve(true);
  }

  #readLocation(): void {
    this.#shown = location.pathname + location.search;
    const path = location.pathname.startsWith(this.#base) ? location.pathname.slice(this.#base.length) : '';
    const route = parseRoute(path);
    // the desk opens the intake screen (a walk-in) and a complaint's file; everything else is the desk
    if (this.mode === 'desk' && route.screen !== 'intake' && route.screen !== 'complaint') route.screen = 'desk';
    this._route = route;
    this.#settleSite();
  }

  async #loadSession(): Promise<void> {
    try {
      const session = await this.#api.session();
      this._state = session ? { kind: 'signed-in', session } : { kind: 'signed-out' };
      this.#settleSite();
    } catch (error) {
      if (error instanceof StaffApiError && error.failure.kind === 'http') {
        this._state = { kind: 'failed', message: error.failure.message };
        return;
      }
      // Opened without a network (the page itself comes from the service worker): nothing typed
      // is lost — actions taken earlier wait on this device — and the portal comes back by itself.
      const waiting = await pendingActions().then((actions) => actions.length, () => 0);
      this._state = { kind: 'offline', waiting };
      // the `online` event may come before the network carries requests again: ask again now and then too
      window.addEventListener('online', this.#retry, { once: true });
      clearTimeout(this.#retryTimer);
      this.#retryTimer = setTimeout(this.#retry, OFFLINE_RETRY_MS);
    }
  }

  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #retry = () => {
    clearTimeout(this.#retryTimer);
    window.removeEventListener('online', this.#retry);
    if (!this.isConnected) return;
    void this.#loadSession();
  };

  /** Picks the site (from the address, the attribute, or the member's first) and loads its public face. */
  #settleSite(): void {
    if (this._state.kind !== 'signed-in') return;
    const memberships = this._state.session.user.memberships;
    const wanted = this._route.site ?? this.site;
    const site = memberships.find((m) => m.site === wanted)?.site ?? memberships[0]?.site ?? null;
    if (site && site !== this._route.site) {
      this.#go(this.#pathOf({ ...this._route, site }), true);
      return;
    }
    if (site && this._publicSite?.key !== site) {
      this.#siteRequest?.abort();
      this.#siteRequest = new AbortController();
      this.#api
        .publicSite(site, this.#siteRequest.signal)
        .then((publicSite) => {
          this._publicSite = publicSite;
        })
        .catch((error: unknown) => {
          if ((error as Error).name !== 'AbortError') this._state = { kind: 'failed', message: String((error as Error).message) };
        });
    }
    void this.#loadScreen();
  }

  async #loadScreen(): Promise<void> {
    const screen = SCREENS[this._route.screen];
    if (this._loaded.has(screen.name)) return;
    await screen.load();
    this._loaded = new Set([...this._loaded, screen.name]);
  }

  #pathOf(route: Route): string {
    const parts = [route.site ?? ''];
    if (route.screen === 'complaint' && route.param) parts.push('complaints', route.param);
    else if (route.screen !== 'queue') parts.push(route.screen);
    return `${this.#base}${parts.map(encodeURIComponent).join('/')}`;
  }

  #go(href: string, replace = false): void {
    if (replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    this.#readLocation();
  }

  get #roles(): readonly Role[] {
    if (this._state.kind !== 'signed-in') return [];
    return this._state.session.user.memberships.find((m) => m.site === this._route.site)?.roles ?? [];
  }

  #context(session: Session, publicSite: PublicSite): PortalContext {
    const site = publicSite.key;
    return {
      api: this.#api,
      session,
      site,
      publicSite,
      roles: this.#roles,
      href: (path) => `${this.#base}${encodeURIComponent(site)}/${path}`.replace(/\/$/, ''),
      navigate: (path, options) => this.#go(`${this.#base}${encodeURIComponent(site)}/${path}`.replace(/\/$/, ''), options?.replace),
    };
  }

  async #signOut(): Promise<void> {
    if (!(await this.#mayLeave())) return;
    await this.#api.signOut().catch(() => undefined);
    this._state = { kind: 'signed-out' };
    this._publicSite = undefined;
  }

  override render(): TemplateResult {
    const state = this._state;
    if (state.kind === 'loading') return html`<p class="loading" role="status">${msg('Loading…')}</p>`;
    if (state.kind === 'failed') return html`<p class="error" role="alert">${state.message}</p>`;
    if (state.kind === 'offline')
      return html`<div class="offline" role="status">
        <p><strong>${msg('You are offline.')}</strong> ${msg('The portal opens again by itself when the connection returns.')}</p>
        ${state.waiting
          ? html`<p>${state.waiting === 1 ? msg('1 action waits on this device and will be sent then.') : msg(str`${state.waiting} actions wait on this device and will be sent then.`)}</p>`
          : nothing}
        <button class="secondary" @click=${this.#retry}>${msg('Try again')}</button>
      </div>`;
    if (state.kind === 'signed-out')
      return html`<portal-sign-in
        .api=${this.#api}
        @signed-in=${(event: CustomEvent<Session>) => {
          this._state = { kind: 'signed-in', session: event.detail };
          this.#settleSite();
        }}
      ></portal-sign-in>`;
    if (!state.session.user.memberships.length)
      return html`<p class="error" role="alert">${msg('Your account is not on the staff of any site yet. Ask an administrator to add you.')}</p>`;
    const publicSite = this._publicSite;
    if (!publicSite || publicSite.key !== this._route.site) return html`<p class="loading" role="status">${msg('Loading…')}</p>`;
    const context = this.#context(state.session, publicSite);
    return html`${this.mode === 'desk' ? nothing : this.#nav(context)}
      <main part="main" id="main" tabindex="-1">${this.#screen(context)}</main>`;
  }

  #screen(context: PortalContext): TemplateResult {
    const screen = SCREENS[this._route.screen];
    if (!screen.allowed(context)) return html`<p class="error" role="alert">${msg('Your roles on this site do not include this screen.')}</p>`;
    if (!this._loaded.has(screen.name)) return html`<p class="loading" role="status">${msg('Loading…')}</p>`;
    // each screen is its own element; a new one for each complaint, so nothing of the last one lingers
    switch (screen.name) {
      case 'queue':
        return html`<portal-queue .portal=${context}></portal-queue>`;
      case 'desk':
        return html`<portal-desk .portal=${context}></portal-desk>`;
      case 'complaint':
        return html`<portal-complaint .portal=${context} .complaintId=${this._route.param ?? ''}></portal-complaint>`;
      case 'intake':
        return html`<portal-intake .portal=${context}></portal-intake>`;
      case 'dashboard':
        return html`<portal-dashboard .portal=${context}></portal-dashboard>`;
      case 'messages':
        return html`<portal-messages .portal=${context}></portal-messages>`;
      case 'settings':
        return html`<portal-settings .portal=${context}></portal-settings>`;
      case 'audit':
        return html`<portal-audit .portal=${context}></portal-audit>`;
    }
  }

  #nav(context: PortalContext): TemplateResult {
    const session = context.session;
    const links: [Screen['name'], string][] = [
      ['queue', msg('Queue')],
      ['desk', msg('Front desk')],
      ['intake', msg('Register')],
      ['dashboard', msg('Dashboard')],
      ['messages', msg('Messages')],
      ['settings', msg('Settings')],
      ['audit', msg('Audit')],
    ];
    const current = this._route.screen === 'complaint' ? 'queue' : this._route.screen;
    return html`<nav part="nav" aria-label=${msg('Portal')}>
      <a class="skip" href="#main" @click=${this.#skip}>${msg('Skip to content')}</a>
      <span class="brand">${localized(context.publicSite.name)}</span>
      <ul>
        ${links
          .filter(([name]) => SCREENS[name].allowed(context))
          .map(
            ([name, label]) =>
              html`<li>
                <a href=${context.href(name === 'queue' ? '' : name)} aria-current=${name === current ? 'page' : nothing}>${label}</a>
              </li>`,
          )}
      </ul>
      <span class="spacer"></span>
      ${session.user.memberships.length > 1
        ? html`<label class="visually-hidden" for="site">${msg('Site')}</label>
            <select id="site" @change=${(event: Event) => void this.#switchSite(event.target as HTMLSelectElement, context.site)}>
              ${session.user.memberships.map((m) => html`<option value=${m.site} ?selected=${m.site === context.site}>${m.site}</option>`)}
            </select>`
        : nothing}
      <label class="visually-hidden" for="language">${msg('Language')}</label>
      <select id="language" @change=${(event: Event) => void chooseLanguage((event.target as HTMLSelectElement).value as Locale)}>
        ${LOCALES.map((locale) => html`<option value=${locale} ?selected=${locale === currentLocale()}>${LANGUAGE_NAMES[locale]}</option>`)}
      </select>
      <portal-push-toggle .api=${this.#api} site=${context.site}></portal-push-toggle>
      <span class="who">${session.user.name}</span>
      <button class="secondary" @click=${() => void this.#signOut()}>${msg('Sign out')}</button>
    </nav>`;
  }

  async #switchSite(select: HTMLSelectElement, from: string): Promise<void> {
    const site = select.value;
    if (!(await this.#mayLeave())) {
      select.value = from;
      return;
    }
    this.#go(this.#pathOf({ site, screen: 'queue', param: null }));
  }

  /**
   * Links anywhere inside the portal (in any screen's shadow root) that lead under its base change
   * the screen without loading the page again; a middle click or a modifier opens a new tab as usual.
   */
  readonly #follow = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
    if (!anchor.pathname.startsWith(this.#base)) return;
    event.preventDefault();
    this.#go(anchor.pathname + anchor.search);
  };

  readonly #skip = (event: MouseEvent) => {
    event.preventDefault();
    (this.renderRoot.querySelector('main') as HTMLElement | null)?.focus();
  };
}

/** how often a portal opened without a network asks the service again */
const OFFLINE_RETRY_MS = 5_000;

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };
