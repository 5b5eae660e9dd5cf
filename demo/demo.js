/**
 * Language switcher shared by the organisation pages.
 *
 * The page carries `<nav class="lang-switch">` with one button per language
 * (`data-lang="zh-Hans|zh-Hant|en"`). Choosing one sets `lang` on every
 * complaint form and tracker in the page (the page's own text keeps its
 * language); `?lang=xx` in the address picks the language on load.
 */
const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'];
const WIDGETS = 'complaint-form, complaint-tracker';

/** @param {string | null} value */
const supported = (value) => (value && LANGUAGES.includes(value) ? value : null);

/** @param {string} lang */
function applyLanguage(lang) {
  for (const element of document.querySelectorAll(WIDGETS)) element.setAttribute('lang', lang);
  for (const button of document.querySelectorAll('.lang-switch button[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
}

/**
 * Keeps the choice in the address, so a reload or a shared link shows the same language.
 * @param {string} lang
 */
function rememberLanguage(lang) {
  const url = new window.URL(window.location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url);
}

function start() {
  for (const button of document.querySelectorAll('.lang-switch button[data-lang]')) {
    button.addEventListener('click', () => {
      const lang = supported(button.dataset.lang ?? null);
      if (!lang) return;
      applyLanguage(lang);
      rememberLanguage(lang);
    });
  }
  const requested = supported(new window.URLSearchParams(window.location.search).get('lang'));
  applyLanguage(requested ?? supported(document.documentElement.lang) ?? 'zh-Hans');
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, { once: true });
} else {
  start();
}
