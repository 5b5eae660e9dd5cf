import { LitElement, type PropertyValues, type TemplateResult, css, html } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import type { Locale, LocalizedText } from '../../../api/contract/common.ts';
import { define } from '../../shared/define.ts';
import { portalStyles } from '../../shared/styles.ts';
import { contrast, isColour } from './model.ts';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The text colour the resident app puts on a colour: white or the dark text, whichever reads better. */
export const textOn = (hex: string): string => (contrast(hex, '#ffffff') >= contrast(hex, '#1f2933') ? '#ffffff' : '#1f2933');

/** The page around the two elements, as the site's own resident app lays it out. */
const frameStyles = (accent: string, background: string): string => `
:root {
  --complaint-accent: ${accent};
  --complaint-accent-text: ${textOn(accent)};
  color-scheme: light;
  background: ${background};
  color: ${textOn(background)};
  font-family: system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', sans-serif;
  line-height: 1.5;
}
body { margin: 0; }
header { background: ${accent}; color: ${textOn(accent)}; padding: 0.75rem 1rem; }
h1 { margin: 0; font-size: 1.25rem; }
main { display: grid; gap: 1rem; padding: 1rem; }
`;

/**
 * A live preview of the form and the tracker with the theme being edited: a document of the
 * portal's own origin (`srcdoc`, so it needs no address of its own and passes a `frame-src 'self'`
 * policy) that loads the real `widget.js` of the service. Its look is set from here through the
 * CSS object model, never with inline styles, so a strict `style-src` does not stop it either.
 * The form is the real one, but its send button does nothing here.
 */
export class SettingsPreview extends LitElement {
  static override styles = [
    portalStyles,
    css`
      iframe {
        display: block;
        inline-size: 100%;
        block-size: 44rem;
        max-block-size: 75vh;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: #ffffff;
      }
      .note {
        min-block-size: 1.5em;
        margin-block: 0.5em 0;
      }
    `,
  ];

  static override properties = {
    origin: { type: String },
    site: { type: String },
    name: { attribute: false },
    accent: { type: String },
    background: { type: String },
    locale: { type: String },
    _note: { state: true },
  };

  /** the service's origin, where `widget.js` and the API are */
  declare origin: string;
  declare site: string;
  declare name: LocalizedText | undefined;
  declare accent: string;
  declare background: string;
  declare locale: Locale;
  declare _note: string;

  #srcdoc = '';
  #srcdocFor = '';
  #sheet: CSSStyleSheet | undefined;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.origin = '';
    this.site = '';
    this.accent = '#1d4ed8';
    this.background = '#ffffff';
    this.locale = 'en';
    this._note = '';
  }

  get frame(): HTMLIFrameElement | null {
    return this.renderRoot.querySelector('iframe');
  }

  /** The document is made once per site: the theme and the language change without reloading it. */
  #document(): string {
    const key = `${this.origin} ${this.site}`;
    if (key !== this.#srcdocFor) {
      const origin = escapeHtml(this.origin);
      const site = escapeHtml(this.site);
      const lang = escapeHtml(this.locale);
      this.#srcdocFor = key;
      this.#srcdoc = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="${origin}/widget.js"></script></head>
<body><header><h1></h1></header><main>
<complaint-form site="${site}" api="${origin}" lang="${lang}"></complaint-form>
<complaint-tracker site="${site}" api="${origin}" lang="${lang}"></complaint-tracker>
</main></body></html>`;
    }
    return this.#srcdoc;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('accent') || changed.has('background') || changed.has('locale') || changed.has('name')) this.#apply();
  }

  /** Puts the theme and the language into the preview's document, once it is there. */
  #apply(): void {
    const frame = this.frame;
    const document = frame?.contentDocument;
    const view = frame?.contentWindow as (Window & typeof globalThis) | null | undefined;
    if (!document?.body || !view || document.URL !== 'about:srcdoc') return;
    const accent = isColour(this.accent) ? this.accent : '#1d4ed8';
    const background = isColour(this.background) ? this.background : '#ffffff';
    if (!this.#sheet || !document.adoptedStyleSheets.includes(this.#sheet)) {
      this.#sheet = new view.CSSStyleSheet();
      document.adoptedStyleSheets = [this.#sheet];
    }
    this.#sheet.replaceSync(frameStyles(accent, background));
    // the custom properties are also on the root's style, where a test or a reader finds them at once
    document.documentElement.style.setProperty('--complaint-accent', accent);
    document.documentElement.style.setProperty('--complaint-accent-text', textOn(accent));
    document.documentElement.lang = this.locale;
    const title = document.querySelector('h1');
    if (title) title.textContent = this.name?.[this.locale] ?? '';
    for (const element of document.querySelectorAll('complaint-form, complaint-tracker')) element.setAttribute('lang', this.locale);
  }

  readonly #loaded = () => {
    const view = this.frame?.contentWindow;
    if (!view) return;
    // the send button of the preview's form files nothing: a click on it (or Enter in a field,
    // which clicks it) stops here, and the note below the preview says why
    view.addEventListener(
      'click',
      (event) => {
        const button = event.composedPath().find((node): node is HTMLButtonElement => (node as Element).localName === 'button');
        const inForm = event.composedPath().some((node) => (node as Element).localName === 'complaint-form');
        if (button?.type === 'submit' && inForm) {
          event.preventDefault();
          event.stopPropagation();
          this._note = msg('This is a preview: nothing is sent from it.');
        }
      },
      { capture: true },
    );
    this.#apply();
  };

  override render(): TemplateResult {
    return html`<iframe title=${msg('Preview of the form and the tracker')} srcdoc=${this.#document()} @load=${this.#loaded}></iframe>
      <p class="note muted" role="status">${this._note}</p>`;
  }
}

define('settings-preview', SettingsPreview);

declare global {
  interface HTMLElementTagNameMap {
    'settings-preview': SettingsPreview;
  }
}
