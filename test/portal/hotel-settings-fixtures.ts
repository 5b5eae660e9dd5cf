import type { Site } from '../../api/contract/site.ts';
import type { Role } from '../../api/contract/staff.ts';
import type { MemberView } from '../../portal/shared/staff-api.ts';
import '../../portal/views/settings-view.ts';
import type { PortalSettings } from '../../portal/views/settings-view.ts';
import { until } from '../widget/helpers.ts';
import { DIRECTORY, GENERAL_MANAGER, HOTEL } from './dashboard-fixtures.ts';
import { mountScreen, portalContext } from './helpers.ts';

/* The hotel's settings screen at a section that changes things one at a time (keys, webhooks), and what it loads beside them. */

/** The settings screen opened at `section` for the hotel's general manager with `roles`, its API at `origin`. */
export function hotelSettingsAt(section: string, origin: string, roles: Role[] = ['manager'], lang?: string): Promise<PortalSettings> {
  history.replaceState(null, '', `${location.pathname}#${section}`);
  const portal = portalContext(HOTEL, roles, { origin, member: GENERAL_MANAGER });
  return mountScreen<PortalSettings>('portal-settings', { portal }, { lang });
}

/** The section's element (`tag`) in the screen, once its list (`list`) is drawn. */
export async function sectionOf<E extends Element>(element: PortalSettings, tag: string, list: string): Promise<E> {
  const section = await until(() => element.shadowRoot!.querySelector<E>(tag), `the ${tag} section`);
  await until(() => section.shadowRoot?.querySelector(list), `the list in ${tag}`);
  return section;
}

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
