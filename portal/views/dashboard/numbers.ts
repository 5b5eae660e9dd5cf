import { msg, str } from '@lit/localize';
import { currentLocale } from '../../shared/locale.ts';

/* Numbers as the dashboard shows them, in the member's language. */

export const percent = (value: number, digits = 1): string =>
  new Intl.NumberFormat(currentLocale(), { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(value);

export const count = (value: number): string => new Intl.NumberFormat(currentLocale()).format(value);

/** Minutes as the shortest sensible unit: "45 min", "3.5 hr", "2.1 days". */
export function minutes(value: number): string {
  const locale = currentLocale();
  const unit = (amount: number, name: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 1 }).format(amount);
  if (value < 90) return unit(value, 'minute');
  if (value < 48 * 60) return unit(value / 60, 'hour');
  return unit(value / 1440, 'day');
}

/** "17 of 19", for the counts behind a rate. */
export const ofTotal = (part: number, whole: number): string => msg(str`${count(part)} of ${count(whole)}`);
