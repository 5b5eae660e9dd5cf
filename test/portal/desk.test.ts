import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import type { QueueItem, StaffCommand } from '../../api/contract/staff-api.ts';
import '../../portal/views/desk-view.ts';
import type { PortalDesk } from '../../portal/views/desk-view.ts';
import { discardAction, pendingActions } from '../../portal/shared/pending-actions.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { until } from '../widget/helpers.ts';
import { axeViolations, closedStreams, mountScreen, unmountScreens } from './helpers.ts';
import { complaintOf, hotelContext, pageOf, queueItem, siteUrl } from './queue-fixtures.ts';

const { http, HttpResponse, sse } = msw;

interface Posted {
  id: string;
  key: string | null;
  csrf: string | null;
  body: { expectedVersion: number; command: StaffCommand };
}

let complaints: QueueItem[] = [];
let posted: Posted[] = [];
let live: { send(message: { event: string; data: string }): void } | undefined;
let navigated: string[] = [];

/** What the server does with each step, as far as these tests need: the status and the buttons move on. */
function apply(item: QueueItem, command: StaffCommand): QueueItem {
  const next = { ...item, version: item.version + 1, updatedAt: new Date().toISOString() };
  if (command.type === 'accept') return { ...next, status: 'accepted', allowedCommands: ['add-note', 'arrive-on-site', 'dispatch', 'resolve'] };
  if (command.type === 'arrive-on-site') return { ...next, allowedCommands: item.allowedCommands.filter((c) => c !== 'arrive-on-site') };
  if (command.type === 'resolve') return { ...next, status: 'resolved', allowedCommands: ['add-note', 'send-feedback'] };
  if (command.type === 'record-return-visit') return { ...next, status: 'closed', clocks: [] };
  return next;
}

/** The server's answer to a step: applied once per Idempotency-Key, like the real one. */
const applied = new Map<string, QueueItem>();
const commandHandler = http.post(siteUrl('/complaints/:id/commands'), async ({ request, params }) => {
  const body = (await request.json()) as Posted['body'];
  const key = request.headers.get('Idempotency-Key');
  posted.push({ id: String(params.id), key, csrf: request.headers.get('X-CSRF-Token'), body });
  if (key && applied.has(key)) return HttpResponse.json(complaintOf(applied.get(key)!));
  const at = complaints.findIndex((c) => c.id === params.id);
  const next = apply(complaints[at]!, body.command);
  complaints[at] = next;
  if (key) applied.set(key, next);
  return HttpResponse.json(complaintOf(next));
});

const worker = mockServiceWorker(
  // the session, as the portal finds it (its CSRF token goes with every step)
  http.get(`${location.origin}/api/v1/staff/session`, () => HttpResponse.json(hotelContext().session)),
  http.get(siteUrl('/complaints'), ({ request }) => HttpResponse.json(pageOf(complaints, new URL(request.url)))),
  http.get(siteUrl('/complaints/:id'), ({ params }) => {
    const item = complaints.find((c) => c.id === params.id);
    return item ? HttpResponse.json(complaintOf(item)) : HttpResponse.json({ error: { code: 'not_found', message: 'no such complaint' } }, { status: 404 });
  }),
  commandHandler,
  sse<{ message: string; ready: string; changed: string }>(siteUrl('/live'), ({ client }) => {
    live = client as typeof live;
    client.send({ event: 'ready', data: JSON.stringify({ at: new Date().toISOString() }) });
  }),
);

const mountDesk = (roles: Parameters<typeof hotelContext>[0] = ['front-desk', 'manager']): Promise<PortalDesk> =>
  mountScreen<PortalDesk>('portal-desk', { portal: hotelContext(roles, navigated) });

const root = (element: PortalDesk) => element.shadowRoot!;
const card = (element: PortalDesk, id: string) => root(element).querySelector<HTMLElement>(`article[data-id="${id}"]`);
const buttons = (element: PortalDesk, id: string) =>
  [...(card(element, id)?.querySelectorAll<HTMLButtonElement>('.actions button') ?? [])].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
const button = (element: PortalDesk, id: string, command: string) => card(element, id)!.querySelector<HTMLButtonElement>(`button[data-command="${command}"]`)!;
const strip = (element: PortalDesk) => root(element).querySelector<HTMLElement>('[data-testid="pending"]');
const said = (element: PortalDesk) => root(element).querySelector('p.visually-hidden[role="status"]')!.textContent ?? '';

before(async () => {
  await setViewport({ width: 768, height: 1024 });
});

beforeEach(() => {
  complaints = [
    queueItem(1, { reference: 'DESK-0001' }),
    queueItem(2, { reference: 'DESK-0002', status: 'dispatched', assignee: 'Chan', allowedCommands: ['add-note', 'arrive-on-site', 'dispatch', 'resolve'] }),
    queueItem(3, { reference: 'DESK-0003', status: 'follow-up', allowedCommands: ['add-note', 'record-return-visit', 'record-satisfaction'] }),
    queueItem(4, { reference: 'DESK-0004', status: 'closed', clocks: [], allowedCommands: [] }),
  ];
  posted = [];
  live = undefined;
  navigated = [];
});

afterEach(async () => {
  unmountScreens();
  worker.resetHandlers();
  for (const action of await pendingActions()) await discardAction(action.id);
});

async function ready(element: PortalDesk): Promise<void> {
  await until(() => card(element, complaints[0]!.id), 'the cards');
  await until(() => root(element).textContent!.includes('Live'), 'the live stream');
}

describe('<portal-desk>', () => {
  it('shows each open complaint as a card with its deadlines and one large button for each step it allows', async () => {
    const element = await mountDesk();
    await ready(element);
    expect(root(element).querySelectorAll('article.card')).to.have.length(3);
    expect(card(element, complaints[3]!.id), 'a closed complaint').to.equal(null);
    // only what the complaint allows now, in the desk's order
    expect(buttons(element, complaints[0]!.id)).to.deep.equal(['Acknowledge', 'Arrived on site', 'Add note…']);
    expect(buttons(element, complaints[1]!.id)).to.deep.equal(['Arrived on site', 'Add note…', 'Resolve…']);
    expect(buttons(element, complaints[2]!.id)).to.deep.equal(['Add note…', 'Return visit…']);
    for (const target of root(element).querySelectorAll<HTMLElement>('button, select')) {
      expect(target.getBoundingClientRect().height, target.textContent!.trim()).to.be.at.least(56);
    }
    const first = card(element, complaints[0]!.id)!;
    expect(first.textContent).to.contain('Something broken');
    expect(first.querySelector('portal-countdown')).to.not.equal(null);
    expect(first.querySelector('portal-countdown')!.shadowRoot!.textContent).to.match(/Acknowledge · \d+ min left/);
    expect(first.classList.contains('ok')).to.equal(true);
  });

  it('acknowledges with one tap: the step goes with the version it was decided on, and the card moves on', async () => {
    const element = await mountDesk();
    await ready(element);
    const id = complaints[0]!.id;
    button(element, id, 'accept').click();
    await until(() => !buttons(element, id).includes('Acknowledge'), 'the card to move on');
    expect(posted).to.have.length(1);
    expect(posted[0]!.body).to.deep.equal({ expectedVersion: 2, command: { type: 'accept' } });
    expect(posted[0]!.key).to.be.a('string').and.have.length.greaterThan(10);
    expect(posted[0]!.csrf).to.equal('csrf-token');
    expect(card(element, id)!.textContent).to.contain('Accepted');
    expect(said(element)).to.contain('Acknowledged DESK-0001');
    expect(strip(element)).to.equal(null);
  });

  it('asks for a note, the result and basis, or the return visit in a sheet, and sends what was typed', async () => {
    const element = await mountDesk();
    await ready(element);
    const sheet = root(element).querySelector<HTMLDialogElement>('#sheet')!;
    const fill = (name: string, value: string) => {
      sheet.querySelector<HTMLTextAreaElement>(`[name="${name}"]`)!.value = value;
    };
    const submit = () => sheet.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

    button(element, complaints[0]!.id, 'add-note').click();
    await until(() => sheet.open, 'the note sheet');
    expect(sheet.querySelector('h2')!.textContent).to.contain('DESK-0001');
    // nothing typed: the browser says the note is needed, nothing is sent
    submit();
    expect(posted).to.have.length(0);
    fill('note', 'Guest called again, engineer on the way.');
    sheet.querySelector<HTMLInputElement>('[name="public"]')!.click();
    submit();
    await until(() => !sheet.open, 'the sheet to close');
    expect(posted.at(-1)!.body.command).to.deep.equal({ type: 'add-note', note: 'Guest called again, engineer on the way.', public: true });

    button(element, complaints[1]!.id, 'resolve').click();
    await until(() => sheet.open, 'the resolve sheet');
    fill('result', 'Replaced the fan motor of the air conditioner.');
    fill('basis', 'Engineering found the motor worn out.');
    submit();
    await until(() => !sheet.open, 'the sheet to close');
    expect(posted.at(-1)!.body).to.deep.equal({
      expectedVersion: 2,
      command: { type: 'resolve', result: 'Replaced the fan motor of the air conditioner.', basis: 'Engineering found the motor worn out.' },
    });

    button(element, complaints[2]!.id, 'record-return-visit').click();
    await until(() => sheet.open, 'the return visit sheet');
    fill('note', 'Called the guest: the room is quiet now.');
    sheet.querySelector<HTMLInputElement>('[name="rectified"][value="yes"]')!.click();
    sheet.querySelector<HTMLInputElement>('[name="rating"][value="satisfied"]')!.click();
    submit();
    await until(() => !sheet.open, 'the sheet to close');
    expect(posted.at(-1)!.body.command).to.deep.equal({ type: 'record-return-visit', note: 'Called the guest: the room is quiet now.', rectified: true, rating: 'satisfied' });
    // closed now: its card leaves the desk
    await until(() => !card(element, complaints[2]!.id), 'the closed card to go');
  });

  it('keeps a step tapped without a network, shows it waiting in the strip, and sends it once when it can', async () => {
    worker.use(http.post(siteUrl('/complaints/:id/commands'), () => HttpResponse.error()));
    const element = await mountDesk();
    await ready(element);
    const id = complaints[1]!.id;
    button(element, id, 'arrive-on-site').click();
    await until(() => strip(element), 'the strip');
    expect(strip(element)!.querySelector('h2')!.textContent).to.equal('1 action waiting to be sent');
    expect(strip(element)!.textContent).to.contain('Arrived on site · DESK-0002');
    expect(card(element, id)!.textContent).to.contain('Waiting to be sent: Arrived on site');
    expect(button(element, id, 'arrive-on-site').disabled, 'no second tap for the same step').to.equal(true);
    await until(() => said(element).includes('waits on this device'), 'the announcement');
    expect(await pendingActions()).to.have.length(1);

    // the network is back
    worker.resetHandlers();
    [...strip(element)!.querySelectorAll('button')].find((b) => b.textContent!.includes('Send now'))!.click();
    await until(() => !strip(element), 'the strip to go', 8000);
    expect(posted.filter((p) => p.body.command.type === 'arrive-on-site')).to.have.length(1);
    expect(complaints[1]!.version).to.equal(3);
    await until(() => !buttons(element, id).includes('Arrived on site'), 'the card to move on');
    expect(await pendingActions()).to.deep.equal([]);
  });

  it('says why a step was refused, on the card and in the strip, and lets it be discarded', async () => {
    worker.use(
      http.post(siteUrl('/complaints/:id/commands'), () =>
        HttpResponse.json({ error: { code: 'forbidden', message: 'role may not' } }, { status: 403 }),
      ),
    );
    const element = await mountDesk();
    await ready(element);
    const id = complaints[0]!.id;
    button(element, id, 'accept').click();
    await until(() => strip(element)?.querySelector('h2')!.textContent === '1 action was refused', 'the refusal in the strip');
    expect(strip(element)!.textContent).to.contain('Your roles on this site do not allow this.');
    expect(card(element, id)!.querySelector('[role="alert"]')!.textContent).to.contain('Your roles on this site do not allow this.');
    [...strip(element)!.querySelectorAll('button')].find((b) => b.textContent!.includes('Discard'))!.click();
    await until(() => !strip(element), 'the strip to go');
    expect(await pendingActions()).to.deep.equal([]);
  });

  it('shows a complaint filed meanwhile at once, marked new, and announces it', async () => {
    const element = await mountDesk();
    await ready(element);
    const filed = queueItem(9, { reference: 'WALK-IN01', registeredAt: new Date().toISOString() });
    complaints.push(filed);
    live!.send({ event: 'changed', data: JSON.stringify({ complaintId: filed.id, version: filed.version, at: new Date().toISOString() }) });
    await until(() => card(element, filed.id), 'the new card');
    expect(card(element, filed.id)!.classList.contains('fresh')).to.equal(true);
    expect(card(element, filed.id)!.querySelector('.tag.new')!.textContent).to.equal('New');
    expect(said(element)).to.contain('New complaint WALK-IN01');
    expect(root(element).querySelector('.summary')!.textContent!.replace(/\s+/g, ' ')).to.contain('1 new');
    // acting on it is seeing it
    button(element, filed.id, 'accept').click();
    await until(() => !card(element, filed.id)!.classList.contains('fresh'), 'the mark to go');
  });

  it('opens the intake screen for a walk-in or a phone call', async () => {
    const element = await mountDesk(['front-desk']);
    await ready(element);
    [...root(element).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('Register walk-in'))!.click();
    expect(navigated).to.deep.equal(['intake']);
  });

  it('lays the cards in one column on a portrait tablet and two on a landscape one', async () => {
    const element = await mountDesk();
    await ready(element);
    const columns = () => new Set([...root(element).querySelectorAll('article.card')].map((c) => Math.round(c.getBoundingClientRect().left))).size;
    expect(columns()).to.equal(1);
    await setViewport({ width: 1024, height: 768 });
    await until(() => columns() === 2, 'two columns');
    await setViewport({ width: 768, height: 1024 });
  });

  it('closes its live stream when it leaves the page', async () => {
    const closed = await closedStreams(async () => {
      const element = await mountDesk();
      await ready(element);
      element.remove();
    });
    expect(closed.map((source) => source.url)).to.include(siteUrl('/live'));
  });

  it('passes axe (WCAG 2.2 A and AA) with cards, the strip and an open sheet', async () => {
    worker.use(http.post(siteUrl('/complaints/:id/commands'), () => HttpResponse.error()));
    const element = await mountDesk();
    await ready(element);
    button(element, complaints[0]!.id, 'accept').click();
    await until(() => strip(element), 'the strip');
    expect(await axeViolations(element)).to.deep.equal([]);
    button(element, complaints[2]!.id, 'record-return-visit').click();
    await until(() => root(element).querySelector<HTMLDialogElement>('#sheet')!.open, 'the sheet');
    expect(await axeViolations(element)).to.deep.equal([]);
  });
});
