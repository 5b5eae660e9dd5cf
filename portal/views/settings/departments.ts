import { type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Department } from '../../../api/contract/site.ts';
import { localized } from '../../shared/locale.ts';
import { type Editor, errorLine, localizedFields, selectField, textField } from './fields.ts';
import { emptyText, pathKey } from './model.ts';

const DEPARTMENTS = ['policy', 'departments'] as const;

/** The departments complaints are routed to, each with the one who hears of its breaches; then the routing itself. */
export function departmentsSection(editor: Editor): TemplateResult {
  const departments = editor.draft.policy.departments;
  const add = () =>
    editor.change(
      DEPARTMENTS,
      (draft) => {
        const created: Department = { code: '', name: emptyText(), supervisor: '' };
        editor.markNew(created);
        draft.policy.departments.push(created);
      },
      pathKey([...DEPARTMENTS, departments.length, 'code']),
    );
  return html`<div class="cards">${departments.map((department, index) => departmentEditor(editor, department, index))}</div>
    ${errorLine(pathKey(DEPARTMENTS), editor.error(DEPARTMENTS))}
    <button type="button" class="secondary" id="add-department" @click=${add}>${msg('Add a department')}</button>
    ${routing(editor)}`;
}

function departmentEditor(editor: Editor, department: Department, index: number): TemplateResult {
  const at = [...DEPARTMENTS, index];
  const name = localized(department.name) || msg('New department');
  const fresh = editor.isNew(department);
  const routed = editor.draft.policy.categories.filter((category) => category.department === department.code);
  const alone = editor.draft.policy.departments.length <= 1;
  const remove = async () => {
    const sure = await editor.ask({
      title: msg(str`Remove the department ${name}?`),
      body: msg('Complaints already dispatched to it stay with it. Nothing changes until you save.'),
      confirm: msg('Remove'),
      danger: true,
    });
    if (sure) editor.change(DEPARTMENTS, (draft) => draft.policy.departments.splice(index, 1), 'add-department');
  };
  return html`<fieldset class="card">
    <legend>${name}</legend>
    ${textField(editor, [...at, 'code'], msg('Code'), {
      readonly: !fresh,
      size: 'medium',
      hint: fresh ? msg('Lowercase letters, digits and dashes. It cannot change once saved.') : msg('Complaints and staff refer to it, so it stays as it is.'),
    })}
    ${localizedFields(editor, [...at, 'name'], msg('Name'))}
    ${textField(editor, [...at, 'supervisor'], msg('Supervisor'), {
      hint: msg('Who hears of a breach of a deadline or an escalation of this department’s work.'),
      parse: (value) => value || undefined,
    })}
    <div class="row">
      <button type="button" class="secondary danger-text" ?disabled=${routed.length > 0 || alone} aria-describedby="department-remove-${index}" @click=${remove}>
        ${msg(str`Remove ${name}`)}
      </button>
      <span class="hint" id="department-remove-${index}">
        ${routed.length
          ? msg(str`Categories are routed here: ${routed.map((c) => localized(c.name) || c.code).join(', ')}. Route them elsewhere first.`)
          : alone
            ? msg('The site needs at least one department.')
            : nothing}
      </span>
    </div>
  </fieldset>`;
}

/** Which department each category goes to, all in one place. */
function routing(editor: Editor): TemplateResult {
  const options = editor.draft.policy.departments
    .filter((d) => d.code)
    .map((d) => ({ value: d.code, label: localized(d.name) || d.code }));
  return html`<section class="block" aria-labelledby="routing-title">
    <h3 id="routing-title">${msg('Routing')}</h3>
    <p class="hint">${msg('The department each category’s complaints go to when they are filed.')}</p>
    <div class="routing">
      ${editor.draft.policy.categories.map((category, index) =>
        selectField(editor, ['policy', 'categories', index, 'department'], localized(category.name) || category.code || msg('New category'), options),
      )}
    </div>
  </section>`;
}
