import { type TemplateResult, html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { PlaceField } from '../../../api/contract/site.ts';
import { type Editor, checkField, errorLine, localizedFields, selectField } from './fields.ts';
import { placeFieldLabel } from '../../shared/labels.ts';
import { LANGUAGE_NAMES, LOCALES } from '../../shared/locale.ts';
import { emptyText, pathKey } from './model.ts';

const PLACE_FIELDS: readonly PlaceField[] = ['unit', 'room', 'address'];

/** What residents see of the site on the form: its name, the language it opens in, anonymity, the place, consent. */
export function formSection(editor: Editor): TemplateResult {
  const policy = editor.draft.policy;
  const placeKey = pathKey(['policy', 'placeFields']);
  const placeError = editor.error(['policy', 'placeFields']);
  return html`${localizedFields(editor, ['name'], msg('Name of the organisation'), { hint: msg('Shown above the form and in the resident app.') })}
    <div class="grid-2">
      ${selectField(
        editor,
        ['defaultLocale'],
        msg('Language the form opens in'),
        LOCALES.map((locale) => ({ value: locale, label: LANGUAGE_NAMES[locale] })),
        { hint: msg('When the page does not say which language it is in.') },
      )}
      ${selectField(editor, ['kind'], msg('Kind of organisation'), [
        { value: 'community', label: msg('Community office') },
        { value: 'hotel', label: msg('Hotel') },
        { value: 'bureau', label: msg('Public bureau') },
        { value: 'other', label: msg('Other') },
      ])}
    </div>
    ${checkField(
      editor,
      ['policy', 'allowAnonymous'],
      msg('Residents may file anonymously'),
      msg('The form offers to leave out the name and the contact; the reference and the access code are all a resident needs to follow the complaint.'),
    )}
    <fieldset class="block" aria-describedby=${placeError ? `${placeKey}--error` : nothing}>
      <legend>${msg('What the form asks about the place')}</legend>
      ${PLACE_FIELDS.map(
        (field) => html`<div class="check">
          <input
            type="checkbox"
            id="${placeKey}.${field}"
            .checked=${policy.placeFields.includes(field)}
            @change=${(event: Event) => {
              const checked = (event.target as HTMLInputElement).checked;
              editor.change(['policy', 'placeFields'], (draft) => {
                const chosen = new Set(draft.policy.placeFields);
                if (checked) chosen.add(field);
                else chosen.delete(field);
                draft.policy.placeFields = PLACE_FIELDS.filter((f) => chosen.has(f));
              });
            }}
          />
          <label for="${placeKey}.${field}">${placeFieldLabel(field)}</label>
        </div>`,
      )}
      ${errorLine(placeKey, placeError)}
    </fieldset>
    ${checkField(
      editor,
      ['policy', 'consentText'],
      msg('Residents must agree to a statement before filing'),
      msg('The form shows the statement with a box to tick, and the server records which wording was agreed to.'),
      (checked) => editor.change(['policy', 'consentText'], (draft) => {
        if (checked) draft.policy.consentText = editor.saved.policy.consentText ?? emptyText();
        else delete draft.policy.consentText;
      }, checked ? 'policy.consentText.zh-Hans' : undefined),
    )}
    ${policy.consentText ? localizedFields(editor, ['policy', 'consentText'], msg('Consent statement'), { multiline: true }) : nothing}`;
}
