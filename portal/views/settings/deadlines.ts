import { type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Duration } from '../../../api/contract/site.ts';
import { localized } from '../../shared/locale.ts';
import { type Editor, durationField } from './fields.ts';
import { STAGES } from '../../shared/labels.ts';
import { type Stage, deadlineName, formatDurationSetting, pathKey, stageHint } from './model.ts';

const fallback = (unit: Duration['unit'], amount: number): Duration => ({ amount, unit });

/** Stage clocks: the site's own, then any category's that differ. */
export function deadlinesSection(editor: Editor): TemplateResult {
  const policy = editor.draft.policy;
  const chosen = policy.categories.findIndex((c) => c.code === editor.ui.deadlineCategory && c.code);
  return html`<p class="hint">
      ${msg('Minutes, hours and days run on the wall clock, every day and night. Working hours and working days follow the calendar: its working hours, weekends and holidays.')}
    </p>
    <section class="block" aria-labelledby="site-deadlines-title">
      <h3 id="site-deadlines-title">${msg('The site’s deadlines')}</h3>
      <div class="stages">${STAGES.map((stage) => stageEditor(editor, ['policy', 'deadlines'], stage, stage !== 'acknowledge'))}</div>
    </section>
    <section class="block" aria-labelledby="category-deadlines-title">
      <h3 id="category-deadlines-title">${msg('Deadlines of a category')}</h3>
      <div class="field">
        <label for="deadline-category">${msg('Category')}</label>
        <p class="hint" id="deadline-category-hint">${msg('A category may have its own clock for some stages, e.g. 3 minutes to be on site at a fire.')}</p>
        <select
          id="deadline-category"
          aria-describedby="deadline-category-hint"
          @change=${(event: Event) => editor.setUi({ deadlineCategory: (event.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${chosen < 0}>${msg('Choose a category…')}</option>
          ${policy.categories
            .filter((c) => c.code)
            .map((c) => {
              const own = Object.keys(c.deadlines ?? {}).length;
              return html`<option value=${c.code} ?selected=${c.code === editor.ui.deadlineCategory}>
                ${localized(c.name) || c.code}${own ? ` (${msg(str`${own} of its own`)})` : ''}
              </option>`;
            })}
        </select>
      </div>
      ${chosen >= 0 ? categoryStages(editor, chosen) : nothing}
    </section>`;
}

function categoryStages(editor: Editor, index: number): TemplateResult {
  const at = ['policy', 'categories', index, 'deadlines'];
  return html`<div class="stages">
    ${STAGES.map((stage) => {
      const own = editor.draft.policy.categories[index]!.deadlines?.[stage];
      const site = editor.draft.policy.deadlines[stage];
      const siteText =
        stage === 'returnVisit'
          ? site && 'after' in site
            ? `${formatDurationSetting(site.after)} – ${formatDurationSetting(site.within)}`
            : msg('no deadline')
          : formatDurationSetting(site as Duration | undefined);
      return stageEditor(editor, at, stage, true, own ? undefined : msg(str`Follows the site: ${siteText}.`));
    })}
  </div>`;
}

/**
 * One stage's clock. On the site, only the acknowledgement must have one; on a category, a
 * stage either follows the site or has its own.
 */
function stageEditor(editor: Editor, at: (string | number)[], stage: Stage, optional: boolean, note?: string): TemplateResult {
  const onCategory = at[1] === 'categories';
  const toggle = onCategory ? msg('Its own deadline') : msg('This stage has a deadline');
  const hint = note ? `${stageHint(stage)} ${note}` : stageHint(stage);
  if (stage !== 'returnVisit') {
    const site = editor.draft.policy.deadlines[stage];
    return durationField(editor, [...at, stage], deadlineName(stage), {
      hint,
      ...(optional ? { optional: { label: toggle, fallback: { ...(site ?? fallback('hours', 24)) } } } : {}),
    });
  }
  const path = [...at, 'returnVisit'];
  const key = pathKey(path);
  const visit = editor.draft.policy.categories[at[2] as number]?.deadlines?.returnVisit;
  const value = onCategory ? visit : editor.draft.policy.deadlines.returnVisit;
  return html`<fieldset class="duration visit" aria-describedby="${key}--hint">
    <legend>${deadlineName(stage)}</legend>
    <p class="hint" id="${key}--hint">${hint}</p>
    <div class="check">
      <input
        id="${key}--on"
        type="checkbox"
        .checked=${Boolean(value)}
        @change=${(event: Event) => {
          const checked = (event.target as HTMLInputElement).checked;
          editor.change(path, (draft) => {
            const target = onCategory ? (draft.policy.categories[at[2] as number]!.deadlines ??= {}) : draft.policy.deadlines;
            if (checked) target.returnVisit = structuredClone(draft.policy.deadlines.returnVisit ?? { after: fallback('days', 3), within: fallback('days', 5) });
            else delete target.returnVisit;
          });
        }}
      />
      <label for="${key}--on">${toggle}</label>
    </div>
    ${value
      ? html`<div class="grid-2">
          ${durationField(editor, [...path, 'after'], msg('Not before'))} ${durationField(editor, [...path, 'within'], msg('At the latest after'))}
        </div>`
      : nothing}
  </fieldset>`;
}
