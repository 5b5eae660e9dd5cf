import { OFFICIAL_CN } from '../calendars/official-cn.ts';
import type { Site } from '../contract/site.ts';
import { BusinessCalendar } from '../workflow/calendar.ts';
import type { Policy } from '../workflow/lifecycle.ts';

/** Each site's rules with its business calendar, built once per version of the site. */
export class Policies {
  readonly #built = new WeakMap<Site, Policy>();

  for(site: Site): Policy {
    let policy = this.#built.get(site);
    if (!policy) {
      const settings = site.policy.calendar;
      const calendar = new BusinessCalendar(
        {
          timezone: site.timezone,
          weekend: settings.weekend,
          workingHours: settings.workingHours,
          holidays: settings.holidays,
          workdays: settings.workdays,
        },
        settings.region === 'CN' ? OFFICIAL_CN : undefined,
      );
      policy = { rules: site.policy, calendar };
      this.#built.set(site, policy);
    }
    return policy;
  }
}
