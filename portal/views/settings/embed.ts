import { type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Locale } from '../../../api/contract/common.ts';
import { type Editor, errorLine } from './fields.ts';
import { LANGUAGE_NAMES, LOCALES } from '../../shared/locale.ts';
import { contrast, isColour, pathKey } from './model.ts';
import { textOn } from './preview.ts';
import './preview.ts';

/** What a site owner pastes into their page; the elements find the service where the script came from. */
export function embedSnippet(origin: string, site: string): string {
  return `<script type="module" src="${origin}/widget.js"></script>

<complaint-form site="${site}"></complaint-form>
<complaint-tracker site="${site}"></complaint-tracker>`;
}

export interface EmbedState {
  origin: string;
  previewLocale: Locale;
  copied: string;
  setPreviewLocale(locale: Locale): void;
  copy(text: string): void;
}

function colourField(editor: Editor, key: 'accent' | 'background', label: string, hint: string): TemplateResult {
  const path = ['theme', key];
  const id = pathKey(path);
  const value = editor.draft.theme[key];
  const error = editor.error(path);
  return html`<div class="field colour">
    <label for=${id}>${label}</label>
    <p class="hint" id="${id}--hint">${hint}</p>
    <div class="row">
      <input
        type="color"
        id="${id}--picker"
        aria-label=${msg(str`${label}: pick a colour`)}
        .value=${isColour(value) ? value.toLowerCase() : '#000000'}
        @input=${(event: Event) => editor.set(path, (event.target as HTMLInputElement).value)}
      />
      <input
        id=${id}
        class="hex"
        .value=${value}
        maxlength="7"
        spellcheck="false"
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby="${id}--hint${error ? ` ${id}--error` : ''}"
        @input=${(event: Event) => editor.set(path, (event.target as HTMLInputElement).value.trim())}
      />
    </div>
    ${errorLine(id, error)}
  </div>`;
}

const ratio = (value: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value);

export function embedSection(editor: Editor, state: EmbedState): TemplateResult {
  const site = editor.draft;
  const snippet = embedSnippet(state.origin, site.key);
  const { accent, background } = site.theme;
  const accentRatio = isColour(accent) ? contrast(accent, textOn(accent)) : 0;
  const backgroundRatio = isColour(background) ? contrast(background, textOn(background)) : 0;
  const everyone = site.allowedOrigins.includes('*');
  return html`<section class="block" aria-labelledby="snippet-title">
      <h3 id="snippet-title">${msg('The code for your website')}</h3>
      <p>${msg('Site key')}: <code class="key">${site.key}</code></p>
      <p class="hint" id="snippet-hint">${msg('Paste this into the page where the form and the tracker should appear.')}</p>
      <pre class="snippet" tabindex="0" aria-labelledby="snippet-title" aria-describedby="snippet-hint"><code>${snippet}</code></pre>
      <div class="row">
        <button type="button" class="secondary" @click=${() => state.copy(snippet)}>${msg('Copy the code')}</button>
        <span role="status" class="muted">${state.copied}</span>
      </div>
      <div class="row origins-note">
        <span class="hint">
          ${everyone
            ? msg('Any website may embed the form (the allowed origins include *).')
            : site.allowedOrigins.length
              ? msg(str`Only pages on ${site.allowedOrigins.join(', ')} may embed it.`)
              : msg('No website may embed it yet: add the origins of your pages.')}
        </span>
        <button type="button" class="link" @click=${() => editor.show('origins')}>${msg('Allowed origins')}</button>
      </div>
    </section>
    <div class="embed">
      <fieldset class="block">
        <legend>${msg('Theme')}</legend>
        <p class="hint">${msg('The colours of the site’s resident app, and of the preview. On your own pages, the form takes your CSS custom properties.')}</p>
        ${colourField(editor, 'accent', msg('Accent colour'), msg('Buttons, the status badge and the app’s title bar. As #rrggbb.'))}
        ${accentRatio
          ? html`<p class=${accentRatio < 4.5 ? 'warning' : 'hint'}>
              ${accentRatio < 4.5
                ? msg(str`Text on this colour has a contrast of ${ratio(accentRatio)}:1, less than the 4.5:1 people need to read it. Pick a darker or a lighter colour.`)
                : msg(str`Text on this colour has a contrast of ${ratio(accentRatio)}:1.`)}
            </p>`
          : nothing}
        ${colourField(editor, 'background', msg('Background colour'), msg('Behind the form in the resident app. As #rrggbb.'))}
        ${backgroundRatio && backgroundRatio < 4.5
          ? html`<p class="warning">${msg(str`Text on this background has a contrast of ${ratio(backgroundRatio)}:1, less than 4.5:1.`)}</p>`
          : nothing}
      </fieldset>
      <section class="block embed-preview" aria-labelledby="preview-title">
        <div class="row preview-head">
          <h3 id="preview-title">${msg('Preview')}</h3>
          <span class="spacer"></span>
          <label for="preview-locale" class="inline-label">${msg('Language of the preview')}</label>
          <select id="preview-locale" @change=${(event: Event) => state.setPreviewLocale((event.target as HTMLSelectElement).value as Locale)}>
            ${LOCALES.map((locale) => html`<option value=${locale} lang=${locale} ?selected=${locale === state.previewLocale}>${LANGUAGE_NAMES[locale]}</option>`)}
          </select>
        </div>
        <p class="hint">${msg('The colours change here as you edit them; categories and texts show as last saved.')}</p>
        <settings-preview
          .origin=${state.origin}
          .site=${site.key}
          .name=${site.name}
          .accent=${accent}
          .background=${background}
          .locale=${state.previewLocale}
        ></settings-preview>
      </section>
    </div>`;
}
