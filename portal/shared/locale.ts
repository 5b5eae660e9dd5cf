import { configureLocalization } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import { sourceLocale, targetLocales } from '../generated/locale-codes.ts';

/** The portal's own translations, loaded when a member picks a language other than English. */
const localization = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: ((locale: string) => import(`../generated/locales/${locale}.js`)) as Parameters<typeof configureLocalization>[0]['loadLocale'],
});

export const LOCALES: readonly Locale[] = ['zh-Hans', 'zh-Hant', 'en'];

/** Each language in its own words, as a member looks for it in a list. */
export const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

/** A language tag in its own words; a tag the portal does not offer is shown as it comes. */
export const languageName = (locale: string): string => (Object.hasOwn(LANGUAGE_NAMES, locale) ? LANGUAGE_NAMES[locale as Locale] : locale);

/** The supported language closest to a BCP 47 tag (zh-TW, zh-HK and zh-MO read Traditional). */
export function resolveLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').trim().toLowerCase();
  if (lower.startsWith('zh')) return /^zh-(hant|tw|hk|mo)\b/.test(lower) ? 'zh-Hant' : 'zh-Hans';
  return 'en';
}

/** Switches the portal's language; elements re-render through `updateWhenLocaleChanges`. */
export function useLocale(locale: Locale): Promise<void> {
  return localization.getLocale() === locale ? Promise.resolve() : localization.setLocale(locale);
}

const LANGUAGE_KEY = 'complaint-portal-language';

/** The language picked in the portal's bar on this device, if any. */
export function chosenLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

/** Switches the language and remembers the choice on this device (a preference, nothing personal). */
export function chooseLanguage(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_KEY, locale);
  } catch {
    // storage may be off: the choice lasts until the page is closed
  }
  return useLocale(locale);
}

export const currentLocale = (): Locale => localization.getLocale() as Locale;

/** Text in the member's language from a `{ en, zh-Hans, zh-Hant }` record of the site's. */
export const localized = (text: Partial<Record<Locale, string>> | undefined, locale: Locale = currentLocale()): string =>
  text?.[locale] ?? text?.en ?? Object.values(text ?? {})[0] ?? '';

export function formatDateTime(iso: string, timeZone?: string, locale: Locale = currentLocale()): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
}

/**
 * A length of time to the minute, e.g. "3 hr 20 min" or "3小时20分钟"; screens wrap it in their own
 * words ("… left", "… overdue").
 */
export function formatDuration(ms: number, locale: Locale = currentLocale()): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: [number, string][] = days ? [[days, 'day'], [hours, 'hour']] : hours ? [[hours, 'hour'], [mins, 'minute']] : [[mins, 'minute']];
  return parts
    .filter(([value], index) => value > 0 || index === 0)
    .map(([value, unit]) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value))
    .join(locale === 'en' ? ' ' : '');
}

/** Labels in a list as the language writes one: "A, B, C", «甲、乙、丙». */
export function formatList(items: readonly string[], locale: Locale = currentLocale()): string {
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'conjunction' }).format(items);
}
