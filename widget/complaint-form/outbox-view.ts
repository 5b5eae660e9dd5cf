import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Locale } from '../../api/contract/common.ts';
import type { PublicSite } from '../../api/contract/site.ts';
import { ComplaintFailedEvent, ComplaintQueuedEvent, ComplaintSubmittedEvent } from '../shared/events.ts';
import { failureMessage } from '../shared/messages.ts';
import type { OutboxEntry, OutboxState } from '../shared/outbox.ts';

/**
 * What a form shows and says of its stored complaints. It loads with the outbox, only once
 * the browser keeps one or the resident sends something.
 */
export * from '../shared/outbox.ts';

export interface EntryActions {
  send(id: string): void;
  /** back into the form, to correct what the server refused; absent while the form holds other text */
  correct?(id: string): void;
  remove(id: string): void;
}

/**
 * The reference and access code, kept on screen until the resident closes them. `heading` marks
 * the receipt of the complaint just filed, as against those kept from earlier.
 */
export function renderReceipt(
  receipt: { reference: string; accessCode: string },
  button: TemplateResult,
  heading = true,
): TemplateResult {
  return html`<div class="panel receipt" part="receipt" role=${heading ? 'status' : nothing}>
    ${heading ? html`<h2 part="title">${msg('Thank you. Your complaint was received.')}</h2>` : nothing}
    <dl>
      <dt>${msg('Reference')}</dt>
      <dd class="code" data-testid=${heading ? 'reference' : 'kept-reference'}>${receipt.reference}</dd>
      <dt>${msg('Access code')}</dt>
      <dd class="code" data-testid=${heading ? 'access-code' : 'kept-access-code'}>${receipt.accessCode}</dd>
    </dl>
    <p class="hint">
      ${msg('Keep the reference and the access code: together they show how your complaint is progressing. The access code is shown only once.')}
    </p>
    ${button}
  </div>`;
}

const button = (label: string, click: () => void, secondary = true) =>
  html`<button part="button" class=${secondary ? 'secondary' : ''} type="button" @click=${click}>${label}</button>`;

/**
 * A stored complaint as the resident sees it: waiting, being sent, refused (with what to do)
 * or received (with its receipt). `extra` is a button for the complaint just filed.
 */
export function renderEntry(entry: OutboxEntry, site: PublicSite | undefined, locale: Locale, actions: EntryActions, extra?: TemplateResult): TemplateResult {
  const category = site?.categories.find((c) => c.code === entry.request.category)?.name[locale] ?? '';
  const what = html`<p class="excerpt"><strong>${category}</strong> ${entry.request.description.slice(0, 80)}</p>`;
  if (entry.state === 'sent' && entry.receipt) {
    return html`<li class="entry" part="entry" data-state="sent">
      ${renderReceipt(entry.receipt, html`${what}<div class="actions">${extra ?? button(msg('Close receipt'), () => actions.remove(entry.id))}</div>`, !!extra)}
    </li>`;
  }
  const failed = entry.state === 'failed';
  return html`<li class="panel entry" part="entry" data-state=${entry.state}>
    <p class="state ${failed ? 'status failed' : ''}">
      ${failed ? msg('Not accepted') : entry.state === 'sending' ? msg('Sending…') : msg('Waiting to be sent')}
    </p>
    ${what}
    ${entry.failure ? html`<p class="hint">${failureMessage({ kind: 'http', ...entry.failure })}</p>` : nothing}
    ${failed ? nothing : html`<p class="hint">${savedMessage()}</p>`}
    <div class="actions">
      ${failed
        ? html`${actions.correct
            ? button(msg('Correct it'), () => actions.correct?.(entry.id), false)
            : html`<p class="hint">${msg('Send or clear the form first to correct this one.')}</p>`}
          ${button(msg('Discard'), () => actions.remove(entry.id))}`
        : button(msg('Send now'), () => actions.send(entry.id), false)}
      ${extra ?? nothing}
    </div>
  </li>`;
}

export const savedMessage = (): string =>
  msg('Saved on this device. It is sent as soon as there is a connection, also when you come back to this page later.');

/**
 * Tells the page (events) and the resident (the returned sentence, for the live region) what
 * happened to stored complaints, once per change. `seen` is each entry's last state told;
 * `fresh` are the complaints this form stored whose first attempt is not over yet.
 */
export function tellChanges(host: EventTarget, entries: OutboxEntry[], seen: Map<string, OutboxState>, fresh: Set<string>): string {
  const said: string[] = [];
  for (const entry of entries) {
    const { id, state, receipt, failure } = entry;
    const before = seen.get(id);
    if (before === state) continue;
    seen.set(id, state);
    if (state === 'sent' && receipt) {
      fresh.delete(id);
      host.dispatchEvent(new ComplaintSubmittedEvent({ ...receipt }));
      said.push(msg(str`Your complaint was received. Reference ${receipt.reference}.`));
    } else if (state === 'failed' && failure) {
      fresh.delete(id);
      host.dispatchEvent(new ComplaintFailedEvent({ id, code: failure.code, message: failure.message }));
      said.push(msg('Your complaint was not accepted. Correct it and send it again.'));
    } else if (state === 'queued' && entry.attempts && fresh.delete(id)) {
      host.dispatchEvent(new ComplaintQueuedEvent({ id }));
      said.push(savedMessage());
    } else if (before) {
      said.push(state === 'sending' ? msg('Sending your complaint…') : savedMessage());
    }
  }
  return said.join(' ');
}

/** The complaints kept on this device, under the form. */
export function renderOutbox(entries: OutboxEntry[], site: PublicSite | undefined, locale: Locale, actions: EntryActions): TemplateResult | typeof nothing {
  return entries.length
    ? html`<section class="outbox" part="outbox" aria-labelledby="outbox-title">
        <h2 id="outbox-title" part="title">${msg('Saved on this device')}</h2>
        <ul class="entries">
          ${entries.map((entry) => renderEntry(entry, site, locale, actions))}
        </ul>
      </section>`
    : nothing;
}
