import { type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Category, Question } from '../../../api/contract/site.ts';
import { PRIORITIES, priorityLabel } from '../../shared/labels.ts';
import { localized } from '../../shared/locale.ts';
import { type Editor, checkField, errorLine, localizedFields, selectField, smallButton, textField } from './fields.ts';
import { emptyText, move, newCategory, pathKey } from './model.ts';

const CATEGORIES = ['policy', 'categories'] as const;

/** A code may be chosen only for what has not been saved yet: complaints already filed refer to it. */
function codeField(editor: Editor, item: object, path: (string | number)[], label: string): TemplateResult {
  const fresh = editor.isNew(item);
  return textField(editor, path, label, {
    readonly: !fresh,
    size: 'medium',
    hint: fresh ? msg('Lowercase letters, digits and dashes. It cannot change once saved.') : msg('Complaints refer to it, so it stays as it is.'),
  });
}

/** The categories of the form in order: what each is called, where it goes, how urgent it is, what it asks. */
export function categoriesSection(editor: Editor): TemplateResult {
  const categories = editor.draft.policy.categories;
  const current = Math.min(editor.ui.category, categories.length - 1);
  const category = categories[current];
  const add = () =>
    editor.change(
      CATEGORIES,
      (draft) => {
        const created = newCategory(draft);
        editor.markNew(created);
        draft.policy.categories.push(created);
        editor.ui.category = draft.policy.categories.length - 1;
      },
      pathKey([...CATEGORIES, categories.length, 'code']),
    );
  return html`<div class="master-detail">
    <div class="master">
      <h3 id="category-list-title">${msg('Order on the form')}</h3>
      <ol class="plain-list picker" aria-labelledby="category-list-title">
        ${categories.map((item, index) => categoryItem(editor, item, index, index === current, categories.length))}
      </ol>
      ${errorLine(pathKey(CATEGORIES), editor.error(CATEGORIES))}
      <button type="button" class="secondary" id="add-category" @click=${add}>${msg('Add a category')}</button>
    </div>
    <div class="detail">${category ? categoryEditor(editor, category, current, categories.length) : nothing}</div>
  </div>`;
}

function categoryItem(editor: Editor, item: Category, index: number, selected: boolean, count: number): TemplateResult {
  const name = localized(item.name) || msg('New category');
  const problems = editor.errorsUnder([...CATEGORIES, index]).length > 0;
  const shift = (by: -1 | 1) =>
    editor.change(
      CATEGORIES,
      (draft) => {
        if (move(draft.policy.categories, index, by) && selected) editor.ui.category = index + by;
        else if (index + by === editor.ui.category) editor.ui.category = index;
      },
      `category-${by < 0 ? 'up' : 'down'}-${index + by}`,
    );
  return html`<li class=${selected ? 'current' : ''}>
    <button
      type="button"
      class="pick"
      id="category-pick-${index}"
      aria-current=${selected ? 'true' : 'false'}
      @click=${(event: Event) => {
        const layout = (event.currentTarget as HTMLElement).closest('.master-detail');
        editor.setUi({ category: index });
        // on a narrow screen the category opens below the list: go there
        requestAnimationFrame(() => {
          const master = layout?.querySelector<HTMLElement>('.master');
          const title = layout?.querySelector<HTMLElement>('#category-title');
          if (master && title && title.getBoundingClientRect().top > master.getBoundingClientRect().bottom - 1) {
            title.scrollIntoView({ block: 'start' });
            title.focus({ preventScroll: true });
          }
        });
      }}
    >
      <span class="pick-name">${name}</span>
      <span class="pick-meta">
        ${localized(editor.draft.policy.departments.find((d) => d.code === item.department)?.name) || item.department}
        ${item.emergency ? html` · <span class="tag">${msg('Emergency')}</span>` : nothing}
        ${problems ? html` · <span class="tag problem">${msg('Needs attention')}</span>` : nothing}
      </span>
    </button>
    ${smallButton(msg(str`Move ${name} up`), '↑', () => shift(-1), { disabled: index === 0, id: `category-up-${index}` })}
    ${smallButton(msg(str`Move ${name} down`), '↓', () => shift(1), { disabled: index === count - 1, id: `category-down-${index}` })}
  </li>`;
}

function categoryEditor(editor: Editor, category: Category, index: number, count: number): TemplateResult {
  const at = [...CATEGORIES, index];
  const name = localized(category.name) || msg('New category');
  const remove = async () => {
    const sure = await editor.ask({
      title: msg(str`Remove the category ${name}?`),
      body: msg('Complaints already filed under it keep it; new ones can no longer choose it. Nothing changes until you save.'),
      confirm: msg('Remove'),
      danger: true,
    });
    if (!sure) return;
    editor.change(CATEGORIES, (draft) => {
      draft.policy.categories.splice(index, 1);
      editor.ui.category = Math.max(0, index - 1);
    }, 'category-pick-' + Math.max(0, index - 1));
  };
  return html`<section class="block" aria-labelledby="category-title">
    <h3 id="category-title" tabindex="-1">${name}</h3>
    ${codeField(editor, category, [...at, 'code'], msg('Code'))}
    ${localizedFields(editor, [...at, 'name'], msg('Name'))}
    <div class="grid-2">
      ${selectField(
        editor,
        [...at, 'department'],
        msg('Routed to'),
        editor.draft.policy.departments.map((d) => ({ value: d.code, label: localized(d.name) || d.code })),
        { hint: msg('The department its complaints go to.') },
      )}
      ${selectField(
        editor,
        [...at, 'priority'],
        msg('Priority'),
        PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p) })),
        { hint: msg('What a new complaint of this kind starts with.') },
      )}
    </div>
    ${checkField(
      editor,
      [...at, 'emergency'],
      msg('An emergency: the form shows whom to call instead of taking a report'),
      undefined,
      (checked) =>
        editor.change([...at, 'emergency'], (draft) => {
          const target = draft.policy.categories[index]!;
          if (checked) target.emergency = { phone: '', instruction: emptyText() };
          else delete target.emergency;
        }, checked ? pathKey([...at, 'emergency', 'phone']) : undefined),
    )}
    ${category.emergency
      ? html`<div class="indent">
          ${textField(editor, [...at, 'emergency', 'phone'], msg('Number to call'), { type: 'tel', autocomplete: 'off', size: 'medium' })}
          ${localizedFields(editor, [...at, 'emergency', 'instruction'], msg('What to do at once'), { multiline: true })}
        </div>`
      : nothing}
    ${questionsEditor(editor, category, index)}
    <p class="hint">
      ${category.deadlines && Object.keys(category.deadlines).length
        ? msg('This category has deadlines of its own.')
        : msg('This category follows the site’s deadlines.')}
      <button
        type="button"
        class="link"
        @click=${() => {
          editor.setUi({ deadlineCategory: category.code });
          editor.show('deadlines');
        }}
      >
        ${msg('Deadlines')}
      </button>
    </p>
    <div class="row end">
      <button type="button" class="danger" ?disabled=${count <= 1} @click=${remove}>${msg('Remove this category')}</button>
      ${count <= 1 ? html`<span class="hint">${msg('The form needs at least one category.')}</span>` : nothing}
    </div>
  </section>`;
}

const kindOptions = () => [
  { value: 'text', label: msg('Text the resident writes') },
  { value: 'choice', label: msg('A choice from a list') },
];

function questionsEditor(editor: Editor, category: Category, index: number): TemplateResult {
  const at = [...CATEGORIES, index, 'questions'];
  const questions = category.questions;
  const add = () =>
    editor.change(
      at,
      (draft) => {
        const question: Question = { id: '', label: emptyText(), kind: 'text', required: false };
        editor.markNew(question);
        draft.policy.categories[index]!.questions.push(question);
      },
      pathKey([...at, questions.length, 'id']),
    );
  return html`<section class="questions" aria-labelledby="questions-title">
    <h4 id="questions-title">${msg('Questions')}</h4>
    <p class="hint">${msg('Asked on the form after the description and the place, in this order.')}</p>
    ${questions.map((question, q) => questionEditor(editor, question, index, q, questions.length))}
    <button type="button" class="secondary" id="add-question" @click=${add}>${msg('Add a question')}</button>
  </section>`;
}

function questionEditor(editor: Editor, question: Question, index: number, q: number, count: number): TemplateResult {
  const list = [...CATEGORIES, index, 'questions'];
  const at = [...list, q];
  const label = localized(question.label) || msg('New question');
  const questionsOf = (draft: typeof editor.draft) => draft.policy.categories[index]!.questions;
  const setKind = (kind: string) =>
    editor.change(at, (draft) => {
      const target = questionsOf(draft)[q]!;
      target.kind = kind as Question['kind'];
      if (kind === 'choice') {
        target.options = target.options?.length ? target.options : [newOption(editor), newOption(editor)];
      } else delete target.options;
    });
  return html`<fieldset class="question">
    <legend>${msg(str`Question ${q + 1}: ${label}`)}</legend>
    <div class="grid-2">
      ${codeField(editor, question, [...at, 'id'], msg('Code'))}
      ${selectField(editor, [...at, 'kind'], msg('Kind of answer'), kindOptions(), { onChange: setKind })}
    </div>
    ${localizedFields(editor, [...at, 'label'], msg('Question'))}
    ${checkField(editor, [...at, 'required'], msg('An answer is required'))}
    ${question.kind === 'choice' ? optionsEditor(editor, question, at) : nothing}
    <div class="row">
      ${smallButton(msg(str`Move the question ${label} up`), '↑', () => editor.change(list, (draft) => move(questionsOf(draft), q, -1), `question-up-${index}-${q - 1}`), {
        disabled: q === 0,
        id: `question-up-${index}-${q}`,
      })}
      ${smallButton(msg(str`Move the question ${label} down`), '↓', () => editor.change(list, (draft) => move(questionsOf(draft), q, 1), `question-down-${index}-${q + 1}`), {
        disabled: q === count - 1,
        id: `question-down-${index}-${q}`,
      })}
      <button
        type="button"
        class="secondary danger-text"
        @click=${() => editor.change(list, (draft) => questionsOf(draft).splice(q, 1), 'add-question')}
      >
        ${msg('Remove the question')}
      </button>
    </div>
  </fieldset>`;
}

function newOption(editor: Editor): NonNullable<Question['options']>[number] {
  const option = { value: '', label: emptyText() };
  editor.markNew(option);
  return option;
}

function optionsEditor(editor: Editor, question: Question, at: (string | number)[]): TemplateResult {
  const list = [...at, 'options'];
  const options = question.options ?? [];
  const optionsOf = (draft: typeof editor.draft) => {
    const [, , c, , q] = at as [string, string, number, string, number];
    return draft.policy.categories[c]!.questions[q]!.options!;
  };
  const base = pathKey(list);
  return html`<fieldset class="options">
    <legend>${msg('Options')}</legend>
    ${errorLine(base, editor.error(list))}
    ${options.map((option, o) => {
      const name = localized(option.label) || msg(str`Option ${o + 1}`);
      return html`<div class="option">
        ${codeField(editor, option, [...list, o, 'value'], msg(str`Code of option ${o + 1}`))}
        ${localizedFields(editor, [...list, o, 'label'], msg(str`Option ${o + 1}`))}
        <div class="row">
          ${smallButton(msg(str`Move ${name} up`), '↑', () => editor.change(list, (draft) => move(optionsOf(draft), o, -1), `${base}-up-${o - 1}`), {
            disabled: o === 0,
            id: `${base}-up-${o}`,
          })}
          ${smallButton(msg(str`Move ${name} down`), '↓', () => editor.change(list, (draft) => move(optionsOf(draft), o, 1), `${base}-down-${o + 1}`), {
            disabled: o === options.length - 1,
            id: `${base}-down-${o}`,
          })}
          <button type="button" class="secondary danger-text" @click=${() => editor.change(list, (draft) => optionsOf(draft).splice(o, 1), `${base}-add`)}>
            ${msg(str`Remove ${name}`)}
          </button>
        </div>
      </div>`;
    })}
    <button type="button" class="secondary" id="${base}-add" @click=${() => editor.change(list, (draft) => optionsOf(draft).push(newOption(editor)), pathKey([...list, options.length, 'value']))}>
      ${msg('Add an option')}
    </button>
  </fieldset>`;
}
