import { type TemplateResult, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg } from '@lit/localize';
import type { Duration, Site } from '../../../api/contract/site.ts';
import { durationUnitLabel } from '../../shared/labels.ts';
import { LANGUAGE_NAMES, LOCALES } from '../../shared/locale.ts';
import { type ConfigSection, type Path, UNITS, getAt, onWallClock, pathKey, setAt } from './model.ts';

/** What the settings screen remembers about the editors beyond the configuration itself. */
export interface SettingsUi {
  /** the category open in the categories editor */
  category: number;
  /** the category whose own deadlines are shown, '' for none */
  deadlineCategory: string;
}

export interface ConfirmQuestion {
  title: string;
  body: string;
  confirm: string;
  cancel?: string;
  danger?: boolean;
}

/**
 * How a section's editor reads and changes the copy of the configuration being edited. Each
 * field names the path it edits: the same path the server names when it refuses a value.
 */
export interface Editor {
  readonly draft: Site;
  readonly saved: Site;
  readonly ui: SettingsUi;
  /** the message for the value at `path`, '' when there is none */
  error(path: Path): string;
  /** every message at or under `path` */
  errorsUnder(path: Path): string[];
  set(path: Path, value: unknown): void;
  /** shows (or, with '', clears) a message at `path` found while editing */
  check(path: Path, message: string): void;
  /** a change to a list (an item added, removed or moved): its messages go, the view is drawn again */
  change(under: Path, mutate: (draft: Site) => void, focusId?: string): void;
  setUi(patch: Partial<SettingsUi>, focusId?: string): void;
  /** whether an item of a list was added since the configuration was loaded: only those may get a new code */
  isNew(item: object): boolean;
  markNew(item: object): void;
  ask(question: ConfirmQuestion): Promise<boolean>;
  show(section: ConfigSection): void;
}

const describedBy = (...ids: (string | false | undefined)[]): string | typeof nothing => {
  const list = ids.filter(Boolean).join(' ');
  return list || nothing;
};

export const errorLine = (key: string, message: string): TemplateResult | typeof nothing =>
  message ? html`<p class="field-error" id="${key}--error">${message}</p>` : nothing;

export interface TextOptions {
  type?: 'text' | 'email' | 'tel' | 'number' | 'time' | 'date' | 'url';
  hint?: string;
  readonly?: boolean;
  required?: boolean;
  autocomplete?: string;
  list?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  lang?: string;
  size?: 'short' | 'medium' | 'wide';
  multiline?: boolean;
  /** how the typed text becomes the stored value (a number, a share) */
  parse?: (value: string) => unknown;
  /** how the stored value is shown */
  format?: (value: unknown) => string;
}

/** A labelled text field (or textarea) bound to `path`, with its hint and its error. */
export function textField(editor: Editor, path: Path, label: string, options: TextOptions = {}): TemplateResult {
  const key = pathKey(path);
  const error = editor.error(path);
  const stored = getAt(editor.draft, path);
  const value = options.format ? options.format(stored) : stored === undefined || stored === null || Number.isNaN(stored) ? '' : String(stored);
  const onInput = (event: Event) => {
    const raw = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    editor.set(path, options.parse ? options.parse(raw) : raw);
  };
  const described = describedBy(options.hint && `${key}--hint`, error && `${key}--error`);
  return html`<div class="field ${options.size ?? ''}">
    <label for=${key} lang=${options.lang ?? nothing}>${label}</label>
    ${options.hint ? html`<p class="hint" id="${key}--hint">${options.hint}</p>` : nothing}
    ${options.multiline
      ? html`<textarea
          id=${key}
          lang=${options.lang ?? nothing}
          .value=${live(value)}
          ?readonly=${options.readonly}
          ?required=${options.required}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described}
          @input=${onInput}
        ></textarea>`
      : html`<input
          id=${key}
          type=${options.type ?? 'text'}
          lang=${options.lang ?? nothing}
          .value=${live(value)}
          ?readonly=${options.readonly}
          ?required=${options.required}
          autocomplete=${options.autocomplete ?? 'off'}
          list=${options.list ?? nothing}
          min=${options.min ?? nothing}
          max=${options.max ?? nothing}
          step=${options.step ?? nothing}
          inputmode=${options.type === 'number' ? 'numeric' : nothing}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described}
          @input=${onInput}
        />`}
    ${errorLine(key, error)}
  </div>`;
}

export const toNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/** A name in the three languages: a fieldset with one field each. */
export function localizedFields(editor: Editor, path: Path, legend: string, options: { hint?: string; multiline?: boolean } = {}): TemplateResult {
  const key = pathKey(path);
  const whole = editor.error(path);
  return html`<fieldset class="localized" aria-describedby=${describedBy(options.hint && `${key}--hint`, whole && `${key}--error`)}>
    <legend>${legend}</legend>
    ${options.hint ? html`<p class="hint" id="${key}--hint">${options.hint}</p>` : nothing}
    <div class="languages">
      ${LOCALES.map((locale) =>
        textField(editor, [...path, locale], LANGUAGE_NAMES[locale], { lang: locale, multiline: options.multiline ?? false, required: true }),
      )}
    </div>
    ${errorLine(key, whole)}
  </fieldset>`;
}

export function selectField(
  editor: Editor,
  path: Path,
  label: string,
  options: readonly { value: string; label: string }[],
  extra: { hint?: string; onChange?: (value: string) => void } = {},
): TemplateResult {
  const key = pathKey(path);
  const error = editor.error(path);
  const value = String(getAt(editor.draft, path) ?? '');
  return html`<div class="field">
    <label for=${key}>${label}</label>
    ${extra.hint ? html`<p class="hint" id="${key}--hint">${extra.hint}</p>` : nothing}
    <select
      id=${key}
      .value=${live(value)}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy(extra.hint && `${key}--hint`, error && `${key}--error`)}
      @change=${(event: Event) => {
        const chosen = (event.target as HTMLSelectElement).value;
        if (extra.onChange) extra.onChange(chosen);
        else editor.set(path, chosen);
      }}
    >
      ${options.some((option) => option.value === value) ? nothing : html`<option value=${value} selected>${value || msg('Choose…')}</option>`}
      ${options.map((option) => html`<option value=${option.value} ?selected=${option.value === value}>${option.label}</option>`)}
    </select>
    ${errorLine(key, error)}
  </div>`;
}

/** A checkbox bound to a boolean at `path`. */
export function checkField(editor: Editor, path: Path, label: string, hint?: string, onChange?: (checked: boolean) => void): TemplateResult {
  const key = pathKey(path);
  const error = editor.error(path);
  return html`<div class="check">
    <input
      id=${key}
      type="checkbox"
      .checked=${live(Boolean(getAt(editor.draft, path)))}
      aria-describedby=${describedBy(hint && `${key}--hint`, error && `${key}--error`)}
      @change=${(event: Event) => {
        const checked = (event.target as HTMLInputElement).checked;
        if (onChange) onChange(checked);
        else editor.set(path, checked);
      }}
    />
    <label for=${key}>${label}</label>
    ${hint ? html`<p class="hint" id="${key}--hint">${hint}</p>` : nothing}
    ${errorLine(key, error)}
  </div>`;
}

/** The unit list: wall-clock units and working-time units apart, so the basis is plain. */
export function unitOptions(selected: Duration['unit']): TemplateResult {
  const option = (unit: Duration['unit']) => html`<option value=${unit} ?selected=${unit === selected}>${durationUnitLabel(unit)}</option>`;
  return html`<optgroup label=${msg('On the clock, every day')}>${UNITS.filter(onWallClock).map(option)}</optgroup>
    <optgroup label=${msg('Working time, on the business calendar')}>${UNITS.filter((unit) => !onWallClock(unit)).map(option)}</optgroup>`;
}

export interface DurationOptions {
  hint?: string;
  /** the stage may have no deadline: a checkbox turns it on and off */
  optional?: { label: string; fallback: Duration };
}

/** An amount and a unit; optional ones can be switched off. */
export function durationField(editor: Editor, path: Path, legend: string, options: DurationOptions = {}): TemplateResult {
  const key = pathKey(path);
  const value = getAt(editor.draft, path) as Duration | undefined;
  const on = Boolean(value);
  const errors = [editor.error(path), editor.error([...path, 'unit'])].filter(Boolean).join(' ');
  const amountError = editor.error([...path, 'amount']);
  return html`<fieldset class="duration" aria-describedby=${describedBy(options.hint && `${key}--hint`, errors && `${key}--error`)}>
    <legend>${legend}</legend>
    ${options.hint ? html`<p class="hint" id="${key}--hint">${options.hint}</p>` : nothing}
    ${options.optional
      ? html`<div class="check">
          <input
            id="${key}--on"
            type="checkbox"
            .checked=${live(on)}
            @change=${(event: Event) =>
              editor.change(path, (draft) => {
                const checked = (event.target as HTMLInputElement).checked;
                setAt(draft, path, checked ? { ...options.optional!.fallback } : undefined);
              })}
          />
          <label for="${key}--on">${options.optional.label}</label>
        </div>`
      : nothing}
    ${value
      ? html`<div class="amount-unit">
          ${textField(editor, [...path, 'amount'], msg('Amount'), { type: 'number', min: 1, step: 1, parse: toNumber, size: 'short' })}
          <div class="field">
            <label for="${key}.unit">${msg('Unit')}</label>
            <select id="${key}.unit" @change=${(event: Event) => editor.set([...path, 'unit'], (event.target as HTMLSelectElement).value)}>
              ${unitOptions(value.unit)}
            </select>
          </div>
        </div>`
      : nothing}
    ${errorLine(key, errors)}
    ${amountError && !value ? errorLine(`${key}.amount`, amountError) : nothing}
  </fieldset>`;
}

/** A small icon-like button with a full name for screen readers. */
export function smallButton(label: string, text: string, onClick: () => void, options: { disabled?: boolean; danger?: boolean; id?: string } = {}): TemplateResult {
  return html`<button
    type="button"
    class="secondary small ${options.danger ? 'danger-text' : ''}"
    id=${options.id ?? nothing}
    aria-label=${label}
    title=${label}
    ?disabled=${options.disabled}
    @click=${onClick}
  >
    <span aria-hidden="true">${text}</span>
  </button>`;
}
