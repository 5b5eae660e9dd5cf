import type { Locale } from '../contract/common.ts';
import type { Complainant } from '../contract/complaint.ts';
import type { Category, Duration, Site } from '../contract/site.ts';
import { stageDuration } from '../workflow/deadlines.ts';
import { ServiceError } from './errors.ts';

/*
 * Language, time and text for the Open311 answers (api/service/open311.ts): which language a
 * client asked for, W3C datetimes in a site's zone, contacts masked in published text, and what a
 * site commits to for a category, in words.
 */

const MASK = '***';

/** A 400 naming every field that is wrong at once, as the spec's list of errors. */
export function badRequest(messages: string[], code = 'invalid_request'): ServiceError {
  return new ServiceError(400, code, messages.join('; '), { issues: messages.map((message) => ({ path: [], message, code })) });
}

/** The first of `lang` and the Accept-Language header's languages (by q) that a site speaks. */
export function chooseLocale(asked: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
  for (const tag of [asked, ...ranked]) {
    const locale = tag ? localeOf(tag) : null;
    if (locale) return locale;
  }
  return fallback;
}

function localeOf(tag: string): Locale | null {
  const t = tag.toLowerCase();
  if (t === 'en' || t.startsWith('en-')) return 'en';
  if (t === 'zh' || t.startsWith('zh-')) return /hant|-tw\b|-hk\b|-mo\b/.test(t) ? 'zh-Hant' : 'zh-Hans';
  return null;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as a W3C datetime in the site's zone, to the second: 2026-11-25T10:30:00+08:00. */
export function w3c(iso: string, timeZone: string): string {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(timeZone, format);
  }
  const t = Math.floor(new Date(iso).getTime() / 1000) * 1000;
  const parts = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - t) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hh}:${mm}`;
}

const W3C_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const W3C_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A W3C datetime from a query (`2026-11-01T00:00:00Z`, `…+08:00`), or a date, which means the
 * site's local midnight. A `+` sent unencoded arrives as a space and is taken back.
 */
export function parseW3c(value: string, name: string, timeZone: string): string {
  const text = value.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  let instant: number | undefined;
  if (W3C_DATETIME.test(text)) instant = Date.parse(text);
  else if (W3C_DATE.test(text)) {
    const wall = Date.parse(`${text}T00:00:00Z`);
    const offsetMs = (zoned: number) => Date.parse(w3c(new Date(zoned).toISOString(), timeZone).slice(0, 19) + 'Z') - zoned;
    instant = wall - offsetMs(wall - offsetMs(wall));
  }
  if (instant === undefined || Number.isNaN(instant)) {
    throw badRequest([`${name} must be a W3C datetime such as 2026-11-01T00:00:00Z (or a date, 2026-11-01)`], 'invalid_date');
  }
  return new Date(instant).toISOString();
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const PHONE = /\+?\d[\d \t().-]{5,}\d/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$/;
const HAN = /\p{Script=Han}/u;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text to publish with contacts masked: anything shaped like an email address or a phone number
 * (seven digits or more), and the complainant's own name, email and phone wherever they appear.
 */
export function withoutContacts(text: string, complainant: Complainant | null): string {
  let out = text;
  const known = [complainant?.email, complainant?.phone, complainant?.name, ...(complainant?.name?.split(/\s+/) ?? [])]
    .filter((word): word is string => Boolean(word && [...word].length >= 2))
    .sort((a, b) => b.length - a.length);
  for (const word of known) {
    // a name in Chinese characters sits inside text without spaces; any other word is a whole word
    const pattern = HAN.test(word) ? escapeRegExp(word) : `(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`;
    out = out.replace(new RegExp(pattern, 'giu'), MASK);
  }
  out = out.replace(EMAIL, MASK);
  return out.replace(PHONE, (run) => (run.replace(/\D/g, '').length >= 7 && !DATE_LIKE.test(run) ? MASK : run));
}

/** first_name and last_name as one name: family name first when either is written in Chinese characters. */
export function fullName(first: string | undefined, last: string | undefined): string | undefined {
  const f = first?.trim();
  const l = last?.trim();
  if (f && l) return HAN.test(f) || HAN.test(l) ? `${l}${f}` : `${f} ${l}`;
  return f || l || undefined;
}

const UNITS: Record<Duration['unit'], Record<Locale, (n: number) => string>> = {
  minutes: { en: (n) => `${n} minute${n === 1 ? '' : 's'}`, 'zh-Hans': (n) => `${n} 分钟`, 'zh-Hant': (n) => `${n} 分鐘` },
  hours: { en: (n) => `${n} hour${n === 1 ? '' : 's'}`, 'zh-Hans': (n) => `${n} 小时`, 'zh-Hant': (n) => `${n} 小時` },
  days: { en: (n) => `${n} day${n === 1 ? '' : 's'}`, 'zh-Hans': (n) => `${n} 天`, 'zh-Hant': (n) => `${n} 天` },
  workingDays: { en: (n) => `${n} working day${n === 1 ? '' : 's'}`, 'zh-Hans': (n) => `${n} 个工作日`, 'zh-Hant': (n) => `${n} 個工作日` },
  workingHours: { en: (n) => `${n} working hour${n === 1 ? '' : 's'}`, 'zh-Hans': (n) => `${n} 个工作小时`, 'zh-Hant': (n) => `${n} 個工作小時` },
};

export const WORDS = {
  confirm: { en: (d: string) => `Confirmed within ${d}`, 'zh-Hans': (d: string) => `${d}内确认`, 'zh-Hant': (d: string) => `${d}內確認` },
  resolve: { en: (d: string) => `, handled within ${d}`, 'zh-Hans': (d: string) => `,${d}内办结`, 'zh-Hant': (d: string) => `,${d}內辦結` },
  end: { en: '.', 'zh-Hans': '。', 'zh-Hant': '。' },
  answer: { en: (n: number) => `at most ${n} characters`, 'zh-Hans': (n: number) => `最多 ${n} 字`, 'zh-Hant': (n: number) => `最多 ${n} 字` },
  agree: { en: 'I agree', 'zh-Hans': '我同意', 'zh-Hant': '我同意' },
  name: {
    en: 'This office records the name of everyone who complains: send first_name and last_name.',
    'zh-Hans': '本单位受理投诉须登记投诉人姓名:请提供 first_name 和 last_name。',
    'zh-Hant': '本單位受理投訴須登記投訴人姓名:請提供 first_name 和 last_name。',
  },
} as const;

/** What the site commits to for a category: the emergency's instruction, or its deadlines. */
export function notice(site: Site, category: Category, lang: Locale): string {
  if (category.emergency) return category.emergency.instruction[lang];
  const say = (d: Duration) => UNITS[d.unit][lang](d.amount);
  const acknowledge = stageDuration(site.policy, category.code, 'acknowledge');
  const resolve = stageDuration(site.policy, category.code, 'resolve');
  return `${acknowledge ? WORDS.confirm[lang](say(acknowledge)) : ''}${resolve ? WORDS.resolve[lang](say(resolve)) : ''}${WORDS.end[lang]}`.replace(/^[,,]/, '');
}
