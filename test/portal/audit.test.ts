import { expect } from 'chai';
import type { Role } from '../../api/contract/staff.ts';
import { useLocale } from '../../portal/shared/locale.ts';
import type { AuditEntry, VerifyResult } from '../../portal/shared/staff-api.ts';
import '../../portal/views/audit-view.ts';
import type { PortalAudit } from '../../portal/views/audit-view.ts';
import { $, choose, type, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { ANSWERS, BROKEN, NOT_FOUND } from './audit-fixtures.ts';
import { DIRECTORY, GENERAL_MANAGER, HOTEL } from './dashboard-fixtures.ts';
import { $$, axeViolations, mountScreen, portalContext, sizeProblems, unmountScreens } from './helpers.ts';

const { http, HttpResponse } = msw;

/* The audit screen against the real API's answers (audit-fixtures.ts) for the hotel. */

const ORIGIN = 'https://complaints.audit.test';
const SITE = 'demo-hotel';
const LOG = `/api/v1/staff/sites/${SITE}/audit`;

let requests: string[] = [];
let verifyAnswer: VerifyResult = ANSWERS[`POST /api/v1/staff/sites/${SITE}/verify`] as VerifyResult;
/** a check of the record waits for this, so that the test sees it running */
let verifyHeld: Promise<void> = Promise.resolve();

mockServiceWorker(
  http.post(`${ORIGIN}/api/v1/staff/sites/${SITE}/verify`, async () => {
    requests.push('POST verify');
    await verifyHeld;
    return HttpResponse.json(verifyAnswer);
  }),
  http.get(`${ORIGIN}/api/v1/staff/sites/${SITE}/directory`, () => HttpResponse.json(DIRECTORY)),
  http.get(`${ORIGIN}/*`, ({ request }) => {
    const url = new URL(request.url);
    const key = `GET ${url.pathname}${url.search}`;
    requests.push(key);
    if (key in ANSWERS) return HttpResponse.json(ANSWERS[key] as Record<string, unknown>);
    if (url.pathname.includes('/by-reference/')) return HttpResponse.json(NOT_FOUND, { status: 404 });
    return HttpResponse.json({ error: { code: 'not_recorded', message: key } }, { status: 501 });
  }),
);

afterEach(() => {
  unmountScreens();
  requests = [];
  verifyAnswer = ANSWERS[`POST /api/v1/staff/sites/${SITE}/verify`] as VerifyResult;
  verifyHeld = Promise.resolve();
});

async function mountAudit(roles: Role[] = ['manager']): Promise<PortalAudit> {
  const element = await mountScreen<PortalAudit>('portal-audit', { portal: portalContext(HOTEL, roles, { origin: ORIGIN, member: GENERAL_MANAGER }) });
  await until(() => $$(element, '.entry').length, 'the log');
  return element;
}

const clean = (node: Node | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const page = (query: string) => ANSWERS[`GET ${LOG}?${query}`] as AuditEntry[];
const button = (element: Element, label: string) => $$<HTMLButtonElement>(element, 'button').find((b) => clean(b) === label)!;


describe('<portal-audit>', () => {
  it('lists the log newest first, each action in plain words with who, when (site time) and what', async () => {
    const element = await mountAudit();
    // departments are named once the directory has come
    await until(() => clean($(element, '.log')).includes('Departments now: Front Office'), 'the departments’ names');
    const first = page('limit=50');
    const entries = $$(element, '.entry');
    expect(entries.map((e) => Number(e.dataset.id))).to.deep.equal(first.map((e) => e.id));
    expect(first.map((e) => e.id)).to.deep.equal([...first.map((e) => e.id)].sort((a, b) => b - a));

    const reveal = entries.find((e) => e.dataset.action === 'identity-revealed')!;
    const revealed = first.find((e) => String(e.id) === reveal.dataset.id)!;
    expect(clean(reveal.querySelector('.action'))).to.equal('Revealed who made a complaint');
    expect(clean(reveal.querySelector('.badge'))).to.equal('Identity');
    expect(clean(reveal)).to.contain(`By ${revealed.actorName}`);
    expect(clean(reveal)).to.contain(`Complaint: ${String(revealed.details.reference)}`);
    expect(clean(reveal)).to.contain('Shown: name, phone');
    expect(reveal.querySelector('a')!.getAttribute('href')).to.equal(`/portal/${SITE}/complaints/${revealed.target}`);
    // the time in Hong Kong, whatever the browser's zone
    const time = reveal.querySelector('time')!;
    expect(time.getAttribute('datetime')).to.equal(revealed.at);
    expect(clean(time)).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Hong_Kong' }).format(new Date(revealed.at)));

    const byAction = (action: string) => entries.find((e) => e.dataset.action === action)!;
    expect(clean(byAction('site-configured'))).to.contain('Changed the site’s configuration');
    expect(clean(byAction('site-configured'))).to.contain('Site: Harbour View Hotel');
    expect(clean(byAction('site-configured'))).to.contain('Changed: websites that may embed the form, deadlines');
    expect(clean(byAction('member-added'))).to.contain('Added a member of staff');
    expect(clean(byAction('member-added'))).to.contain('Member: Tom Ho');
    expect(clean(byAction('member-added'))).to.contain('Roles: Front desk');
    expect(clean(byAction('member-changed'))).to.contain('Roles now: Front desk, Handler');
    expect(clean(byAction('member-changed'))).to.contain('Departments now: Front Office');
    expect(clean(byAction('member-removed'))).to.contain('Took a member’s access to this site away');
    expect(clean(byAction('member-removed'))).to.contain('By 陳志明');
  });

  it('pages back with `before` until the whole log is shown', async () => {
    const element = await mountAudit();
    const first = page('limit=50');
    expect(first).to.have.length(50);
    button(element, 'Show older entries').click();
    const second = page(`limit=50&before=${first.at(-1)!.id}`);
    await until(() => $$(element, '.entry').length === 100, 'the second page');
    expect(requests).to.include(`GET ${LOG}?limit=50&before=${first.at(-1)!.id}`);
    expect($$(element, '.entry').slice(50).map((e) => Number(e.dataset.id))).to.deep.equal(second.map((e) => e.id));
    button(element, 'Show older entries').click();
    const third = page(`limit=50&before=${second.at(-1)!.id}`);
    expect(third.length).to.be.lessThan(50);
    await until(() => $$(element, '.entry').length === 100 + third.length, 'the last page');
    expect(clean($(element, '.more'))).to.equal('That is the whole log.');
    expect(button(element, 'Show older entries')).to.equal(undefined);
  });

  it('filters by action, by a complaint’s reference and by the target of an entry', async () => {
    const element = await mountAudit();
    choose($<HTMLSelectElement>(element, '#action')!, 'identity-revealed');
    button(element, 'Show').click();
    await until(() => requests.includes(`GET ${LOG}?limit=50&action=identity-revealed`), 'the filtered request');
    await until(() => $$(element, '.entry').every((e) => e.dataset.action === 'identity-revealed') && $$(element, '.entry').length === 50, 'only reveals');

    // a reference is looked up and the log asked for the complaint's id
    choose($<HTMLSelectElement>(element, '#action')!, '');
    type($<HTMLInputElement>(element, '#target')!, 'ZZZZ-ZZZZ');
    button(element, 'Show').click();
    await until(() => clean($(element, '#target-error')), 'the error');
    expect(clean($(element, '#target-error'))).to.equal('No complaint on this site has the reference ZZZZ-ZZZZ.');

    const revealed = page('limit=50')[0]!;
    type($<HTMLInputElement>(element, '#target')!, String(revealed.details.reference));
    button(element, 'Show').click();
    await until(() => requests.includes(`GET ${LOG}?limit=50&target=${revealed.target}`), 'the request for the complaint');
    await until(() => $$(element, '.entry').length === page(`limit=50&target=${revealed.target}`).length, 'its entries');
    expect(clean($(element, '#target-error'))).to.equal('');
    expect(clean($(element, '.more'))).to.equal('That is every matching entry.');

    button(element, 'Show everything').click();
    await until(() => $$(element, '.entry').length === 50, 'everything again');

    // "Only this" on an entry asks for its target
    const only = $$<HTMLButtonElement>(element, '.entry button')[0]!;
    expect(clean(only)).to.equal(`Only this: entries about ${String(revealed.details.reference)}`);
    requests = [];
    only.click();
    await until(() => requests.includes(`GET ${LOG}?limit=50&target=${revealed.target}`), 'the request for the entry’s target');
    expect($<HTMLInputElement>(element, '#target')!.value).to.equal(String(revealed.details.reference));

    // and back to everything, the fields emptied
    choose($<HTMLSelectElement>(element, '#action')!, 'identity-revealed');
    type($<HTMLInputElement>(element, '#target')!, '');
    button(element, 'Show').click();
    await until(() => $$(element, '.entry').length === 50 && $$(element, '.entry').every((e) => e.dataset.action === 'identity-revealed'), 'only reveals again');
    button(element, 'Show everything').click();
    await until(() => $$(element, '.entry').some((e) => e.dataset.action !== 'identity-revealed'), 'everything again');
    expect($<HTMLSelectElement>(element, '#action')!.value).to.equal('');
    expect($<HTMLInputElement>(element, '#target')!.value).to.equal('');
  });

  it('verifies the record, showing progress while it runs, then that every chain holds', async () => {
    const element = await mountAudit();
    let release!: () => void;
    verifyHeld = new Promise((resolve) => (release = resolve));
    button(element, 'Verify the record').click();
    await until(() => $(element, '#check-status progress'), 'the progress');
    expect(button(element, 'Verifying…').disabled).to.equal(true);
    release();
    const outcome = await until(() => $<HTMLElement>(element, '[data-outcome]'), 'the outcome');
    expect(outcome.dataset.outcome).to.equal('ok');
    expect(clean(outcome)).to.contain('Every hash chain verifies, the read model matches.');
    expect(clean(outcome)).to.contain(`${verifyAnswer.complaints} complaints and ${new Intl.NumberFormat('en').format(verifyAnswer.events)} events checked`);
    expect($(element, '#check-status progress')).to.equal(null);
    expect($(element, '#check-status')!.getAttribute('role')).to.equal('status');
  });

  it('shows the first broken link with its reference and reason, and the stale read-model rows', async () => {
    verifyAnswer = BROKEN;
    const element = await mountAudit();
    button(element, 'Verify the record').click();
    const outcome = await until(() => $<HTMLElement>(element, '[data-outcome]'), 'the outcome');
    expect(outcome.dataset.outcome).to.equal('broken');
    expect(clean(outcome)).to.contain('A hash chain is broken.');
    const link = $<HTMLAnchorElement>(element, '[data-testid="broken-reference"] a')!;
    expect(clean(link)).to.equal(BROKEN.broken!.reference);
    expect(link.getAttribute('href')).to.equal(`/portal/${SITE}/complaints/${BROKEN.broken!.complaintId}`);
    expect(clean(outcome)).to.contain(`number ${BROKEN.broken!.seq}`);
    expect(clean($(element, '[data-testid="broken-reason"]'))).to.equal('an event was altered after it was written: its hash does not match its content');
    expect($$(element, '[data-testid="stale"] li').map(clean)).to.deep.equal(BROKEN.staleReadModel);
    expect(clean(outcome)).to.contain(`The read model differs from the events for ${BROKEN.staleReadModel.length} complaints`);
  });

  it('shows each member only what their roles allow', async () => {
    const admin = await mountAudit(['admin']);
    expect(button(admin, 'Verify the record')).to.equal(undefined);
    expect($(admin, '#log-title')).to.not.equal(null);
    // an administrator does not read complaints: the reference is not a link
    expect($$(admin, '.entry[data-action="identity-revealed"] a')).to.deep.equal([]);
    const auditor = await mountAudit(['auditor']);
    expect(button(auditor, 'Verify the record')).to.not.equal(undefined);
    expect($(auditor, '#log-title')).to.not.equal(null);
  });

  for (const locale of ['en', 'zh-Hans'] as const) {
    it(`passes axe (WCAG 2.2 A and AA) in ${locale}, with the log and a broken record`, async () => {
      await useLocale(locale);
      try {
        verifyAnswer = BROKEN;
        const element = await mountAudit();
        $$<HTMLButtonElement>(element, '.panel > button')[0]!.click();
        await until(() => $(element, '[data-outcome]'), 'the outcome');
        expect(await axeViolations(element)).to.deep.equal([]);
        expect(sizeProblems(element, 'button, select, input')).to.deep.equal([]);
      } finally {
        await useLocale('en');
      }
    });
  }
});
