import nodemailer from 'nodemailer';
import type { Locale } from '../contract/common.ts';
import type { ClockStage, EscalationReason, StoredEvent } from '../contract/events.ts';
import type { OutboxMessage, StoredOutboxMessage } from '../store/store.ts';
import type { Channel, Delivery, DeliveryContext } from './channel.ts';
import { type MessageFacts, TEXTS, type Texts, type Wording, isKind } from './email-texts.ts';

export interface RenderedEmail {
  locale: Locale;
  subject: string;
  text: string;
  html: string;
}

export interface Link {
  label: string;
  url: string;
}

export interface Section extends Wording {
  links: Link[];
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The email of a delivery, in the reader's language: the complaint's for a complainant, the
 * site's for its staff. Every message to a complainant carries the link that opens the
 * complaint; a survey carries its own signed link; staff get the complaint in the portal.
 */
export async function renderEmail(delivery: Delivery, context: DeliveryContext): Promise<RenderedEmail> {
  const { site } = context;
  const forStaff = delivery.recipient.kind === 'staff';
  const first = delivery.messages[0]!;
  const language = str(first.payload.language);
  const locale: Locale = forStaff ? site.defaultLocale : language && language in TEXTS ? (language as Locale) : site.defaultLocale;
  const t = TEXTS[locale];
  const siteName = site.name[locale];

  const sections: Section[] = [];
  for (const message of delivery.messages) sections.push(await section(message, context, locale, t));

  // a complainant's messages are all about one complaint: its link once, at the end
  const closing: Link[] = [];
  if (!forStaff) {
    const complaint = await context.complaint(first.complaintId);
    const reference = complaint?.reference ?? String(first.payload.reference);
    closing.push({ label: t.track, url: await context.links.tracking(site, { id: first.complaintId, reference }) });
  }

  const subject = delivery.digest
    ? t.digest(siteName, sections.length)
    : sections.length > 1
      ? t.repeats(sections.at(-1)!.title, sections.length)
      : sections[0]!.title;
  const footer = forStaff ? t.staffFooter(siteName) : t.complainantFooter(siteName);
  const headed = sections.length > 1;

  const text = [
    ...sections.map((s) =>
      [...(headed ? [s.title, '-'.repeat(Math.min(60, [...s.title].length * 2))] : []), ...s.lines, ...s.links.map((l) => `${l.label}: ${l.url}`)].join('\n\n'),
    ),
    ...closing.map((l) => `${l.label}: ${l.url}`),
    `--\n${footer}`,
  ].join('\n\n');

  const accent = site.theme.accent;
  const button = (l: Link) =>
    `<p style="margin:20px 0"><a href="${escapeHtml(l.url)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:${escapeHtml(accent)};color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(l.label)}</a></p>`;
  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px 12px;background:#f4f5f7;color:#1f2933;font-family:-apple-system,'Segoe UI',Roboto,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;font-size:16px;line-height:1.6">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d9dee3;border-radius:8px;padding:24px">
<p style="margin:0 0 16px;color:#52606d;font-size:14px">${escapeHtml(siteName)}</p>
${sections
  .map(
    (s) =>
      `<h1 style="margin:0 0 12px;font-size:${headed ? 18 : 20}px">${escapeHtml(s.title)}</h1>\n${s.lines
        .map((line) => `<p style="margin:0 0 12px;white-space:pre-line">${escapeHtml(line)}</p>`)
        .join('\n')}\n${s.links.map(button).join('\n')}`,
  )
  .join('\n<hr style="border:none;border-top:1px solid #e4e7eb;margin:20px 0">\n')}
${closing.map(button).join('\n')}
<p style="margin:24px 0 0;color:#52606d;font-size:13px">${escapeHtml(footer)}</p>
</div>
</body>
</html>
`;
  return { locale, subject, text, html };
}

/** One message's words and links (the email's, and the short forms of push messages and webhooks). */
export async function section(message: StoredOutboxMessage, context: DeliveryContext, locale: Locale, t: Texts): Promise<Section> {
  const { site } = context;
  const p = message.payload;
  const complaint = await context.complaint(message.complaintId);
  const when = (iso: unknown) =>
    str(iso) && !Number.isNaN(Date.parse(iso as string))
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: site.timezone }).format(new Date(iso as string))
      : undefined;
  const departmentCode = str(p.department) ?? complaint?.department;
  const facts: MessageFacts = {
    reference: str(p.reference) ?? complaint?.reference ?? '',
    site: site.name[locale],
    category: complaint ? site.policy.categories.find((c) => c.code === complaint.category)?.name[locale] : undefined,
    department: departmentCode ? (site.policy.departments.find((d) => d.code === departmentCode)?.name[locale] ?? departmentCode) : undefined,
    time: when(p.expectedBy ?? p.dueAt),
    notice: str(p.notice),
    reason: str(p.reason),
    referTo: str(p.referTo),
    question: str(p.question),
    note: str(p.note),
    message: str(p.message),
    round: num(p.round),
    level: num(p.level),
    stage: str(p.stage) as ClockStage | undefined,
  };
  if (message.kind === 'escalation') {
    facts.escalationReason = str(p.reason) as EscalationReason | undefined;
    facts.reason = undefined;
  }
  if (message.kind === 'result') Object.assign(facts, resolution(await context.events(message.complaintId), message.eventSeq));
  if (!isKind(message.kind)) throw new Error(`no email template for "${message.kind}"`);
  const wording = t.messages[message.kind](facts);
  const links: Link[] = [];
  if (message.kind === 'satisfaction-survey') links.push({ label: t.survey, url: await context.links.survey(site, message.complaintId, message.eventSeq) });
  if (message.recipient.kind === 'staff') links.push({ label: t.portal, url: context.links.staffComplaint(site, message.complaintId) });
  return { ...wording, links };
}

/** The result, basis and improvement of the resolution the feedback at `seq` told of. */
function resolution(events: readonly StoredEvent[], seq: number): Pick<MessageFacts, 'result' | 'basis' | 'improvement'> {
  const resolved = events.filter((e) => e.type === 'resolved' && e.seq < seq).at(-1);
  if (resolved?.type !== 'resolved') return {};
  return { result: resolved.data.result, basis: resolved.data.basis, improvement: str(resolved.data.improvement) };
}

export interface EmailChannelOptions {
  /** `smtp://host:port` or `smtps://user:pass@host:465` */
  url: string;
  /** the sender's address; the display name is the site's name */
  from: string;
}

/**
 * Email over SMTP. Reaches complainants who gave an email address and staff (by their
 * accounts' addresses). Each email's `Message-ID` and `X-Complaint-Message-Id` carry the
 * delivery's id, the same on every retry, so receivers can drop a repeat.
 */
export class EmailChannel implements Channel {
  readonly name = 'email';
  readonly #transport: ReturnType<typeof nodemailer.createTransport>;
  readonly #from: string;
  readonly #domain: string;

  constructor(options: EmailChannelOptions) {
    if (!/^smtps?:\/\//.test(options.url)) throw new Error('the SMTP URL must start with smtp:// or smtps://');
    const address = options.from.trim();
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) throw new Error(`the sender "${options.from}" is not an email address`);
    this.#from = address;
    this.#domain = address.split('@')[1]!;
    this.#transport = nodemailer.createTransport({
      url: options.url,
      // one connection kept open and reused: a new one for each email costs about 100 ms before
      // the first byte of it (some 9 emails a second), a reused one a few milliseconds. The
      // dispatcher sends one message at a time, so one connection is all it uses.
      pool: true,
      maxConnections: 1,
      maxMessages: 500,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  accepts(message: OutboxMessage): boolean {
    return message.recipient.kind === 'staff' || message.recipient.channel === 'email';
  }

  async deliver(delivery: Delivery, context: DeliveryContext): Promise<void> {
    const recipient = delivery.recipient;
    const to = recipient.kind === 'staff' ? context.staff.map((account) => account.email) : [recipient.address];
    if (!to.length) throw new Error('no email address to send to');
    const email = await renderEmail(delivery, context);
    await this.#transport.sendMail({
      from: { name: context.site.name[email.locale], address: this.#from },
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<${delivery.id}@${this.#domain}>`,
      date: context.now,
      headers: {
        'X-Complaint-Message-Id': delivery.id,
        // no vacation replies or bounces to an automatic message
        'Auto-Submitted': 'auto-generated',
      },
    });
  }

  close(): void {
    this.#transport.close();
  }
}
