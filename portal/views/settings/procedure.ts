import { type TemplateResult, html } from 'lit';
import { msg, str } from '@lit/localize';
import { type Editor, checkField, durationField, errorLine, localizedFields, smallButton, textField, toNumber } from './fields.ts';
import { emptyText, pathKey } from './model.ts';

/** A share (0.75) shown and typed as a percentage (75). */
const percent = {
  format: (value: unknown) => (typeof value === 'number' && !Number.isNaN(value) ? String(Math.round(value * 10000) / 100) : ''),
  parse: (value: string) => toNumber(value) / 100,
};

/** How the procedure runs beyond its clocks: warnings, escalation, reviews, filing, targets, conduct findings. */
export function procedureSection(editor: Editor): TemplateResult {
  const list = ['policy', 'accountability'];
  const measures = editor.draft.policy.accountability;
  return html`<div class="grid-2">
      ${textField(editor, ['policy', 'warningShare'], msg('Warn when this share of a stage’s time is used (%)'), {
        type: 'number',
        min: 1,
        max: 99,
        step: 1,
        size: 'short',
        hint: msg('A warning before the deadline; the breach itself comes at the deadline.'),
        ...percent,
      })}
      ${textField(editor, ['policy', 'manager'], msg('Who hears of major complaints at once'), {
        size: 'medium',
        hint: msg('Major and VIP complaints, and escalations past a supervisor, go to them.'),
      })}
      ${textField(editor, ['policy', 'reviewRounds'], msg('Reviews before a higher level'), {
        type: 'number',
        min: 0,
        max: 5,
        step: 1,
        size: 'short',
        parse: toNumber,
        hint: msg('How many times a dissatisfied complainant may have the result reviewed here (0 to 5).'),
      })}
      ${textField(editor, ['policy', 'satisfactionTarget'], msg('Satisfaction target (%)'), {
        type: 'number',
        min: 0,
        max: 100,
        step: 1,
        size: 'short',
        hint: msg('The share of satisfied answers the organisation commits to; reports measure against it.'),
        ...percent,
      })}
    </div>
    ${durationField(editor, ['policy', 'reopenWindow'], msg('A review may be asked for within'), {
      hint: msg('After a complaint is closed.'),
    })}
    ${checkField(editor, ['policy', 'archiveSignOff'], msg('Filing a closed complaint needs a manager’s sign-off'))}
    <fieldset class="block">
      <legend>${msg('Measures after substantiated conduct findings')}</legend>
      <p class="hint">${msg('Findings against one member of staff in a calendar year, and the measure each number leads to.')}</p>
      ${measures.map(
        (measure, i) => html`<div class="card measure">
          ${textField(editor, [...list, i, 'count'], msg(str`Number of findings (measure ${i + 1})`), { type: 'number', min: 1, step: 1, parse: toNumber, size: 'short' })}
          ${localizedFields(editor, [...list, i, 'measure'], msg(str`Measure at ${measure.count || '…'} findings`), { multiline: true })}
          ${smallButton(msg(str`Remove measure ${i + 1}`), msg('Remove'), () => editor.change(list, (draft) => draft.policy.accountability.splice(i, 1), 'add-measure'))}
        </div>`,
      )}
      ${errorLine(pathKey(list), editor.error(list))}
      <button
        type="button"
        class="secondary"
        id="add-measure"
        @click=${() =>
          editor.change(
            list,
            (draft) => draft.policy.accountability.push({ count: (measures.at(-1)?.count ?? 0) + 1, measure: emptyText() }),
            pathKey([...list, measures.length, 'measure', 'zh-Hans']),
          )}
      >
        ${msg('Add a measure')}
      </button>
    </fieldset>`;
}
