import { type TemplateResult, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { type Editor, errorLine, smallButton } from './fields.ts';
import { originProblem, pathKey } from './model.ts';

/**
 * The origins whose pages may embed the form: the service answers them (CORS) and nobody else.
 * Each line is checked as it is typed, once it has been left or saved.
 */
export function originsSection(editor: Editor): TemplateResult {
  const origins = editor.draft.allowedOrigins;
  const listKey = pathKey(['allowedOrigins']);
  const add = (value: string) =>
    editor.change(['allowedOrigins'], (draft) => draft.allowedOrigins.push(value), pathKey(['allowedOrigins', origins.length]));
  return html`<p class="hint" id="origins-hint">
      ${msg('The scheme and the host of each website that embeds the form, with the port if it is not the usual one: https://www.example.org or http://localhost:8080. No path. * lets any website embed it.')}
    </p>
    ${origins.length
      ? html`<ol class="plain-list origins">
          ${origins.map((origin, index) => {
            const path = ['allowedOrigins', index];
            const key = pathKey(path);
            const error = editor.error(path);
            return html`<li class="row">
              <div class="field grow">
                <label for=${key}>${msg(str`Origin ${index + 1}`)}</label>
                <input
                  id=${key}
                  type="url"
                  inputmode="url"
                  spellcheck="false"
                  autocomplete="off"
                  placeholder="https://www.example.org"
                  .value=${live(origin)}
                  aria-invalid=${error ? 'true' : 'false'}
                  aria-describedby="origins-hint${error ? ` ${key}--error` : ''}"
                  @input=${(event: Event) => editor.set(path, (event.target as HTMLInputElement).value)}
                  @change=${(event: Event) => {
                    // checked when the member leaves the field, not at every key
                    const value = (event.target as HTMLInputElement).value.trim();
                    editor.set(path, value);
                    editor.check(path, originProblem(value));
                  }}
                />
                ${errorLine(key, error)}
              </div>
              ${smallButton(msg(str`Remove ${origin || msg('the empty origin')}`), msg('Remove'), () =>
                editor.change(['allowedOrigins'], (draft) => draft.allowedOrigins.splice(index, 1), origins.length > 1 ? pathKey(['allowedOrigins', Math.max(0, index - 1)]) : 'add-origin'),
              )}
            </li>`;
          })}
        </ol>`
      : html`<p class="muted">${msg('No website may embed the form yet.')}</p>`}
    ${errorLine(listKey, editor.error(['allowedOrigins']))}
    <div class="row">
      <button type="button" class="secondary" id="add-origin" @click=${() => add('')}>${msg('Add an origin')}</button>
      ${origins.includes('*') ? nothing : html`<button type="button" class="secondary" @click=${() => add('*')}>${msg('Allow any website (*)')}</button>`}
    </div>`;
}
