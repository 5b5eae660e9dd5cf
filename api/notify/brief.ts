import type { Locale } from '../contract/common.ts';
import type { Delivery, DeliveryContext } from './channel.ts';
import { type Section, section } from './email.ts';
import { TEXTS } from './email-texts.ts';

/**
 * A delivery in few words, for a push notification or a webhook: the same wording as the
 * email (email-texts.ts), in the same language — the complaint's for the complainant, the
 * site's for its staff — with the one address it should open.
 */
export interface Brief {
  locale: Locale;
  /** the email's subject: the message's title, or the repeats' or the digest's */
  title: string;
  /** the newest message's words (for a digest: the titles of what it carries) */
  text: string;
  /**
   * What to open: the survey for a survey, the complaint in the portal for staff (the queue for
   * a digest), the complaint in the resident app for the complainant (a signed tracking link).
   */
  url: string;
}

export async function renderBrief(delivery: Delivery, context: DeliveryContext): Promise<Brief> {
  const { site } = context;
  const forStaff = delivery.recipient.kind === 'staff';
  const first = delivery.messages[0]!;
  const language = typeof first.payload.language === 'string' ? first.payload.language : undefined;
  const locale: Locale = forStaff ? site.defaultLocale : language && language in TEXTS ? (language as Locale) : site.defaultLocale;
  const t = TEXTS[locale];
  const sections: Section[] = [];
  for (const message of delivery.messages) sections.push(await section(message, context, locale, t));
  const newest = sections.at(-1)!;

  const title = delivery.digest ? t.digest(site.name[locale], sections.length) : sections.length > 1 ? t.repeats(newest.title, sections.length) : newest.title;
  const text = delivery.digest ? sections.map((s) => s.title).join('\n') : newest.lines.join('\n');

  let url: string;
  if (delivery.digest) url = context.links.staffSite(site);
  else if (newest.links[0]) url = newest.links[0].url;
  else {
    const last = delivery.messages.at(-1)!;
    const complaint = await context.complaint(last.complaintId);
    url = await context.links.tracking(site, { id: last.complaintId, reference: complaint?.reference ?? String(last.payload.reference) });
  }
  return { locale, title, text, url };
}

/** At most `max` characters (not UTF-16 units), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
