import { accountabilityForYear } from '../workflow/accountability.ts';
import { type AdminCommand, UsageError, requireSite } from './command.ts';

/** Substantiated conduct findings per staff member in a year, with the measure each count reaches. */
export const accountability: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  const year = Number(options.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError('--year must be a year, e.g. 2026');
  const findings = [];
  for await (const chain of store.eachEventChain()) {
    if (chain[0]?.type !== 'registered' || chain[0].data.siteKey !== site.key) continue;
    for (const event of chain) {
      if (event.type === 'finding-recorded') findings.push({ staffMember: event.data.staffMember, substantiated: event.data.substantiated, at: event.at });
    }
  }
  const records = accountabilityForYear(findings, year, site.timezone, site.policy.accountability);
  if (!records.length) out(`no substantiated findings in ${year} at ${site.key}`);
  const locale = site.defaultLocale;
  for (const r of records) out(`${r.staffMember}\t${r.count}\t${r.measure?.measure[locale] ?? '—'}`);
  return 0;
};
