import { configureLocalization } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import { sourceLocale, targetLocales } from '../generated/locale-codes.ts';

type Templates = Record<string, unknown>;
/** Where one part of the translations comes from, per language. */
export type TranslationPart = Record<string, () => Promise<{ templates: Templates }>>;

/** Each language's translations load only when a page asks for that language. */
const parts: TranslationPart[] = [
  {
    'zh-Hans': () => import('../generated/locales/zh-Hans.js'),
    'zh-Hant': () => import('../generated/locales/zh-Hant.js'),
  },
];
/** the templates the active language is shown with; parts added later are merged into them */
let active: Templates | undefined;
/** the language last asked for, and its load while on its way: a part added meanwhile is not in it */
let asked: { locale: string; loading: Promise<unknown> } | undefined;

async function loadLocale(locale: string): Promise<{ templates: Templates }> {
  const loading = Promise.all(parts.map((part) => part[locale]!()));
  asked = { locale, loading };
  const loaded = await loading;
  active = Object.assign({}, ...loaded.map((part) => part.templates)) as Templates;
  return { templates: active };
}

const localization = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: loadLocale as Parameters<typeof configureLocalization>[0]['loadLocale'],
});

/**
 * Adds the translations of code that loads later (the tracker): they come with that code,
 * so a page with only the form never downloads them. Resolves once the active language has them.
 */
export async function addTranslations(part: TranslationPart): Promise<void> {
  parts.push(part);
  // A language whose load began before this part was added (the page's first, still on its way
  // when the tracker's code arrives) does not have it: wait for that load, then add the part.
  await asked?.loading.catch(() => undefined);
  const locale = asked?.locale;
  if (!locale || locale === sourceLocale || !active) return;
  const target = active;
  Object.assign(target, (await part[locale]!()).templates);
  // elements already on the page render again with the new strings
  window.dispatchEvent(new CustomEvent('lit-localize-status', { detail: { status: 'ready', readyLocale: locale } }));
}

/**
 * The supported language closest to a BCP 47 tag: Traditional for zh-Hant, Taiwan, Hong Kong
 * and Macau, Simplified for other Chinese, English otherwise.
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').trim().toLowerCase();
  if (lower.startsWith('zh')) return /^zh-(hant|tw|hk|mo)\b/.test(lower) ? 'zh-Hant' : 'zh-Hans';
  return 'en';
}

/** An element's language: its own `lang`, else the page's. */
export function localeFor(element: HTMLElement): Locale {
  return resolveLocale(element.getAttribute('lang') || element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang);
}

/** Switches the widget's language; elements re-render through `updateWhenLocaleChanges`. */
export function useLocale(locale: Locale): Promise<void> {
  return localization.getLocale() === locale ? Promise.resolve() : localization.setLocale(locale);
}

export const currentLocale = (): Locale => localization.getLocale() as Locale;

export function formatDateTime(iso: string, locale: Locale, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
}
