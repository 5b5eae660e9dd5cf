import { type TemplateResult, css, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '@lit/localize';

/*
 * Form fields drawn the same way on the complaint's forms and the intake: a label tied to its
 * control, a hint and an error tied with aria-describedby, and "required" said in words.
 * Values are read back with FormData, so what a member typed stays in the fields (and in the
 * DOM) however often the screen draws itself again.
 */

export interface FieldOptions {
  required?: boolean;
  hint?: string;
  error?: string | undefined;
  /** the first value; later changes are the member's */
  value?: string | undefined;
}

const describedBy = (id: string, options: FieldOptions): string | undefined =>
  [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function labelOf(id: string, label: string, options: FieldOptions): TemplateResult {
  return html`<label for=${id}>${label}${options.required ? html` <span class="required">(${msg('required')})</span>` : nothing}</label>`;
}

function after(id: string, options: FieldOptions): TemplateResult {
  return html`${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : nothing}${options.error
    ? html`<p class="field-error" id="${id}-error">${options.error}</p>`
    : nothing}`;
}

export function textField(
  id: string,
  label: string,
  options: FieldOptions & { type?: 'text' | 'email' | 'tel' | 'number' | 'datetime-local'; list?: string; autocomplete?: string; min?: string; inputmode?: string } = {},
): TemplateResult {
  return html`<div class="field">
    ${labelOf(id, label, options)}
    <input
      id=${id}
      name=${id}
      type=${options.type ?? 'text'}
      .defaultValue=${options.value ?? ''}
      list=${ifDefined(options.list)}
      autocomplete=${ifDefined(options.autocomplete)}
      min=${ifDefined(options.min)}
      inputmode=${ifDefined(options.inputmode)}
      aria-required=${options.required ? 'true' : 'false'}
      aria-invalid=${options.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(id, options))}
    />
    ${after(id, options)}
  </div>`;
}

export function textArea(id: string, label: string, options: FieldOptions & { rows?: number } = {}): TemplateResult {
  return html`<div class="field">
    ${labelOf(id, label, options)}
    <textarea
      id=${id}
      name=${id}
      rows=${options.rows ?? 4}
      .defaultValue=${options.value ?? ''}
      aria-required=${options.required ? 'true' : 'false'}
      aria-invalid=${options.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(id, options))}
    ></textarea>
    ${after(id, options)}
  </div>`;
}

export function selectField(
  id: string,
  label: string,
  choices: readonly (readonly [value: string, label: string])[],
  options: FieldOptions & { blank?: string; onChange?: (value: string) => void } = {},
): TemplateResult {
  return html`<div class="field">
    ${labelOf(id, label, options)}
    <select
      id=${id}
      name=${id}
      aria-required=${options.required ? 'true' : 'false'}
      aria-invalid=${options.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(id, options))}
      @change=${(event: Event) => options.onChange?.((event.target as HTMLSelectElement).value)}
    >
      ${options.blank !== undefined ? html`<option value="" ?selected=${!options.value}>${options.blank}</option>` : nothing}
      ${choices.map(([value, text]) => html`<option value=${value} ?selected=${value === options.value}>${text}</option>`)}
    </select>
    ${after(id, options)}
  </div>`;
}

export function checkField(id: string, label: string, options: { checked?: boolean; hint?: string; error?: string | undefined; onChange?: (checked: boolean) => void } = {}): TemplateResult {
  const fieldOptions: FieldOptions = { ...(options.hint ? { hint: options.hint } : {}), ...(options.error ? { error: options.error } : {}) };
  return html`<div class="field check">
    <label for=${id}>
      <input
        id=${id}
        name=${id}
        type="checkbox"
        .defaultChecked=${options.checked ?? false}
        aria-describedby=${ifDefined(describedBy(id, fieldOptions))}
        @change=${(event: Event) => options.onChange?.((event.target as HTMLInputElement).checked)}
      />
      <span>${label}</span>
    </label>
    ${after(id, fieldOptions)}
  </div>`;
}

export function radioField(
  id: string,
  legend: string,
  choices: readonly (readonly [value: string, label: string])[],
  options: FieldOptions & { onChange?: (value: string) => void } = {},
): TemplateResult {
  return html`<fieldset
    class="field radios"
    role="radiogroup"
    aria-labelledby="${id}-legend"
    aria-required=${options.required ? 'true' : 'false'}
    aria-describedby=${ifDefined(describedBy(id, options))}
    aria-invalid=${options.error ? 'true' : 'false'}
  >
    <legend id="${id}-legend">${legend}${options.required ? html` <span class="required">(${msg('required')})</span>` : nothing}</legend>
    ${choices.map(
      ([value, text]) =>
        html`<label class="choice" for="${id}-${value}">
          <input
            id="${id}-${value}"
            type="radio"
            name=${id}
            value=${value}
            .defaultChecked=${value === options.value}
            @change=${() => options.onChange?.(value)}
          />
          <span>${text}</span>
        </label>`,
    )}
    ${after(id, options)}
  </fieldset>`;
}

/** Takes the member to the first field marked invalid (the first choice of a group), or else to the message. */
export function focusFirstError(root: ParentNode): void {
  const invalid = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  const target = invalid?.matches('fieldset') ? invalid.querySelector<HTMLElement>('input') : invalid;
  (target ?? root.querySelector<HTMLElement>('[role="alert"]'))?.focus();
}

/** How the fields look, for the screens that use them. */
export const fieldStyles = css`
  .field input:not([type='checkbox']):not([type='radio']),
  .field select,
  .field textarea {
    inline-size: 100%;
  }
  .required {
    font-weight: 400;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .hint {
    margin-block: 0.25em 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field-error {
    margin-block: 0.25em 0;
    color: var(--_late);
    font-weight: 600;
  }
  [aria-invalid='true'] {
    border-color: var(--_late);
    outline-color: var(--_late);
  }
  fieldset.radios {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: 0.5em;
    padding-inline: 0.75em;
  }
  legend {
    font-weight: 600;
    padding-inline: 0.25em;
  }
  .check > label,
  label.choice {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-block-size: 44px;
    font-weight: 400;
    margin: 0;
    cursor: pointer;
  }
  .check > label {
    font-weight: 600;
  }
  input[type='checkbox'],
  input[type='radio'] {
    inline-size: 1.3em;
    block-size: 1.3em;
    min-block-size: 0;
    margin: 0;
    accent-color: var(--_accent);
  }
`;
