import type { Locale } from '../contract/common.ts';
import type { StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import type { QueueItem } from '../contract/staff-api.ts';
import { BOM, CRLF, type Field, line, text } from '../reports/csv-fields.ts';
import { toCsv } from '../reports/csv.ts';
import { toHtml } from '../reports/html.ts';
import { toJson } from '../reports/json.ts';
import { type Report, monthlyReport, quarterlyReport } from '../reports/report.ts';
import type { Store } from '../store/store.ts';

export type ReportFormat = 'json' | 'csv' | 'html';

export const RENDER: Record<ReportFormat, (report: Report) => string> = { json: toJson, csv: toCsv, html: toHtml };
export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Every complaint of one site, as its events. */
export async function siteChains(store: Store, siteKey: string): Promise<StoredEvent[][]> {
  const chains: StoredEvent[][] = [];
  for await (const chain of store.eachEventChain()) {
    if (chain[0]?.type === 'registered' && chain[0].data.siteKey === siteKey) chains.push(chain);
  }
  return chains;
}

export async function periodReport(store: Store, site: Site, period: { month: string } | { quarter: string }, locale: Locale): Promise<Report> {
  const chains = await siteChains(store, site.key);
  return 'month' in period ? monthlyReport(site, chains, period.month, locale) : quarterlyReport(site, chains, period.quarter, locale);
}

const COLUMNS = [
  'reference',
  'registeredAt',
  'status',
  'channel',
  'category',
  'department',
  'assignee',
  'priority',
  'severity',
  'vip',
  'place',
  'description',
  'complainantName',
  'complainantPhone',
  'complainantEmail',
  'nextDueAt',
  'overdue',
  'reviewRound',
  'satisfaction',
  'outcome',
] as const;

/** Complaints as CSV rows for a spreadsheet: identity masked, as on every staff screen. */
export function complaintsCsv(items: readonly QueueItem[], locale: Locale, now: Date): string {
  const rows = items.map((item): Field[] => {
    const running = item.clocks.filter((c) => c.running && !c.paused);
    const due = running.map((c) => c.dueAt).sort()[0] ?? null;
    const overdue = running.some((c) => c.breached || Date.parse(c.dueAt) < now.getTime());
    return [
      item.reference,
      item.registeredAt,
      item.status,
      item.channel,
      text(item.category.name[locale]),
      text(item.department.name[locale]),
      item.assignee === null ? null : text(item.assignee),
      item.priority,
      item.severity,
      item.vip ? 'yes' : 'no',
      text(Object.values(item.place).filter(Boolean).join(' / ')),
      text(item.description),
      item.complainant?.name ?? null,
      item.complainant?.phone ?? null,
      item.complainant?.email ?? null,
      due,
      overdue ? 'yes' : 'no',
      item.reviewRound,
      item.satisfaction,
      item.outcome,
    ];
  });
  return BOM + [line([...COLUMNS]), ...rows.map(line)].join(CRLF) + CRLF;
}
