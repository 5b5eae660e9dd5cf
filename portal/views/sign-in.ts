import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { define } from '../shared/define.ts';
import { type Session, type StaffApi, StaffApiError } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';


/** Email and password; on success fires `signed-in` with the session. */
export class PortalSignIn extends LitElement {
  static override styles = [
    portalStyles,
    css`
      form {
        max-inline-size: 24em;
        margin-block: 10vh;
        margin-inline: auto;
      }
      input {
        inline-size: 100%;
      }
      button {
        inline-size: 100%;
      }
    `,
  ];
  static override properties = { api: { attribute: false }, _busy: { state: true }, _error: { state: true } };

  declare api: StaffApi;
  declare _busy: boolean;
  declare _error: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._busy = false;
    this._error = '';
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this._busy = true;
    this._error = '';
    try {
      const session: Session = await this.api.signIn(String(data.get('email')), String(data.get('password')));
      this.dispatchEvent(new CustomEvent('signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      const failure = error instanceof StaffApiError ? error.failure : null;
      this._error =
        failure?.kind === 'http' && (failure.status === 401 || failure.status === 422)
          ? msg('That email and password do not match an account.')
          : failure?.kind === 'http' && failure.status === 429
            ? msg('Too many attempts. Wait a minute and try again.')
            : msg('The service cannot be reached. Check the connection and try again.');
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    return html`<form class="panel" @submit=${this.#submit} aria-describedby=${this._error ? 'error' : nothing}>
      <h1>${msg('Staff sign-in')}</h1>
      <div class="field">
        <label for="email">${msg('Email')}</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
      </div>
      <div class="field">
        <label for="password">${msg('Password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <p id="error" class="error" role="alert">${this._error}</p>
      <button type="submit" ?disabled=${this._busy}>${this._busy ? msg('Signing in…') : msg('Sign in')}</button>
    </form>`;
  }
}

define('portal-sign-in', PortalSignIn);
