import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { live } from 'lit/directives/live.js';
import type { PushFollowing } from '../../api/contract/push.ts';
import { define } from './define.ts';
import type { StaffApi } from './staff-api.ts';
import { portalStyles } from './styles.ts';

type State = 'hidden' | 'off' | 'on' | 'busy' | 'blocked';

/** The member said no to notifications from this portal, in this browser. */
const blocked = (): boolean => globalThis.Notification?.permission === 'denied';

/**
 * The page's service worker registration when it is the portal's own (`/portal/sw.js`, which
 * shows push messages) and the browser has push messages; null elsewhere — in a host
 * application that mounts the portal, whose worker knows nothing of them.
 */
export async function portalRegistration(): Promise<ServiceWorkerRegistration | null> {
  const controller = navigator.serviceWorker?.controller;
  if (!('PushManager' in window) || !controller || !new URL(controller.scriptURL).pathname.endsWith('/portal/sw.js')) return null;
  return navigator.serviceWorker.ready;
}

/**
 * `<portal-push-toggle>`: turns push messages of the member's work on the site (assignments,
 * deadline warnings and breaches, escalations) on and off for this browser. It shows only where
 * the portal's service worker controls the page and the browser has push messages; turned on,
 * the browser asks the member's permission once.
 */
export class PushToggle extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.5em;
      }
      label {
        display: inline-flex;
        align-items: center;
        gap: 0.375em;
        min-block-size: 44px;
        cursor: pointer;
      }
      input {
        inline-size: 1.25em;
        block-size: 1.25em;
        margin: 0;
      }
      .note {
        color: var(--_muted);
        font-size: 0.875rem;
      }
    `,
  ];
  static override properties = {
    api: { attribute: false },
    site: { type: String },
    _state: { state: true },
    _failed: { state: true },
  };

  declare api: StaffApi | undefined;
  /** the site whose work is pushed */
  declare site: string;
  declare _state: State;
  /** the last change could not be made (it stays as it was) */
  declare _failed: boolean;
  /** where the browser's push subscription comes from: the portal's worker (tests give their own) */
  registration: () => Promise<ServiceWorkerRegistration | null> = portalRegistration;
  #loading = 0;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.site = '';
    this._state = 'hidden';
    this._failed = false;
  }

  // on a first visit the portal's worker takes control after the page was drawn: look again then
  readonly #controllerChanged = () => {
    if (this.api && this.site) void this.#load();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.serviceWorker?.addEventListener('controllerchange', this.#controllerChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.serviceWorker?.removeEventListener('controllerchange', this.#controllerChanged);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('site') || changed.has('api')) && this.api && this.site) void this.#load();
  }

  /** On when this browser's subscription is one the server keeps for the member on this site. */
  async #load(): Promise<void> {
    const loading = ++this.#loading;
    try {
      const registration = await this.registration();
      if (!registration || !this.api) {
        this._state = 'hidden';
        return;
      }
      const subscription = await registration.pushManager.getSubscription();
      const following = subscription ? await this.api.request<PushFollowing[]>(this.api.siteUrl(this.site, '/push-subscriptions')) : [];
      if (loading !== this.#loading) return;
      this._state = following.some((f) => f.endpoint === subscription?.endpoint) ? 'on' : blocked() ? 'blocked' : 'off';
    } catch {
      if (loading === this.#loading) this._state = 'hidden';
    }
  }

  async #toggle(): Promise<void> {
    const api = this.api;
    const was = this._state;
    if (!api || was === 'busy' || was === 'hidden') return;
    this._state = 'busy';
    try {
      const registration = await this.registration();
      if (!registration) throw new Error('no service worker');
      if (was === 'on') {
        // the browser keeps its subscription: other sites of the member may use it
        const subscription = await registration.pushManager.getSubscription();
        if (subscription) await api.request(api.siteUrl(this.site, `/push-subscriptions?endpoint=${encodeURIComponent(subscription.endpoint)}`), { method: 'DELETE' });
        this._state = 'off';
        this._failed = false;
        return;
      }
      const { publicKey } = await api.request<{ publicKey: string }>(`${api.origin}/api/v1/push/key`);
      const subscription =
        (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
      await api.request(api.siteUrl(this.site, '/push-subscriptions'), { method: 'POST', json: subscription.toJSON() });
      this._state = 'on';
      this._failed = false;
    } catch {
      this._failed = !blocked();
      this._state = blocked() ? 'blocked' : was;
    }
  }

  override render(): TemplateResult | typeof nothing {
    const state = this._state;
    if (state === 'hidden') return nothing;
    const on = state === 'on';
    const note =
      state === 'blocked'
        ? msg('Notifications are blocked in this browser’s settings.')
        : this._failed
          ? msg('Notifications could not be changed; try again.')
          : '';
    return html`<label>
        <input type="checkbox" .checked=${live(on)} ?disabled=${state === 'busy' || state === 'blocked'} @change=${() => void this.#toggle()} />
        ${msg('Push notifications')}
      </label>
      <span class="note" role="status">${note}</span>`;
  }
}

define('portal-push-toggle', PushToggle);

declare global {
  interface HTMLElementTagNameMap {
    'portal-push-toggle': PushToggle;
  }
}
