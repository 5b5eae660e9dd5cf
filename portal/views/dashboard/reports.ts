import { type TemplateResult, html } from 'lit';
import { msg, str } from '@lit/localize';
import type { PortalContext } from '../../shared/context.ts';
import { currentLocale } from '../../shared/locale.ts';
import { type Period, reportsOf } from './period.ts';

/**
 * The monthly reports and quarterly summaries a period touches: each as the printable page (in
 * the member's language, in a new tab) and as CSV for a spreadsheet.
 */
export function reportLinks(portal: Pick<PortalContext, 'api' | 'site' | 'publicSite'>, period: Period, now: Date): TemplateResult {
  const { api, site } = portal;
  const { months, quarters } = reportsOf(period, now, portal.publicSite.timezone);
  if (!months.length) return html``;
  const locale = currentLocale();
  const monthName = (label: string) =>
    new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(Number(label.slice(0, 4)), Number(label.slice(5, 7)) - 1, 15));
  const quarterName = (label: string) => {
    const [year, quarter] = label.split('-Q');
    return msg(str`Q${quarter} ${year}`);
  };
  const row = (kind: 'monthly' | 'quarterly', label: string, name: string) =>
    html`<li data-report=${label}>
      <span>${name}</span>
      <a href=${api.reportUrl(site, kind, label, 'html', locale)} target="_blank" rel="noopener"
        >${msg('Printable report')}<span class="visually-hidden">, ${name} ${msg('(opens in a new tab)')}</span></a
      >
      <a href=${api.reportUrl(site, kind, label, 'csv', locale)} download>${msg('CSV')}<span class="visually-hidden">, ${name}</span></a>
    </li>`;
  return html`<section class="panel" aria-labelledby="reports-title">
    <h2 id="reports-title">${msg('Reports for this period')}</h2>
    <div class="reports">
      <div>
        <h3>${msg('Monthly reports')}</h3>
        <ul>
          ${months.map((label) => row('monthly', label, monthName(label)))}
        </ul>
      </div>
      <div>
        <h3>${msg('Quarterly summaries')}</h3>
        <ul>
          ${quarters.map((label) => row('quarterly', label, quarterName(label)))}
        </ul>
      </div>
    </div>
  </section>`;
}
