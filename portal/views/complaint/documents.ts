import { type TemplateResult, html, nothing, render } from 'lit';
import { msg, str } from '@lit/localize';
import type { StaffComplaint } from '../../../api/contract/staff-api.ts';
import type { PortalContext } from '../../shared/context.ts';
import { channelLabel, contactLabel, placeFieldLabel } from '../../shared/labels.ts';
import { currentLocale, formatDateTime, localized } from '../../shared/locale.ts';
import type { Directory } from '../../shared/staff-api.ts';
import { categoryName, departmentName } from './timeline.ts';

/*
 * The papers the procedures call for (PROCEDURES.md): the registration form (投诉登记表), the
 * acceptance notice (受理告知书) and the mediation agreement (调解协议书), in three copies. Each is
 * drawn from the record as it stands, in the member's language, on A4.
 */

export type DocumentKind = 'registration' | 'acceptance' | 'mediation-agreement';

export interface DocumentScope {
  portal: PortalContext;
  directory: Directory | undefined;
  /** the complainant in full, when the member revealed it on this screen; otherwise the masked values */
  identity: Record<string, string | undefined> | null;
}

type Entry = StaffComplaint['timeline'][number];

const last = (complaint: StaffComplaint, type: string): Entry | undefined => complaint.timeline.filter((entry) => entry.type === type).at(-1);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/** The documents this complaint has reached. */
export function documentsFor(complaint: StaffComplaint): DocumentKind[] {
  const kinds: DocumentKind[] = ['registration'];
  if (last(complaint, 'accepted')) kinds.push('acceptance');
  if (last(complaint, 'mediation-agreed')) kinds.push('mediation-agreement');
  return kinds;
}

export function documentTitle(kind: DocumentKind): string {
  switch (kind) {
    case 'registration':
      return msg('Complaint registration form');
    case 'acceptance':
      return msg('Acceptance notice');
    case 'mediation-agreement':
      return msg('Mediation agreement');
  }
}

const row = (label: string, value: string | TemplateResult | undefined, wide = false): TemplateResult | typeof nothing =>
  value === undefined || value === ''
    ? nothing
    : html`<tr>
        <th scope="row">${label}</th>
        <td class=${wide ? 'long' : ''}>${value}</td>
      </tr>`;

const blank = html`<span class="blank"></span>`;

interface Person {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  preferredContact?: string | undefined;
  masked: boolean;
}

/** The complainant as this member may see them: in full after a reveal, masked otherwise. */
function complainantOf(complaint: StaffComplaint, scope: DocumentScope): Person | null {
  if (!complaint.complainant) return null;
  if (scope.identity) return { ...scope.identity, masked: false };
  const { revealed, ...shown } = complaint.complainant;
  return { ...shown, masked: !revealed };
}

function header(kind: DocumentKind, complaint: StaffComplaint, scope: DocumentScope): TemplateResult {
  return html`<header>
    <p class="org">${localized(scope.portal.publicSite.name)}</p>
    <h1>${documentTitle(kind)}</h1>
    <p class="reference">${msg('Reference')}: <strong>${complaint.reference}</strong></p>
  </header>`;
}

function registrationForm(complaint: StaffComplaint, scope: DocumentScope): TemplateResult {
  const timeZone = scope.portal.publicSite.timezone;
  const registered = last(complaint, 'registered');
  const person = complainantOf(complaint, scope);
  const category = scope.portal.publicSite.categories.find((c) => c.code === complaint.category.code);
  const answers = Object.entries(complaint.answers).map(([id, answer]) => {
    const question = category?.questions.find((q) => q.id === id);
    const option = question?.options?.find((o) => o.value === answer);
    return { label: question ? localized(question.label) : id, answer: option ? localized(option.label) : answer };
  });
  const place = (Object.entries(complaint.place) as [string, string | undefined][]).filter(([, value]) => value);
  const photos = Array.isArray(registered?.data.attachments) ? registered.data.attachments.length : 0;
  const by = registered?.actor.kind === 'staff' ? msg('Staff, for the complainant') : msg('The complainant');
  return html`<article class="page">
    ${header('registration', complaint, scope)}
    <table>
      <tbody>
        ${row(msg('Reference'), complaint.reference)} ${row(msg('Received at'), formatDateTime(complaint.registeredAt, timeZone))}
        ${row(msg('Channel'), channelLabel(complaint.channel))} ${row(msg('Registered by'), by)}
        ${row(msg('Complainant'), person ? (text(person.name) ?? msg('Not given')) : msg('Anonymous'))}
        ${person ? html`${row(msg('Phone'), text(person.phone))} ${row(msg('Email'), text(person.email))}
            ${row(msg('Preferred contact'), text(person.preferredContact) ? contactLabel(person.preferredContact!) : undefined)}` : nothing}
        ${row(msg('Category'), categoryName(scope, complaint.category.code, complaint))}
        ${row(msg('Department in charge'), departmentName(scope, complaint.department.code, complaint))}
        ${row(msg('Place'), place.length ? place.map(([field, value]) => `${placeFieldLabel(field)}: ${value}`).join(' · ') : undefined)}
        ${row(msg('Complained about'), complaint.subject ?? undefined)} ${row(msg('What happened'), complaint.description, true)}
        ${answers.map((answer) => row(answer.label, answer.answer))} ${photos ? row(msg('Photos'), String(photos)) : nothing}
      </tbody>
    </table>
    ${person?.masked ? html`<p class="note">${msg('The complainant’s details are shown masked.')}</p>` : nothing}
    <div class="signatures">
      <p>${msg('Registered by (signature)')}: ${blank}</p>
      <p>${msg('Date')}: ${blank}</p>
    </div>
  </article>`;
}

/** The department in charge when the notice was given: the one the complaint was routed to, or last dispatched to. */
function departmentAt(complaint: StaffComplaint, seq: number): string {
  let code = complaint.department.code;
  for (const entry of complaint.timeline) {
    if (entry.seq > seq) break;
    if (entry.type === 'registered' || entry.type === 'dispatched') code = text(entry.data.department) ?? code;
  }
  return code;
}

function acceptanceNotice(complaint: StaffComplaint, scope: DocumentScope): TemplateResult {
  const timeZone = scope.portal.publicSite.timezone;
  const accepted = last(complaint, 'accepted')!;
  const person = complainantOf(complaint, scope);
  const expectedBy = text(accepted.data.expectedBy) ?? complaint.clocks.find((clock) => clock.stage === 'resolve')?.dueAt;
  const acceptedAt = formatDateTime(accepted.at, timeZone);
  const name = text(person?.name);
  return html`<article class="page">
    ${header('acceptance', complaint, scope)}
    <p>${name ? msg(str`To: ${name}`) : msg('To: the complainant')}</p>
    <p>
      ${msg(
        str`Your complaint received on ${formatDateTime(complaint.registeredAt, timeZone)}, reference ${complaint.reference}, was accepted on ${acceptedAt}.`,
      )}
    </p>
    <table>
      <tbody>
        ${row(msg('Reference'), complaint.reference)} ${row(msg('Accepted at'), acceptedAt)}
        ${row(msg('Department in charge'), departmentName(scope, departmentAt(complaint, accepted.seq), complaint))}
        ${row(msg('Expected to be handled by'), expectedBy ? formatDateTime(expectedBy, timeZone) : undefined)}
      </tbody>
    </table>
    ${text(accepted.data.notice) ? html`<section><h2>${msg('Notice')}</h2><p class="long">${accepted.data.notice}</p></section>` : nothing}
    <p>${msg('You can follow the complaint with its reference and the access code you were given.')}</p>
    <div class="signatures">
      <p>${localized(scope.portal.publicSite.name)} ${msg('(seal)')}</p>
      <p>${msg('Date')}: ${formatDateTime(accepted.at, timeZone)}</p>
    </div>
  </article>`;
}

const partyLetter = (index: number) => String.fromCharCode(65 + index);

/** One page per copy: one for each party and one the office keeps — three for two parties. */
function mediationAgreement(complaint: StaffComplaint, scope: DocumentScope): TemplateResult {
  const timeZone = scope.portal.publicSite.timezone;
  const agreed = last(complaint, 'mediation-agreed')!;
  const parties = Array.isArray(agreed.data.parties) ? agreed.data.parties.map(String) : [];
  const fileNumber = text(last(complaint, 'mediation-assessed')?.data.fileNumber);
  const signedAt = text(agreed.data.signedAt);
  const org = localized(scope.portal.publicSite.name);
  const copies = parties.length + 1;
  const copyLabel = (index: number) =>
    index < parties.length
      ? msg(str`Copy ${index + 1} of ${copies} — for party ${partyLetter(index)} (${parties[index]})`)
      : msg(str`Copy ${index + 1} of ${copies} — kept by ${org}`);
  return html`${Array.from(
    { length: copies },
    (_, index) => html`<article class="page copy" data-copy=${index + 1}>
      <p class="copy-label">${copyLabel(index)}</p>
      ${header('mediation-agreement', complaint, scope)}
      <table>
        <tbody>
          ${row(msg('File number'), fileNumber ?? msg('Not given'))} ${row(msg('Complaint reference'), complaint.reference)}
          ${row(msg('Signed at'), signedAt ? formatDateTime(signedAt, timeZone) : undefined)}
        </tbody>
      </table>
      <section>
        <h2>${msg('Parties')}</h2>
        <ol class="parties">
          ${parties.map((party, i) => html`<li>${msg(str`Party ${partyLetter(i)}`)}: ${party}</li>`)}
        </ol>
      </section>
      <section>
        <h2>${msg('Agreed')}</h2>
        <p class="long">${agreed.data.text}</p>
      </section>
      <p>
        ${msg(str`This agreement is made in ${copies} copies of equal effect: one for each party and one kept by ${org}, which supervises its performance.`)}
      </p>
      <div class="signatures">
        ${parties.map((_, i) => html`<p>${msg(str`Party ${partyLetter(i)} (signature)`)}: ${blank}</p>`)}
        <p>${msg('Mediator (signature)')}: ${blank}</p>
        <p>${org} ${msg('(seal)')}</p>
      </div>
    </article>`,
  )}`;
}

/** The document's pages, as a template. */
export function documentContent(kind: DocumentKind, complaint: StaffComplaint, scope: DocumentScope): TemplateResult {
  switch (kind) {
    case 'registration':
      return registrationForm(complaint, scope);
    case 'acceptance':
      return acceptanceNotice(complaint, scope);
    case 'mediation-agreement':
      return mediationAgreement(complaint, scope);
  }
}

/** The print layout: A4, black on white, one page per copy, no screen chrome. */
export const PRINT_CSS = `
@page { size: A4; margin: 18mm 16mm; }
html { color: #000; background: #fff; }
body {
  margin: 0;
  font-family: 'Songti SC', 'SimSun', 'Noto Serif CJK SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', serif;
  font-size: 12pt;
  line-height: 1.6;
}
.page { break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
header { text-align: center; margin-block-end: 1.2em; }
.org { margin: 0; font-size: 11pt; }
h1 { font-size: 18pt; margin-block: 0.3em; letter-spacing: 0.1em; }
h2 { font-size: 13pt; margin-block: 1em 0.3em; }
.reference { margin: 0; }
.copy-label { text-align: end; font-size: 10pt; margin: 0 0 0.5em; font-weight: bold; }
table { inline-size: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding-block: 0.35em; padding-inline: 0.6em; text-align: start; vertical-align: top; }
th { inline-size: 28%; font-weight: bold; background: #f2f2f2; }
.long { white-space: pre-wrap; }
td.long { block-size: 6em; }
.note { font-size: 10pt; }
.parties { padding-inline-start: 1.5em; }
.signatures { margin-block-start: 2.5em; display: grid; gap: 1.2em; }
.signatures p { margin: 0; }
.blank { display: inline-block; inline-size: 14em; border-block-end: 1px solid #000; }
html:lang(en) body { font-family: 'Noto Serif', Georgia, 'Times New Roman', 'Noto Serif CJK SC', 'Songti SC', serif; }
html:lang(zh-Hant) body { font-family: 'Noto Serif CJK TC', 'Songti TC', 'PMingLiU', 'Noto Sans CJK TC', serif; }
@media screen {
  body { background: #e5e7eb; padding: 1em; }
  .page { background: #fff; max-inline-size: 178mm; margin: 0 auto 1em; padding: 18mm 16mm; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); }
}
`;

/**
 * Draws the document into a same-origin frame of its own — its own minimal page, its own
 * stylesheet (adopted, so a strict Content Security Policy needs nothing inline) — and opens the
 * browser's print dialog for that frame alone. The frame stays until the next print.
 */
export function printDocument(container: Element, kind: DocumentKind, complaint: StaffComplaint, scope: DocumentScope): HTMLIFrameElement {
  container.querySelector('iframe.print-frame')?.remove();
  const frame = document.createElement('iframe');
  frame.className = 'print-frame';
  frame.dataset.document = kind;
  frame.title = documentTitle(kind);
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  container.append(frame);
  const view = frame.contentWindow as (Window & typeof globalThis) | null;
  const doc = frame.contentDocument;
  if (!view || !doc) throw new Error('the print frame has no document');
  doc.documentElement.lang = currentLocale();
  doc.title = `${documentTitle(kind)} · ${complaint.reference}`;
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(PRINT_CSS);
  doc.adoptedStyleSheets = [sheet];
  const staging = document.createElement('div');
  render(documentContent(kind, complaint, scope), staging);
  doc.body.replaceChildren(...[...staging.childNodes].map((node) => doc.importNode(node, true)));
  view.focus();
  view.print();
  return frame;
}
