import { configureLocalization } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import { sourceLocale, targetLocales } from '../generated/locale-codes.ts';

/** Each language's translations load only when a page asks for that language. */
const translations: Record<string, () => Promise<{ templates: Record<string, unknown> }>> = {
  'zh-Hans': () => import('../generated/locales/zh-Hans.js'),
  'zh-Hant': () => import('../generated/locales/zh-Hant.js'),
};

const localization = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => translations[locale]!() as ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>,
});

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
