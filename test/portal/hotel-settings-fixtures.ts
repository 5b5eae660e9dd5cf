import type { Site } from '../../api/contract/site.ts';
import type { MemberView } from '../../portal/shared/staff-api.ts';
import { DIRECTORY, GENERAL_MANAGER, HOTEL } from './dashboard-fixtures.ts';

/* What the settings sections that change things one at a time (keys, webhooks) load beside them. */

/** The hotel's configuration: what the settings screen loads first (this section does not show it). */
export const CONFIG_BODY: Site = {
  key: HOTEL.key,
  kind: HOTEL.kind,
  name: HOTEL.name,
  timezone: HOTEL.timezone,
  defaultLocale: HOTEL.defaultLocale,
  allowedOrigins: ['https://www.harbourview.example'],
  theme: HOTEL.theme,
  policy: {
    categories: HOTEL.categories.map((category) => ({ ...category, department: 'front-office', priority: 'normal' })),
    departments: DIRECTORY.departments.map(({ code, name }) => ({ code, name: { en: name.en ?? code, 'zh-Hans': name['zh-Hans'] ?? code, 'zh-Hant': name['zh-Hant'] ?? code } })),
    deadlines: { acknowledge: { amount: 2, unit: 'hours' }, resolve: { amount: 24, unit: 'hours' } },
    calendar: { region: 'none', weekend: [], workingHours: [{ start: '00:00', end: '24:00' }], holidays: [], workdays: [] },
    warningShare: 0.75,
    manager: 'general-manager',
    reviewRounds: 1,
    reopenWindow: { amount: 15, unit: 'days' },
    archiveSignOff: false,
    accountability: [],
    placeFields: HOTEL.placeFields,
    allowAnonymous: HOTEL.allowAnonymous,
    satisfactionTarget: 0.95,
  },
};

/** The hotel's general manager as the staff list shows him. */
export const ME: MemberView = { ...GENERAL_MANAGER, roles: ['manager'], departments: [], disabled: false };
