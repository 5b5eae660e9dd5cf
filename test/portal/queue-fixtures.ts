import type { QueueItem, StaffComplaint } from '../../api/contract/staff-api.ts';
import type { PublicSite } from '../../api/contract/site.ts';
import type { Role } from '../../api/contract/staff.ts';
import type { PortalContext } from '../../portal/shared/context.ts';
import { portalContext } from './helpers.ts';

/**
 * What the queue and desk tests give their element: a hotel much like the demo one, a member
 * signed in, and the staff API on this page's own origin, where msw answers.
 */
export const SITE = 'demo-hotel';
export const siteUrl = (path = ''): string => `${location.origin}/api/v1/staff/sites/${SITE}${path}`;

const name = (en: string, hans: string, hant = hans) => ({ en, 'zh-Hans': hans, 'zh-Hant': hant });

export const HOTEL: PublicSite = {
  key: SITE,
  kind: 'hotel',
  name: name('Harbour View Hotel', '海景大饭店', '海景大飯店'),
  timezone: 'Asia/Hong_Kong',
  defaultLocale: 'en',
  allowAnonymous: false,
  placeFields: ['room'],
  theme: { accent: '#1b2437', background: '#f8f5ef' },
  categories: [
    { code: 'room', name: name('Room and housekeeping', '客房与清洁', '客房與清潔'), questions: [] },
    { code: 'facilities', name: name('Something broken', '设施故障', '設施故障'), questions: [] },
    { code: 'noise', name: name('Noise', '噪音'), questions: [] },
    { code: 'billing', name: name('Bill and charges', '账单与收费', '賬單與收費'), questions: [] },
  ],
};

export const DEPARTMENTS = [
  { code: 'housekeeping', name: name('Housekeeping', '客房部') },
  { code: 'engineering', name: name('Engineering', '工程部') },
  { code: 'security', name: name('Security', '保安部') },
  { code: 'front-office', name: name('Front Office', '前厅部', '前廳部') },
];

/** The portal's context for Lee with these roles at the hotel; `navigated` collects where the element asked to go. */
export const hotelContext = (roles: Role[] = ['manager'], navigated: string[] = []): PortalContext => portalContext(HOTEL, roles, { navigated });

const CATEGORY_OF: Record<string, { department: string; description: string }> = {
  room: { department: 'housekeeping', description: 'Towels were not replaced and the bathroom was not cleaned.' },
  facilities: { department: 'engineering', description: '房间空调一直吹热风,晚上吵得睡不着。' },
  noise: { department: 'security', description: 'Loud music from the room next door after midnight.' },
  billing: { department: 'front-office', description: 'I was charged twice for the minibar.' },
};

const categories = Object.keys(CATEGORY_OF);

/** A complaint as the queue lists it; the `n`th of a generated day, or as `change` says. */
export function queueItem(n: number, change: Partial<QueueItem> = {}): QueueItem {
  const category = categories[n % categories.length]!;
  const { department, description } = CATEGORY_OF[category]!;
  const registered = Date.now() - (n + 1) * 60_000;
  const reference = `Q${String(n).padStart(3, '0').slice(-3)}-${(n * 7919).toString(36).toUpperCase().padStart(4, '0').slice(-4)}`;
  return {
    id: `c${String(n).padStart(6, '0')}`,
    reference,
    site: SITE,
    status: 'registered',
    channel: 'web',
    category: { code: category, name: HOTEL.categories.find((c) => c.code === category)!.name },
    department: { code: department, name: DEPARTMENTS.find((d) => d.code === department)!.name },
    assignee: null,
    priority: n % 5 === 0 ? 'urgent' : n % 3 === 0 ? 'high' : 'normal',
    severity: 'normal',
    vip: false,
    description,
    place: { room: String(1000 + (n % 900)) },
    subject: null,
    complainant: { name: 'C** Tai Man', phone: '912****67', revealed: false },
    language: 'en',
    registeredAt: new Date(registered).toISOString(),
    updatedAt: new Date(registered).toISOString(),
    version: 2,
    reviewRound: 0,
    escalationLevel: 0,
    satisfaction: null,
    outcome: null,
    clocks: [
      {
        stage: 'acknowledge',
        basis: 'wall',
        startedAt: new Date(registered).toISOString(),
        dueAt: new Date(registered + 15 * 60_000 + n * 60_000).toISOString(),
        warnAt: new Date(registered + 11 * 60_000 + n * 60_000).toISOString(),
        running: true,
        paused: false,
        warned: false,
        breached: false,
      },
    ],
    allowedCommands: ['accept', 'add-note', 'arrive-on-site', 'not-accept', 'request-information'],
    ...change,
  } as QueueItem;
}

/** The same complaint as its file: what `GET …/complaints/{id}` answers. */
export const complaintOf = (item: QueueItem): StaffComplaint => ({ ...item, answers: {}, timeline: [] }) as StaffComplaint;

/** Counts per status of a list of complaints, as the queue's page carries them. */
export function countByStatus(items: readonly QueueItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

/** A page of the queue from a list, with the cursor the API would give (here, an offset). */
export function pageOf(items: readonly QueueItem[], url: URL): { items: QueueItem[]; nextCursor: string | null; total: number; overdue: number; byStatus: Record<string, number> } {
  const limit = Number(url.searchParams.get('limit') ?? 25);
  const from = Number(url.searchParams.get('cursor') ?? 0);
  const statuses = url.searchParams.get('status')?.split(',');
  const matching = statuses ? items.filter((item) => statuses.includes(item.status)) : items;
  const slice = matching.slice(from, from + limit);
  return {
    items: slice,
    nextCursor: from + limit < matching.length ? String(from + limit) : null,
    total: matching.length,
    overdue: 0,
    byStatus: countByStatus(items),
  };
}
