import { LitElement, type TemplateResult, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { LocalizedText } from '../../../api/contract/common.ts';
import type { Role } from '../../../api/contract/staff.ts';
import type { PortalContext } from '../../shared/context.ts';
import { define } from '../../shared/define.ts';
import { roleName } from '../../shared/labels.ts';
import { localized } from '../../shared/locale.ts';
import { type MemberView, StaffApiError } from '../../shared/staff-api.ts';
import { portalStyles } from '../../shared/styles.ts';
import type { SettingsConfirm } from './confirm.ts';
import './confirm.ts';
import { generatePassword } from './model.ts';
import { copyOrSelect } from './copy.ts';
import { DirtyChange } from './dirty-change.ts';
import { LoadedList } from './loaded-list.ts';
import { settingsStyles } from './styles.ts';

/** Every role, most used first (a type import only: the contract's schemas stay out of the bundle). */
const ROLES = ['front-desk', 'handler', 'supervisor', 'manager', 'auditor', 'admin'] as const satisfies readonly Role[];

const roleHint = (role: Role): string =>
  ({
    admin: msg('the site’s configuration and staff'),
    'front-desk': msg('registers, accepts and dispatches complaints'),
    handler: msg('works the complaints of their departments'),
    supervisor: msg('extensions, escalations, reviews, closing'),
    manager: msg('everything on the site'),
    auditor: msg('reads and verifies the record, changes nothing'),
  })[role];

interface NewMember {
  email: string;
  name: string;
  generate: boolean;
  password: string;
  roles: Role[];
  departments: string[];
}

const emptyMember = (): NewMember => ({ email: '', name: '', generate: true, password: '', roles: [], departments: [] });


/** Why a staff request failed, in words for the member. */
function failureMessage(error: unknown): string {
  if (!(error instanceof StaffApiError)) return msg('Something went wrong. Try again.');
  const failure = error.failure;
  if (failure.kind === 'network') return msg('The service cannot be reached. Check the connection; what you typed is kept.');
  if (failure.status === 401) return msg('Your session has ended. Sign in again; what you typed here is kept until you leave the page.');
  if (failure.status === 403) return msg('Your roles on this site do not allow managing its staff.');
  if (failure.code === 'cannot_lock_yourself_out') return msg('You cannot take away your own administrator or manager role, or your own access. Ask another administrator.');
  if (failure.code === 'member_not_found') return msg('This member is no longer on the site’s staff. Reload the list.');
  return failure.message;
}

/**
 * The site's staff: who they are, their roles and departments; add someone with a first
 * password (typed, or generated and shown once), change roles and departments, take access away.
 */
export class SettingsStaff extends LitElement {
  static override styles = [portalStyles, settingsStyles];
  static override properties = {
    portal: { attribute: false },
    departments: { attribute: false },
    _draft: { state: true },
    _errors: { state: true },
    _adding: { state: true },
    _handover: { state: true },
    _notice: { state: true },
    _editing: { state: true },
    _rowBusy: { state: true },
    _rowError: { state: true },
  };

  declare portal: PortalContext;
  declare departments: { code: string; name: LocalizedText }[];
  declare _draft: NewMember;
  declare _errors: Record<string, string>;
  declare _adding: boolean;
  declare _handover: { name: string; email: string; password: string } | undefined;
  declare _notice: string;
  declare _editing: { id: string; roles: Role[]; departments: string[] } | undefined;
  declare _rowBusy: string;
  declare _rowError: { id: string; message: string } | undefined;

  readonly #loaded = new LoadedList<MemberView>(this, (signal) => this.portal.api.members(this.portal.site, signal), failureMessage);

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    // the settings screen hears when `dirty` turns
    new DirtyChange(this, () => this.dirty);
    this.departments = [];
    this._draft = emptyMember();
    this._errors = {};
    this._adding = false;
    this._notice = '';
    this._rowBusy = '';
  }

  /** Something typed here that has not been sent. */
  get dirty(): boolean {
    const draft = this._draft;
    const member = this._editing && this.#loaded.items.find((m) => m.id === this._editing!.id);
    const editChanged =
      member && (member.roles.join() !== this._editing!.roles.join() || [...member.departments].sort().join() !== [...this._editing!.departments].sort().join());
    return Boolean(draft.email || draft.name || draft.password || draft.roles.length || draft.departments.length || editChanged);
  }

  /** Forgets what was typed (the member chose to leave without sending it). */
  discard(): void {
    this._draft = emptyMember();
    this._editing = undefined;
    this._errors = {};
  }

  #departmentName(code: string): string {
    return localized(this.departments.find((d) => d.code === code)?.name) || code;
  }

  // — adding —

  #validate(draft: NewMember): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) errors.email = msg('An email address, e.g. li.wei@example.cn');
    if (!draft.name.trim()) errors.name = msg('Fill this in.');
    if (!draft.generate && draft.password.length < 12) errors.password = msg('At least 12 characters.');
    if (!draft.roles.length) errors.roles = msg('Give at least one role.');
    return errors;
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const draft = this._draft;
    const errors = this.#validate(draft);
    this._errors = errors;
    this._notice = '';
    this._handover = undefined;
    if (Object.keys(errors).length) {
      await this.updateComplete;
      this.#focusFirstProblem();
      return;
    }
    const password = draft.generate ? generatePassword() : draft.password;
    this._adding = true;
    try {
      const member = await this.portal.api.addMember(this.portal.site, {
        email: draft.email.trim(),
        name: draft.name.trim(),
        password,
        roles: draft.roles,
        departments: draft.departments,
      });
      this.#loaded.replace(member);
      this._draft = emptyMember();
      if (draft.generate) this._handover = { name: member.name, email: member.email, password };
      else this._notice = msg(str`${member.name} is on the staff now.`);
      await this.updateComplete;
      // the password (or the note) is above the emptied form: take the member there
      const shown = this.renderRoot.querySelector<HTMLElement>(draft.generate ? '.handover' : `[data-member="${member.id}"]`);
      shown?.scrollIntoView({ block: 'center' });
      if (draft.generate) shown?.focus();
    } catch (error) {
      const failure = error instanceof StaffApiError ? error.failure : null;
      if (failure?.kind === 'http' && failure.code === 'already_member') this._errors = { email: msg('This person is already on the site’s staff.') };
      else if (failure?.kind === 'http' && failure.issues.length) {
        this._errors = Object.fromEntries(failure.issues.map((issue) => [String(issue.path[0] ?? 'form'), issue.message]));
      } else this._errors = { form: failureMessage(error) };
    } finally {
      this._adding = false;
    }
    if (Object.keys(this._errors).length) {
      await this.updateComplete;
      this.#focusFirstProblem();
    }
  }

  #focusFirstProblem(): void {
    const root = this.renderRoot;
    const target =
      root.querySelector<HTMLElement>('.add-member [aria-invalid="true"]') ??
      (this._errors.roles ? root.querySelector<HTMLElement>('#member-role-front-desk') : null) ??
      root.querySelector<HTMLElement>('.add-member .field-error[tabindex]');
    target?.focus();
  }

  #update(patch: Partial<NewMember>): void {
    this._draft = { ...this._draft, ...patch };
    const cleared = { ...this._errors };
    for (const key of Object.keys(patch)) delete cleared[key === 'generate' ? 'password' : key];
    this._errors = cleared;
  }

  // — changing —

  async #saveChange(member: MemberView): Promise<void> {
    const editing = this._editing;
    if (!editing) return;
    if (!editing.roles.length) {
      this._rowError = { id: member.id, message: msg('Give at least one role.') };
      return;
    }
    await this.#change(member, { roles: editing.roles, departments: editing.departments }, msg(str`${member.name}’s roles are changed.`));
    if (!this._rowError) this._editing = undefined;
  }

  async #change(member: MemberView, change: Parameters<PortalContext['api']['changeMember']>[2], done: string): Promise<void> {
    this._rowBusy = member.id;
    this._rowError = undefined;
    this._notice = '';
    try {
      this.#loaded.replace(await this.portal.api.changeMember(this.portal.site, member.id, change));
      this._notice = done;
    } catch (error) {
      this._rowError = { id: member.id, message: failureMessage(error) };
    } finally {
      this._rowBusy = '';
    }
  }

  async #removeAccess(member: MemberView): Promise<void> {
    const dialog = this.renderRoot.querySelector<SettingsConfirm>('settings-confirm')!;
    const sure = await dialog.ask({
      title: msg(str`Take away ${member.name}’s access?`),
      body: msg(str`${member.name} is signed out at once and can no longer open this site’s complaints. The record keeps what they did. You can give access again later.`),
      confirm: msg('Take away access'),
      danger: true,
    });
    if (sure) await this.#change(member, { disabled: true }, msg(str`${member.name} no longer has access.`));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-member="${member.id}"] button`)?.focus();
  }

  /** The server takes a disabled member off the site: adding the same email again restores them, with their own password. */
  async #giveAccessAgain(member: MemberView): Promise<void> {
    this._rowBusy = member.id;
    this._rowError = undefined;
    try {
      const restored = await this.portal.api.addMember(this.portal.site, {
        email: member.email,
        name: member.name,
        // an existing account keeps its own password; this one is never used
        password: generatePassword(24),
        roles: member.roles.length ? member.roles : ['handler'],
        departments: member.departments,
      });
      this.#loaded.replace(restored);
      this._notice = msg(str`${member.name} has access again, with their own password.`);
    } catch (error) {
      this._rowError = { id: member.id, message: failureMessage(error) };
    } finally {
      this._rowBusy = '';
    }
  }

  // — drawing —

  override render(): TemplateResult {
    return html`${this.#list()} ${this.#addForm()}
      <settings-confirm></settings-confirm>`;
  }

  #list(): TemplateResult {
    return this.#loaded.render(
      msg('Loading the staff…'),
      (members) =>
        html`<p role="status" class="notice">${this._notice}</p>
          <ul class="plain-list members" aria-label=${msg('Members of staff')}>
            ${members.map((member) => this.#member(member))}
          </ul>`,
    );
  }

  #member(member: MemberView): TemplateResult {
    const self = member.id === this.portal.session.user.id;
    const editing = this._editing?.id === member.id ? this._editing : undefined;
    const busy = this._rowBusy === member.id;
    const error = this._rowError && this._rowError.id === member.id ? this._rowError.message : '';
    const roles = member.roles as Role[];
    return html`<li class="member card ${member.disabled ? 'disabled' : ''}" data-member=${member.id} aria-busy=${busy ? 'true' : 'false'}>
      <div class="member-head">
        <div>
          <h3 class="member-name">${member.name}${self ? html` <span class="tag">${msg('you')}</span>` : nothing}</h3>
          <p class="muted member-email">${member.email}</p>
        </div>
        <span class="tag ${member.disabled ? 'problem' : 'ok'}">${member.disabled ? msg('No access') : msg('Active')}</span>
      </div>
      <dl class="facts">
        <dt>${msg('Roles')}</dt>
        <dd>${roles.map(roleName).join(', ') || '—'}</dd>
        <dt>${msg('Departments')}</dt>
        <dd>${member.departments.length ? member.departments.map((d) => this.#departmentName(d)).join(', ') : msg('All')}</dd>
      </dl>
      ${editing ? this.#editForm(member, editing, busy) : nothing}
      ${error ? html`<p class="field-error" role="alert">${error}</p>` : nothing}
      ${editing
        ? nothing
        : html`<div class="row">
            ${member.disabled
              ? html`<button type="button" class="secondary" ?disabled=${busy} @click=${() => void this.#giveAccessAgain(member)}>
                  ${busy ? msg('Giving access…') : msg('Give access again')}<span class="visually-hidden"> (${member.name})</span>
                </button>`
              : html`<button
                    type="button"
                    class="secondary"
                    ?disabled=${busy}
                    @click=${async () => {
                      this._editing = { id: member.id, roles: [...roles], departments: [...member.departments] };
                      this._rowError = undefined;
                      await this.updateComplete;
                      this.renderRoot.querySelector<HTMLElement>(`[data-member="${member.id}"] input`)?.focus();
                    }}
                  >
                    ${msg('Change roles')}<span class="visually-hidden"> (${member.name})</span>
                  </button>
                  <button
                    type="button"
                    class="secondary danger-text"
                    ?disabled=${busy || self}
                    aria-describedby=${self ? `self-${member.id}` : nothing}
                    @click=${() => void this.#removeAccess(member)}
                  >
                    ${busy ? msg('Taking access away…') : msg('Take away access')}<span class="visually-hidden"> (${member.name})</span>
                  </button>
                  ${self ? html`<span class="hint" id="self-${member.id}">${msg('Another administrator can change your own access.')}</span>` : nothing}`}
          </div>`}
    </li>`;
  }

  #editForm(member: MemberView, editing: { id: string; roles: Role[]; departments: string[] }, busy: boolean): TemplateResult {
    const prefix = `edit-${member.id}`;
    return html`<form class="member-edit" @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      void this.#saveChange(member);
    }}>
      ${this.#roleBoxes(prefix, editing.roles, (roles) => (this._editing = { ...editing, roles }), '')}
      ${this.#departmentBoxes(prefix, editing.departments, (departments) => (this._editing = { ...editing, departments }))}
      <div class="row">
        <button type="submit" ?disabled=${busy}>${busy ? msg('Saving…') : msg('Save')}</button>
        <button type="button" class="secondary" ?disabled=${busy} @click=${() => (this._editing = undefined)}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  #roleBoxes(prefix: string, chosen: readonly Role[], set: (roles: Role[]) => void, error: string): TemplateResult {
    return html`<fieldset class="block" aria-describedby=${error ? `${prefix}-roles--error` : nothing}>
      <legend>${msg('Roles')}</legend>
      <div class="choices">
        ${ROLES.map(
          (role) => html`<div class="check">
            <input
              type="checkbox"
              id="${prefix}-role-${role}"
              .checked=${chosen.includes(role)}
              aria-describedby="${prefix}-role-${role}--hint"
              @change=${(event: Event) => {
                const on = (event.target as HTMLInputElement).checked;
                set(ROLES.filter((r) => (r === role ? on : chosen.includes(r))));
              }}
            />
            <label for="${prefix}-role-${role}">${roleName(role)}</label>
            <p class="hint" id="${prefix}-role-${role}--hint">${roleHint(role)}</p>
          </div>`,
        )}
      </div>
      ${error ? html`<p class="field-error" id="${prefix}-roles--error">${error}</p>` : nothing}
    </fieldset>`;
  }

  #departmentBoxes(prefix: string, chosen: readonly string[], set: (departments: string[]) => void, error = ''): TemplateResult {
    return html`<fieldset class="block" aria-describedby="${prefix}-departments--hint${error ? ` ${prefix}-departments--error` : ''}">
      <legend>${msg('Departments')}</legend>
      <p class="hint" id="${prefix}-departments--hint">${msg('For handlers and supervisors: the departments whose complaints they work. None ticked means all.')}</p>
      <div class="choices">
        ${this.departments.map(
          (department) => html`<div class="check">
            <input
              type="checkbox"
              id="${prefix}-department-${department.code}"
              .checked=${chosen.includes(department.code)}
              @change=${(event: Event) => {
                const on = (event.target as HTMLInputElement).checked;
                set(this.departments.map((d) => d.code).filter((code) => (code === department.code ? on : chosen.includes(code))));
              }}
            />
            <label for="${prefix}-department-${department.code}">${localized(department.name) || department.code}</label>
          </div>`,
        )}
      </div>
      ${error ? html`<p class="field-error" id="${prefix}-departments--error">${error}</p>` : nothing}
    </fieldset>`;
  }

  #addForm(): TemplateResult {
    const draft = this._draft;
    const errors = this._errors;
    const field = (key: 'email' | 'name', label: string, type: string, autocomplete: string) =>
      html`<div class="field">
        <label for="member-${key}">${label}</label>
        <input
          id="member-${key}"
          type=${type}
          autocomplete=${autocomplete}
          .value=${draft[key]}
          aria-invalid=${errors[key] ? 'true' : 'false'}
          aria-describedby=${errors[key] ? `member-${key}--error` : nothing}
          @input=${(event: Event) => this.#update({ [key]: (event.target as HTMLInputElement).value })}
        />
        ${errors[key] ? html`<p class="field-error" id="member-${key}--error">${errors[key]}</p>` : nothing}
      </div>`;
    return html`<form class="block add-member" novalidate aria-labelledby="add-member-title" @submit=${(event: SubmitEvent) => void this.#add(event)}>
      <h3 id="add-member-title">${msg('Add a member of staff')}</h3>
      ${this.#handoverPanel()}
      <div class="grid-2">${field('email', msg('Email'), 'email', 'off')} ${field('name', msg('Name'), 'text', 'off')}</div>
      <fieldset class="block" aria-describedby=${errors.password ? 'member-password--error' : nothing}>
        <legend>${msg('First password')}</legend>
        <div class="check">
          <input type="radio" name="password-mode" id="member-generate" .checked=${draft.generate} @change=${() => this.#update({ generate: true, password: '' })} />
          <label for="member-generate">${msg('Generate one and show it to me once')}</label>
        </div>
        <div class="check">
          <input type="radio" name="password-mode" id="member-set" .checked=${!draft.generate} @change=${() => this.#update({ generate: false })} />
          <label for="member-set">${msg('I type one')}</label>
        </div>
        ${draft.generate
          ? nothing
          : html`<div class="field indent">
              <label for="member-password">${msg('Password')}</label>
              <p class="hint" id="member-password--hint">${msg('At least 12 characters. They change it after signing in.')}</p>
              <input
                id="member-password"
                type="password"
                autocomplete="new-password"
                minlength="12"
                .value=${draft.password}
                aria-invalid=${errors.password ? 'true' : 'false'}
                aria-describedby="member-password--hint${errors.password ? ' member-password--error' : ''}"
                @input=${(event: Event) => this.#update({ password: (event.target as HTMLInputElement).value })}
              />
            </div>`}
        ${errors.password ? html`<p class="field-error" id="member-password--error">${errors.password}</p>` : nothing}
      </fieldset>
      ${this.#roleBoxes('member', draft.roles, (roles) => this.#update({ roles }), errors.roles ?? '')}
      ${this.#departmentBoxes('member', draft.departments, (departments) => this.#update({ departments }), errors.departments ?? '')}
      ${errors.form ? html`<p class="field-error" role="alert" tabindex="-1">${errors.form}</p>` : nothing}
      <div class="row">
        <button type="submit" ?disabled=${this._adding}>${this._adding ? msg('Adding…') : msg('Add to the staff')}</button>
        <span role="status" class="muted">${this._adding ? msg('Adding…') : ''}</span>
      </div>
    </form>`;
  }

  #handoverPanel(): TemplateResult | typeof nothing {
    const handover = this._handover;
    if (!handover) return nothing;
    return html`<div class="handover" role="status" tabindex="-1">
      <p>
        <strong>${msg(str`${handover.name} is on the staff now.`)}</strong>
        ${msg(str`If ${handover.email} had no account here yet, this is the first password. It is shown only now: give it to them in person. If they already had an account for another site, they keep their own password.`)}
      </p>
      <p><code class="password" aria-label=${msg('The first password')}>${handover.password}</code></p>
      <div class="row">
        <button
          type="button"
          class="secondary"
          @click=${async () => {
            const done = await copyOrSelect(handover.password, this.renderRoot.querySelector('code.password'));
            this._notice = done === 'copied' ? msg('The password is copied.') : msg('Press Ctrl+C (⌘C on a Mac) to copy the selected password.');
          }}
        >
          ${msg('Copy the password')}
        </button>
        <button type="button" class="secondary" @click=${() => (this._handover = undefined)}>${msg('Done: hide it')}</button>
      </div>
    </div>`;
  }
}

define('settings-staff', SettingsStaff);

declare global {
  interface HTMLElementTagNameMap {
    'settings-staff': SettingsStaff;
  }
}
