import { type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { currentLocale } from '../../shared/locale.ts';
import type { VerifyResult } from '../../shared/staff-api.ts';

/** Why a link of a complaint's chain does not hold, in plain words. */
export function breakReason(reason: string): string {
  switch (reason) {
    case 'hash-mismatch':
      return msg('an event was altered after it was written: its hash does not match its content');
    case 'prev-hash-mismatch':
      return msg('an event does not point to the one before it: an event was removed, inserted or altered');
    case 'sequence-gap':
      return msg('the events are not numbered one after another: an event is missing');
    default:
      return reason;
  }
}

const number = (n: number): string => new Intl.NumberFormat(currentLocale()).format(n);

/**
 * The answer of a check of the record: all well, or the first broken link (the check stops
 * there), and the complaints whose read model differs from their events.
 */
export function recordCheckResult(result: VerifyResult, checkedAt: string, complaintHref: (id: string) => string | null): TemplateResult {
  const counts = msg(str`${number(result.complaints)} complaints and ${number(result.events)} events checked at ${checkedAt}.`);
  const stale = result.staleReadModel;
  if (!result.broken && !stale.length)
    return html`<div class="outcome ok" data-outcome="ok">
      <p class="headline"><span aria-hidden="true">✓</span> ${msg('Every hash chain verifies, the read model matches.')}</p>
      <p>${counts}</p>
    </div>`;
  const broken = result.broken;
  const href = broken ? complaintHref(broken.complaintId) : null;
  return html`<div class="outcome bad" data-outcome=${broken ? 'broken' : 'stale'}>
    ${broken
      ? html`<p class="headline"><span aria-hidden="true">✗</span> ${msg('A hash chain is broken.')}</p>
          <dl class="break">
            <div>
              <dt>${msg('Complaint')}</dt>
              <dd data-testid="broken-reference">${href ? html`<a href=${href}>${broken.reference}</a>` : broken.reference}</dd>
            </div>
            <div>
              <dt>${msg('Event')}</dt>
              <dd>${msg(str`number ${number(broken.seq)}`)}</dd>
            </div>
            <div>
              <dt>${msg('What is wrong')}</dt>
              <dd data-testid="broken-reason">${breakReason(broken.reason)}</dd>
            </div>
          </dl>
          <p>${msg('The check stops at the first broken link: complaints after it were not checked.')}</p>`
      : html`<p class="headline"><span aria-hidden="true">✓</span> ${msg('Every hash chain verifies.')}</p>`}
    ${stale.length
      ? html`<p class="headline stale"><span aria-hidden="true">!</span> ${msg(str`The read model differs from the events for ${number(stale.length)} complaints:`)}</p>
          <ul class="stale-list" data-testid="stale">
            ${stale.map((reference) => html`<li>${reference}</li>`)}
          </ul>
          <p>${msg('The events are the record; the read model can be rebuilt from them by the server’s administrator (npm run admin -- rebuild).')}</p>`
      : nothing}
    <p>${counts}</p>
  </div>`;
}
