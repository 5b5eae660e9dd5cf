import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { ErrorIssue } from '../../../api/contract/common.ts';
import type { CloseOutcome } from '../../../api/contract/events.ts';
import type { Duration } from '../../../api/contract/site.ts';
import type { StaffCommand, StaffCommandType, StaffComplaint } from '../../../api/contract/staff-api.ts';
import { type PortalContext, newKey } from '../../shared/context.ts';
import { define } from '../../shared/define.ts';
import { fieldIssue, issuesAtFields, sendFailure } from '../../shared/failures.ts';
import {
  PRIORITIES,
  RATINGS,
  SEVERITIES,
  commandLabel,
  contactLabel,
  durationUnitLabel,
  placeFieldLabel,
  priorityLabel,
  ratingLabel,
  severityLabel,
  stageName,
} from '../../shared/labels.ts';
import { formatDateTime, localized } from '../../shared/locale.ts';
import { type Directory, StaffApiError, type StaffFailure } from '../../shared/staff-api.ts';
import { portalStyles } from '../../shared/styles.ts';
import { checkField, fieldStyles, focusFirstError, radioField, selectField, textArea, textField } from '../../shared/fields.ts';
import { adviceLabel, correctionFieldLabel, escalationTargetLabel, feedbackChannelLabel, outcomeLabel, surveyViaLabel } from './labels.ts';
import { isoToZoned, zonedToIso } from '../../shared/zoned-time.ts';

/** The order the buttons come in: the procedure's, from registration to the archive. */
export const COMMAND_ORDER: readonly StaffCommandType[] = [
  'accept',
  'not-accept',
  'request-information',
  'provide-information',
  'waive-information',
  'classify',
  'dispatch',
  'arrive-on-site',
  'start-investigation',
  'propose-plan',
  'record-plan-opinion',
  'start-work',
  'resolve',
  'send-feedback',
  'record-satisfaction',
  'record-return-visit',
  'reopen',
  'assess-mediation',
  'record-mediation-agreement',
  'record-mediation-failure',
  'record-settlement',
  'record-finding',
  'add-note',
  'escalate',
  'extend-deadline',
  'close',
  'archive',
  'merge',
  'withdraw',
  'correct',
];

const FEEDBACK_CHANNELS = ['phone', 'email', 'letter', 'online', 'in-person', 'sms'] as const;
const DURATION_UNITS: readonly Duration['unit'][] = ['hours', 'workingDays', 'days', 'workingHours', 'minutes'];
const CORRECTABLE = ['description', 'place', 'complainant', 'category', 'subject'] as const;

/** A field the member left empty or filled wrongly, found before anything is sent. */
class Invalid extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** Reads the form's values as the command's fields. */
class Values {
  readonly #data: FormData;
  readonly #timeZone: string | undefined;
  constructor(form: HTMLFormElement, timeZone: string | undefined) {
    this.#data = new FormData(form);
    this.#timeZone = timeZone;
  }
  optional(name: string): string | undefined {
    const value = String(this.#data.get(name) ?? '').trim();
    return value || undefined;
  }
  text(name: string): string {
    const value = this.optional(name);
    if (!value) throw new Invalid(name, msg('Fill this in.'));
    return value;
  }
  all(name: string): string[] {
    return this.#data
      .getAll(name)
      .map((value) => String(value).trim())
      .filter(Boolean);
  }
  checked(name: string): boolean {
    return this.#data.get(name) === 'on';
  }
  choice(name: string): string {
    const value = this.optional(name);
    if (!value) throw new Invalid(name, msg('Choose one.'));
    return value;
  }
  yesNo(name: string): boolean {
    return this.choice(name) === 'yes';
  }
  time(name: string): string | undefined {
    const value = this.optional(name);
    if (!value) return undefined;
    const iso = zonedToIso(value, this.#timeZone);
    if (!iso) throw new Invalid(name, msg('Give a date and a time.'));
    return iso;
  }
  requiredTime(name: string): string {
    const value = this.time(name);
    if (!value) throw new Invalid(name, msg('Give a date and a time.'));
    return value;
  }
}

/** A server's refusal at a field of a command, in the member's words where the code is known. */
export function commandIssue(issue: ErrorIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.path.includes('parties') ? msg('Name at least two parties.') : msg('Fill this in.');
    case 'unknown_department':
      return msg('This department is not on this site.');
    case 'no_such_clock':
      return msg('This deadline is not running.');
    case 'extension_not_later':
      return msg('The new deadline must be later than the current one.');
    case 'sign_off_required':
      return msg('This site files a case only with the manager’s sign-off.');
    default:
      return fieldIssue(issue) ?? issue.message;
  }
}

/** The form field an issue's path points at (`command.parties.1` → `parties`, `value.phone` → `value.phone`). */
export function issueField(path: readonly (string | number)[]): string {
  const parts = path[0] === 'command' ? path.slice(1) : [...path];
  if (parts[0] === 'value' && typeof parts[1] === 'string') return `value.${parts[1]}`;
  if (parts[0] === 'by') return 'amount';
  return String(parts[0] ?? '');
}

/** What the member reads when a command was not carried out; the rest of the form stays as typed. */
export function commandFailure(failure: StaffFailure): string {
  if (failure.kind === 'network') return msg('The service could not be reached. Nothing was lost: check the connection and send again.');
  switch (failure.status) {
    case 403:
      return failure.code === 'conflict_of_interest'
        ? msg('This complaint names you, so someone else must handle it.')
        : msg('Your role on this site does not allow this step.');
    case 404:
      return msg('This complaint is not on this site, or you may not see it.');
    case 409:
      return failure.code === 'version_conflict'
        ? msg('Someone else changed this complaint while you were working. It has been reloaded; what you typed is kept. Check it and send again.')
        : msg('This step does not fit the complaint as it stands now. It has been reloaded.');
    default:
      return sendFailure(failure);
  }
}

/**
 * The form of one workflow command: exactly that command's fields, checked here for what is
 * plainly missing, then sent with the version the member was looking at. Fires `command-done`
 * (detail: the complaint as the server left it), `command-cancel`, and `complaint-stale` when
 * the complaint should be loaded again (someone else changed it).
 */
export class PortalCommandForm extends LitElement {
  static override styles = [
    portalStyles,
    fieldStyles,
    css`
      form {
        display: block;
      }
      .columns {
        display: grid;
        gap: 0 1em;
        grid-template-columns: repeat(auto-fit, minmax(14em, 1fr));
        align-items: end;
      }
      .party {
        display: flex;
        gap: 0.5em;
        align-items: end;
      }
      .party .field {
        flex: 1;
      }
      .party button {
        margin-block-end: 0.9em;
      }
      .message {
        padding: 0.75em;
        border-radius: var(--_radius);
        margin-block: 0 1em;
      }
      .message.error {
        background: var(--_late-bg);
      }
      .buttons {
        margin-block-start: 0.5em;
      }
    `,
  ];
  static override properties = {
    command: { type: String },
    complaint: { attribute: false },
    portal: { attribute: false },
    directory: { attribute: false },
    _errors: { state: true },
    _message: { state: true },
    _busy: { state: true },
    _department: { state: true },
    _parties: { state: true },
    _extendMode: { state: true },
    _correctField: { state: true },
  };

  declare command: StaffCommandType;
  declare complaint: StaffComplaint;
  declare portal: PortalContext;
  declare directory: Directory | undefined;
  declare _errors: Record<string, string>;
  declare _message: string;
  declare _busy: boolean;
  declare _department: string;
  declare _parties: number;
  declare _extendMode: 'by' | 'until';
  declare _correctField: (typeof CORRECTABLE)[number];

  /** one Idempotency-Key while the outcome of a send is unknown: a retry is the same request */
  #key = newKey();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this._errors = {};
    this._message = '';
    this._busy = false;
    this._department = '';
    this._parties = 2;
    this._extendMode = 'by';
    this._correctField = 'description';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('complaint') && !this._department && this.complaint) this._department = this.complaint.department.code;
  }

  override firstUpdated(): void {
    // the member opened this form to type in it
    this.renderRoot.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select')?.focus();
  }

  get #timeZone(): string {
    return this.portal.publicSite.timezone;
  }

  get #allowed(): boolean {
    return this.complaint.allowedCommands.includes(this.command);
  }

  override render(): TemplateResult {
    const label = commandLabel(this.command);
    return html`<form novalidate @submit=${this.#submit} aria-labelledby="title">
      <h3 id="title">${label}</h3>
      ${this._message ? html`<p class="message error" role="alert">${this._message}</p>` : nothing}
      ${this.#allowed ? nothing : html`<p class="message error" role="status">${msg('This step is not offered for the complaint as it stands now.')}</p>`}
      ${this.#fields()}
      <div class="row buttons">
        <button type="submit" ?disabled=${this._busy || !this.#allowed}>${this._busy ? msg('Sending…') : label}</button>
        <button type="button" class="secondary" @click=${this.#cancel}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  #e(name: string): string | undefined {
    return this._errors[name];
  }

  #timeHint(): string {
    return msg(str`In the site’s time (${this.#timeZone}).`);
  }

  #fields(): TemplateResult {
    const c = this.complaint;
    const e = (name: string) => this.#e(name);
    switch (this.command) {
      case 'accept':
        return html`${textArea('notice', msg('Acceptance notice to the complainant'), { error: e('notice'), hint: msg('What happens next and when; the complainant reads it.') })}
        ${textField('expectedBy', msg('Expected to be handled by'), { type: 'datetime-local', error: e('expectedBy'), hint: this.#timeHint() })}`;
      case 'not-accept':
        return html`${textArea('reason', msg('Why it is not accepted'), { required: true, error: e('reason'), hint: msg('The complainant reads this.') })}
        ${textField('referTo', msg('Who can handle it instead'), { error: e('referTo') })}`;
      case 'request-information':
        return textArea('question', msg('What do you need to know?'), { required: true, error: e('question'), hint: msg('The deadlines stop until the complainant answers.') });
      case 'provide-information':
        return textArea('text', msg('The information the complainant gave'), { required: true, error: e('text') });
      case 'waive-information':
        return textArea('note', msg('Why the work goes on without it'), { required: true, error: e('note') });
      case 'classify':
        return html`<div class="columns">
            ${selectField(
              'severity',
              msg('Severity'),
              SEVERITIES.map((s) => [s, severityLabel(s)]),
              { value: c.severity, required: true, error: e('severity') },
            )}
            ${selectField(
              'priority',
              msg('Priority'),
              PRIORITIES.map((p) => [p, priorityLabel(p)]),
              { value: c.priority, required: true, error: e('priority') },
            )}
          </div>
          ${checkField('vip', msg('VIP: tell the manager at once'), { checked: c.vip })}`;
      case 'dispatch':
        return this.#dispatchFields();
      case 'arrive-on-site':
      case 'start-investigation':
      case 'start-work':
        return textArea('note', msg('Note'), { error: e('note') });
      case 'propose-plan':
        return html`${textArea('measures', msg('Measures'), { required: true, error: e('measures') })}
          <div class="columns">
            ${textField('responsibility', msg('Who is responsible'), { required: true, error: e('responsibility') })}
            ${textField('schedule', msg('Schedule'), { required: true, error: e('schedule') })}
          </div>
          ${textField('dueAt', msg('Done by'), { type: 'datetime-local', error: e('dueAt'), hint: this.#timeHint() })}
          ${checkField('seekOpinion', msg('Ask the complainant’s opinion on the plan'), { checked: true })}`;
      case 'record-plan-opinion':
        return html`${radioField(
            'agrees',
            msg('Does the complainant agree with the plan?'),
            [
              ['yes', msg('Agrees')],
              ['no', msg('Does not agree')],
            ],
            { required: true, error: e('agrees') },
          )}
          ${textArea('comment', msg('Their comment'), { error: e('comment') })}`;
      case 'add-note':
        return html`${textArea('note', msg('Note'), { required: true, error: e('note') })}
        ${radioField(
          'visibility',
          msg('Who sees it'),
          [
            ['internal', msg('Internal note: staff only')],
            ['public', msg('Public reply: the complainant sees it')],
          ],
          { value: 'internal', required: true, error: e('public') },
        )}`;
      case 'resolve':
        return html`${textArea('result', msg('Result'), { required: true, error: e('result'), hint: msg('What was done. The complainant reads it.') })}
        ${textArea('basis', msg('Basis'), { required: true, error: e('basis'), hint: msg('The rule, contract or finding the result rests on.') })}
        ${textArea('improvement', msg('Improvement that follows'), { error: e('improvement') })}`;
      case 'send-feedback': {
        const preferred = c.complainant?.preferredContact;
        return html`${selectField(
            'channel',
            msg('How the result was told'),
            FEEDBACK_CHANNELS.map((v) => [v, feedbackChannelLabel(v)]),
            { value: preferred && (FEEDBACK_CHANNELS as readonly string[]).includes(preferred) ? preferred : 'phone', required: true, error: e('channel') },
          )}
          ${textArea('message', msg('What the complainant was told'), { required: true, error: e('message') })}`;
      }
      case 'record-satisfaction':
        return html`${radioField(
            'rating',
            msg('Rating'),
            RATINGS.map((r) => [r, ratingLabel(r)]),
            { required: true, error: e('rating') },
          )}
          ${selectField(
            'via',
            msg('Asked by'),
            (['survey', 'return-visit', 'phone'] as const).map((v) => [v, surveyViaLabel(v)]),
            { value: 'phone', required: true, error: e('via') },
          )}
          ${textArea('comment', msg('Comment'), { error: e('comment') })}`;
      case 'record-return-visit':
        return html`${textArea('note', msg('What was found on the visit'), { required: true, error: e('note') })}
          ${checkField('rectified', msg('Everything is rectified'), { checked: true })}
          ${selectField(
            'rating',
            msg('Rating given on the visit'),
            RATINGS.map((r) => [r, ratingLabel(r)]),
            { blank: msg('No rating given'), error: e('rating') },
          )}`;
      case 'reopen':
        return textArea('reason', msg('Why it is reviewed again'), { required: true, error: e('reason') });
      case 'escalate':
        return html`${selectField(
            'to',
            msg('Escalate to'),
            (['supervisor', 'manager', 'higher-level'] as const).map((v) => [v, escalationTargetLabel(v)]),
            { value: 'supervisor', required: true, error: e('to') },
          )}
          ${textArea('note', msg('Why'), { required: true, error: e('note') })}`;
      case 'extend-deadline':
        return this.#extendFields();
      case 'close':
        return html`${selectField(
            'outcome',
            msg('Outcome'),
            this.#outcomes().map((o) => [o, outcomeLabel(o)]),
            { value: this.#outcomes()[0], required: true, error: e('outcome') },
          )}
          ${textArea('note', msg('Note'), { error: e('note') })}`;
      case 'archive':
        return textField('signedOffBy', msg('Signed off by'), { error: e('signedOffBy'), hint: msg('The manager who approved filing, where the site asks for it.') });
      case 'merge':
        return textField('intoReference', msg('Reference of the complaint to merge into'), { required: true, error: e('intoReference'), autocomplete: 'off' });
      case 'withdraw':
        return textArea('reason', msg('Reason the complainant gave'), { error: e('reason') });
      case 'assess-mediation':
        return html`${radioField(
            'eligible',
            msg('Can it be mediated?'),
            [
              ['yes', msg('Eligible: open a mediation file')],
              ['no', msg('Not eligible: explain why')],
            ],
            { required: true, error: e('eligible') },
          )}
          ${textArea('note', msg('Assessment'), { required: true, error: e('note') })}
          ${textField('fileNumber', msg('Mediation file number'), { error: e('fileNumber') })}`;
      case 'record-mediation-agreement':
        return this.#agreementFields();
      case 'record-mediation-failure':
        return html`${selectField(
            'advice',
            msg('Advice given to the parties'),
            (['court', 'arbitration', 'other'] as const).map((v) => [v, adviceLabel(v)]),
            { value: 'court', required: true, error: e('advice') },
          )}
          ${textArea('note', msg('What happened'), { required: true, error: e('note') })}`;
      case 'record-settlement':
        return textArea('text', msg('Settlement the parties signed'), { required: true, error: e('text'), rows: 8 });
      case 'record-finding':
        return html`${textField('staffMember', msg('Staff member'), { required: true, error: e('staffMember'), value: c.subject ?? '', list: 'colleagues' })}
          ${this.#colleagueList(null)}
          ${radioField(
            'substantiated',
            msg('Finding'),
            [
              ['yes', msg('Substantiated')],
              ['no', msg('Not substantiated')],
            ],
            { required: true, error: e('substantiated') },
          )}
          ${textArea('note', msg('Note'), { error: e('note') })}`;
      case 'correct':
        return this.#correctFields();
    }
  }

  #colleagueList(department: string | null): TemplateResult {
    const colleagues = (this.directory?.colleagues ?? []).filter((c) => department === null || !c.departments.length || c.departments.includes(department));
    return html`<datalist id="colleagues">${colleagues.map((c) => html`<option value=${c.name}></option>`)}</datalist>`;
  }

  #dispatchFields(): TemplateResult {
    const e = (name: string) => this.#e(name);
    const departments = this.directory?.departments ?? [this.complaint.department];
    const inDepartment = (this.directory?.colleagues ?? []).filter((c) => !c.departments.length || c.departments.includes(this._department));
    return html`${selectField(
        'department',
        msg('Department'),
        departments.map((d) => [d.code, localized(d.name)]),
        { value: this._department, required: true, error: e('department'), onChange: (value) => (this._department = value) },
      )}
      ${textField('assignee', msg('Person in charge'), {
        required: true,
        error: e('assignee'),
        list: 'colleagues',
        autocomplete: 'off',
        value: this.complaint.assignee ?? '',
        hint: inDepartment.length
          ? msg(str`Pick from the department’s staff (${inDepartment.map((c) => c.name).join(', ')}) or type a name.`)
          : msg('Type the name of the person in charge.'),
      })}
      ${this.#colleagueList(this._department)}
      ${textArea('requirements', msg('Handling requirements'), { error: e('requirements') })}
      ${textField('dueAt', msg('Deadline'), { type: 'datetime-local', error: e('dueAt'), hint: this.#timeHint() })}`;
  }

  #runningClocks(): StaffComplaint['clocks'] {
    return this.complaint.clocks.filter((clock) => clock.running);
  }

  #extendFields(): TemplateResult {
    const e = (name: string) => this.#e(name);
    const running = this.#runningClocks();
    return html`${selectField(
        'stage',
        msg('Deadline'),
        running.map((clock) => [clock.stage, `${stageName(clock.stage)} — ${msg(str`due ${formatDateTime(clock.dueAt, this.#timeZone)}`)}`]),
        { value: running[0]?.stage, required: true, error: e('stage') },
      )}
      ${running.length ? nothing : html`<p class="message error">${msg('No deadline is running.')}</p>`}
      ${radioField(
        'mode',
        msg('Extend'),
        [
          ['by', msg('By a length of time')],
          ['until', msg('Until a date and time')],
        ],
        { value: this._extendMode, required: true, onChange: (value) => (this._extendMode = value as 'by' | 'until') },
      )}
      ${this._extendMode === 'by'
        ? html`<div class="columns">
            ${textField('amount', msg('How much longer'), { type: 'number', min: '1', inputmode: 'numeric', required: true, error: e('amount') })}
            ${selectField(
              'unit',
              msg('Unit'),
              DURATION_UNITS.map((u) => [u, durationUnitLabel(u)]),
              { value: 'workingDays', required: true, error: e('unit') },
            )}
          </div>`
        : textField('until', msg('New deadline'), { type: 'datetime-local', required: true, error: e('until'), hint: this.#timeHint() })}
      ${textArea('reason', msg('Reason'), { required: true, error: e('reason') })}
      ${textField('approvedBy', msg('Approved by'), { required: true, error: e('approvedBy'), value: this.portal.session.user.name })}`;
  }

  #outcomes(): string[] {
    const fixed: Partial<Record<string, string>> = { mediated: 'mediated', settled: 'settled', 'mediation-failed': 'referred' };
    const required = fixed[this.complaint.status];
    return required ? [required] : ['resolved', 'unresolved'];
  }

  #agreementFields(): TemplateResult {
    const e = (name: string) => this.#e(name);
    const letters = (index: number) => String.fromCharCode(65 + index);
    return html`${textArea('text', msg('Agreement text'), { required: true, error: e('text'), rows: 8 })}
      <fieldset class="field radios" aria-describedby=${this.#e('parties') ? 'parties-error' : nothing}>
        <legend>${msg('Parties')} <span class="required">(${msg('at least two')})</span></legend>
        ${Array.from(
          { length: this._parties },
          (_, index) => html`<div class="party">
            ${textField(`party-${index}`, msg(str`Party ${letters(index)}`), { required: index < 2 })}
            ${index >= 2
              ? html`<button type="button" class="secondary" aria-label=${msg(str`Remove party ${letters(index)}`)} @click=${() => this.#removeParty(index)}>
                  ${msg('Remove')}
                </button>`
              : nothing}
          </div>`,
        )}
        ${this.#e('parties') ? html`<p class="field-error" id="parties-error">${this.#e('parties')}</p>` : nothing}
        ${this._parties < 10 ? html`<button type="button" class="secondary" @click=${() => (this._parties += 1)}>${msg('Add a party')}</button>` : nothing}
      </fieldset>
      ${textField('signedAt', msg('Signed at'), {
        type: 'datetime-local',
        required: true,
        error: e('signedAt'),
        value: isoToZoned(Date.now(), this.#timeZone),
        hint: this.#timeHint(),
      })}`;
  }

  /** Removing a party shifts the later ones up, keeping what was typed in them. */
  #removeParty(index: number): void {
    const inputs = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[name^="party-"]')];
    for (let i = index; i < inputs.length - 1; i++) inputs[i]!.value = inputs[i + 1]!.value;
    this._parties -= 1;
  }

  #correctFields(): TemplateResult {
    const e = (name: string) => this.#e(name);
    const c = this.complaint;
    const site = this.portal.publicSite;
    const value = (): TemplateResult => {
      switch (this._correctField) {
        case 'description':
          return textArea('value.description', msg('Correct description'), { required: true, error: e('value') ?? e('value.description'), value: c.description });
        case 'place':
          return html`<div class="columns">
            ${site.placeFields.map((field) =>
              textField(`value.${field}`, placeFieldLabel(field), { value: c.place[field] ?? '', error: e(`value.${field}`) }),
            )}
          </div>`;
        case 'complainant':
          return html`<p class="hint">${msg('Give the complainant’s details in full; what is left empty is removed.')}</p>
            <div class="columns">
              ${textField('value.name', msg('Name'), { error: e('value.name'), autocomplete: 'off' })}
              ${textField('value.phone', msg('Phone'), { type: 'tel', error: e('value.phone'), autocomplete: 'off' })}
              ${textField('value.email', msg('Email'), { type: 'email', error: e('value.email'), autocomplete: 'off' })}
              ${selectField(
                'value.preferredContact',
                msg('Preferred contact'),
                (['phone', 'email', 'letter', 'none'] as const).map((v) => [v, contactLabel(v)]),
                { blank: msg('Not said'), error: e('value.preferredContact') },
              )}
            </div>`;
        case 'category':
          return selectField(
            'value.category',
            msg('Correct category'),
            site.categories.map((category) => [category.code, localized(category.name)]),
            { value: c.category.code, required: true, error: e('value') ?? e('value.category') },
          );
        case 'subject':
          return textField('value.subject', msg('Person or department complained about'), { value: c.subject ?? '', error: e('value') ?? e('value.subject') });
      }
    };
    return html`${selectField(
        'field',
        msg('What to correct'),
        CORRECTABLE.map((f) => [f, correctionFieldLabel(f)]),
        { value: this._correctField, required: true, error: e('field'), onChange: (v) => (this._correctField = v as (typeof CORRECTABLE)[number]) },
      )}
      ${value()}
      ${textArea('reason', msg('Reason for the correction'), { required: true, error: e('reason'), hint: msg('The record keeps both the old and the new value.') })}`;
  }

  /** The command as the API takes it, from what is in the form; throws `Invalid` at the first gap. */
  #build(form: HTMLFormElement): StaffCommand {
    const v = new Values(form, this.#timeZone);
    const opt = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));
    switch (this.command) {
      case 'accept':
        return { type: 'accept', ...opt('notice', v.optional('notice')), ...opt('expectedBy', v.time('expectedBy')) };
      case 'not-accept':
        return { type: 'not-accept', reason: v.text('reason'), ...opt('referTo', v.optional('referTo')) };
      case 'request-information':
        return { type: 'request-information', question: v.text('question') };
      case 'provide-information':
        return { type: 'provide-information', text: v.text('text') };
      case 'waive-information':
        return { type: 'waive-information', note: v.text('note') };
      case 'classify':
        return {
          type: 'classify',
          severity: v.choice('severity') as (typeof SEVERITIES)[number],
          priority: v.choice('priority') as (typeof PRIORITIES)[number],
          vip: v.checked('vip'),
        };
      case 'dispatch':
        return {
          type: 'dispatch',
          department: v.choice('department'),
          assignee: v.text('assignee'),
          ...opt('requirements', v.optional('requirements')),
          ...opt('dueAt', v.time('dueAt')),
        };
      case 'arrive-on-site':
      case 'start-investigation':
      case 'start-work':
        return { type: this.command, ...opt('note', v.optional('note')) };
      case 'propose-plan':
        return {
          type: 'propose-plan',
          measures: v.text('measures'),
          responsibility: v.text('responsibility'),
          schedule: v.text('schedule'),
          ...opt('dueAt', v.time('dueAt')),
          seekOpinion: v.checked('seekOpinion'),
        };
      case 'record-plan-opinion':
        return { type: 'record-plan-opinion', agrees: v.yesNo('agrees'), ...opt('comment', v.optional('comment')) };
      case 'add-note':
        return { type: 'add-note', note: v.text('note'), public: v.choice('visibility') === 'public' };
      case 'resolve':
        return { type: 'resolve', result: v.text('result'), basis: v.text('basis'), ...opt('improvement', v.optional('improvement')) };
      case 'send-feedback':
        return { type: 'send-feedback', channel: v.choice('channel') as (typeof FEEDBACK_CHANNELS)[number], message: v.text('message') };
      case 'record-satisfaction':
        return {
          type: 'record-satisfaction',
          rating: v.choice('rating') as (typeof RATINGS)[number],
          via: v.choice('via') as 'survey' | 'return-visit' | 'phone',
          ...opt('comment', v.optional('comment')),
        };
      case 'record-return-visit': {
        const rating = v.optional('rating') as (typeof RATINGS)[number] | undefined;
        return { type: 'record-return-visit', note: v.text('note'), rectified: v.checked('rectified'), ...(rating ? { rating } : {}) };
      }
      case 'reopen':
        return { type: 'reopen', reason: v.text('reason') };
      case 'escalate':
        return { type: 'escalate', to: v.choice('to') as 'supervisor' | 'manager' | 'higher-level', note: v.text('note') };
      case 'extend-deadline': {
        const stage = v.choice('stage') as StaffComplaint['clocks'][number]['stage'];
        let change: { by: Duration } | { until: string };
        if (this._extendMode === 'by') {
          const amount = Number(v.text('amount'));
          if (!Number.isInteger(amount) || amount < 1) throw new Invalid('amount', msg('Give a whole number, 1 or more.'));
          change = { by: { amount, unit: v.choice('unit') as Duration['unit'] } };
        } else change = { until: v.requiredTime('until') };
        return { type: 'extend-deadline', stage, ...change, reason: v.text('reason'), approvedBy: v.text('approvedBy') };
      }
      case 'close':
        return { type: 'close', outcome: v.choice('outcome') as CloseOutcome, ...opt('note', v.optional('note')) };
      case 'archive':
        return { type: 'archive', ...opt('signedOffBy', v.optional('signedOffBy')) };
      case 'merge':
        return { type: 'merge', intoReference: v.text('intoReference').toUpperCase() };
      case 'withdraw':
        return { type: 'withdraw', ...opt('reason', v.optional('reason')) };
      case 'assess-mediation':
        return { type: 'assess-mediation', eligible: v.yesNo('eligible'), note: v.text('note'), ...opt('fileNumber', v.optional('fileNumber')) };
      case 'record-mediation-agreement': {
        const text = v.text('text');
        const parties = Array.from({ length: this._parties }, (_, i) => v.optional(`party-${i}`)).filter((p): p is string => Boolean(p));
        if (parties.length < 2) throw new Invalid('parties', msg('Name at least two parties.'));
        return { type: 'record-mediation-agreement', text, parties, signedAt: v.requiredTime('signedAt') };
      }
      case 'record-mediation-failure':
        return { type: 'record-mediation-failure', advice: v.choice('advice') as 'court' | 'arbitration' | 'other', note: v.text('note') };
      case 'record-settlement':
        return { type: 'record-settlement', text: v.text('text') };
      case 'record-finding':
        return { type: 'record-finding', staffMember: v.text('staffMember'), substantiated: v.yesNo('substantiated'), ...opt('note', v.optional('note')) };
      case 'correct':
        return { type: 'correct', field: this._correctField, value: this.#correction(v), reason: v.text('reason') };
    }
  }

  #correction(v: Values): unknown {
    switch (this._correctField) {
      case 'description':
        return v.text('value.description');
      case 'place':
        return Object.fromEntries(this.portal.publicSite.placeFields.flatMap((field) => (v.optional(`value.${field}`) ? [[field, v.optional(`value.${field}`)]] : [])));
      case 'complainant': {
        const person = Object.fromEntries(
          (['name', 'phone', 'email', 'preferredContact'] as const).flatMap((field) => (v.optional(`value.${field}`) ? [[field, v.optional(`value.${field}`)]] : [])),
        );
        return Object.keys(person).length ? person : null;
      }
      case 'category':
        return v.choice('value.category');
      case 'subject':
        return v.optional('value.subject') ?? '';
    }
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const form = event.target as HTMLFormElement;
    let command: StaffCommand;
    try {
      command = this.#build(form);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      this._errors = { [error.field]: error.message };
      this._message = msg('Some fields need attention.');
      await this.updateComplete;
      focusFirstError(this.renderRoot);
      return;
    }
    this._busy = true;
    this._errors = {};
    this._message = '';
    try {
      const complaint = await this.portal.api.command(this.portal.site, this.complaint.id, this.complaint.version, command, this.#key);
      this.#key = newKey();
      this.dispatchEvent(new CustomEvent<StaffComplaint>('command-done', { detail: complaint, bubbles: true, composed: true }));
    } catch (error) {
      if (!(error instanceof StaffApiError)) throw error;
      this.#refused(error.failure);
    } finally {
      this._busy = false;
    }
  }

  #refused(failure: StaffFailure): void {
    // the server answered: the next send is a new request. Without an answer it may have been
    // applied, so the same key goes again.
    if (failure.kind === 'http' && failure.status < 500 && failure.status !== 408 && failure.status !== 429) this.#key = newKey();
    this._message = commandFailure(failure);
    if (failure.kind === 'http' && failure.status === 422) {
      const fieldOf = (issue: ErrorIssue) => {
        const field = issueField(issue.path);
        return field && this.#hasField(field) ? field : undefined;
      };
      const placed = issuesAtFields(failure.issues, fieldOf, commandIssue, this._message);
      this._errors = placed.errors;
      this._message = placed.summary;
      void this.updateComplete.then(() => focusFirstError(this.renderRoot));
    }
    if (failure.kind === 'http' && (failure.status === 409 || failure.status === 404)) {
      this.dispatchEvent(new CustomEvent('complaint-stale', { bubbles: true, composed: true }));
    }
  }

  #hasField(field: string): boolean {
    if (field === 'parties' || field === 'public') return true;
    // a refused correction is pointed at its value as a whole: shown at the one field that holds it
    if (field === 'value') return this.command === 'correct' && ['description', 'category', 'subject'].includes(this._correctField);
    return Boolean(this.renderRoot.querySelector(`[name="${CSS.escape(field)}"]`));
  }

  #cancel(): void {
    this.dispatchEvent(new CustomEvent('command-cancel', { bubbles: true, composed: true }));
  }
}

define('portal-command-form', PortalCommandForm);

declare global {
  interface HTMLElementTagNameMap {
    'portal-command-form': PortalCommandForm;
  }
}
