import { readFileSync } from 'node:fs';
import { Site } from '../contract/site.ts';
import { parseIcsDays } from '../workflow/ics.ts';
import { type AdminCommand, UsageError, requireSite } from './command.ts';

/** Adds the rest days and working days of an iCalendar file to a site's own calendar. */
export const importCalendar: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  if (!options.file) throw new UsageError('--file is required (an .ics file)');
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${options.file}: ${(error as Error).message}`);
  }
  let days;
  try {
    days = parseIcsDays(text);
  } catch (error) {
    throw new UsageError(`${options.file}: ${(error as Error).message}`);
  }
  const calendar = site.policy.calendar;
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);
  for (const day of days) {
    // a later file wins over an earlier one for the same date
    if (day.kind === 'holiday') {
      holidays.add(day.date);
      workdays.delete(day.date);
    } else {
      workdays.add(day.date);
      holidays.delete(day.date);
    }
  }
  const added = {
    holidays: [...holidays].filter((d) => !calendar.holidays.includes(d)).length,
    workdays: [...workdays].filter((d) => !calendar.workdays.includes(d)).length,
  };
  const updated = Site.parse({
    ...site,
    policy: { ...site.policy, calendar: { ...calendar, holidays: [...holidays].sort(), workdays: [...workdays].sort() } },
  });
  if (options['dry-run'] === undefined) await store.putSite(updated, new Date());
  out(
    `${options['dry-run'] === undefined ? 'imported' : 'would import'} ${days.length} days from ${options.file} into ${site.key}: ` +
      `${added.holidays} new rest days, ${added.workdays} new working days`,
  );
  return 0;
};
