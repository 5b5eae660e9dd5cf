import { expect } from 'chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { QueueItem } from '../../api/contract/staff-api.ts';
import '../../portal/views/queue-view.ts';
import type { PortalQueue } from '../../portal/views/queue-view.ts';
import { quickFilter } from '../../portal/views/queue/filter.ts';
import type { VirtualList } from '../../portal/shared/virtual-list.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { until } from '../widget/helpers.ts';
import { axeViolations, closedStreams, deepActive, mountScreen, sizeProblems, unmountScreens } from './helpers.ts';
import { DEPARTMENTS, SITE, complaintOf, hotelContext, pageOf, queueItem, siteUrl } from './queue-fixtures.ts';

const { http, HttpResponse, sse } = msw;

/** The complaints the mocked API holds, the queue requests it answered, and the open live stream. */
let complaints: QueueItem[] = [];
let requests: URL[] = [];
let live: { send(message: { event: string; data: string }): void; error(): void } | undefined;
let streams = 0;
let navigated: string[] = [];

const worker = mockServiceWorker(
  http.get(siteUrl('/complaints'), ({ request }) => {
    const url = new URL(request.url);
    requests.push(url);
    return HttpResponse.json(pageOf(complaints, url));
  }),
  http.get(siteUrl('/complaints/:id'), ({ params }) => {
    const item = complaints.find((c) => c.id === params.id);
    return item ? HttpResponse.json(complaintOf(item)) : HttpResponse.json({ error: { code: 'not_found', message: 'no such complaint' } }, { status: 404 });
  }),
  http.get(siteUrl('/directory'), () => HttpResponse.json({ departments: DEPARTMENTS, colleagues: [] })),
  sse<{ message: string; ready: string; changed: string }>(siteUrl('/live'), ({ client }) => {
    live = client as typeof live;
    streams += 1;
    // reconnect quickly after a break, as a server may ask
    client.send({ retry: 100 });
    client.send({ event: 'ready', data: JSON.stringify({ at: new Date().toISOString() }) });
  }),
);

const mountQueue = (): Promise<PortalQueue> => mountScreen<PortalQueue>('portal-queue', { portal: hotelContext(['manager'], navigated) });

const root = (element: PortalQueue) => element.shadowRoot!;
const list = (element: PortalQueue) => root(element).querySelector('portal-virtual-list') as VirtualList<QueueItem>;
const rows = (element: PortalQueue) => [...list(element).querySelectorAll<HTMLElement>('.vl-body > [role="row"]')];
const lastQuery = () => requests.at(-1)!.searchParams;

/**
 * Scrolls as a person would. The scroll event is sent here too: a page the runner keeps in the
 * background (two test files at once) gets no rendering steps, and so no scroll events.
 */
function scrollTo(viewport: HTMLElement, top: number): void {
  viewport.scrollTop = top;
  viewport.dispatchEvent(new Event('scroll'));
}

async function loaded(element: PortalQueue, count: number): Promise<void> {
  await until(() => element.visibleItems.length === count && rows(element).length > 0, `${count} rows`);
}

before(async () => {
  await setViewport({ width: 1280, height: 900 });
});

beforeEach(() => {
  complaints = Array.from({ length: 30 }, (_, n) => queueItem(n));
  requests = [];
  live = undefined;
  streams = 0;
  navigated = [];
  localStorage.clear();
});

afterEach(() => {
  unmountScreens();
  worker.resetHandlers();
});

describe('<portal-queue>', () => {
  it('asks the server for exactly what the filters say', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    // the open tab, soonest deadline first, the largest page
    expect(lastQuery().get('status')!.split(',')).to.include.members(['registered', 'accepted', 'dispatched', 'follow-up']);
    expect(lastQuery().get('status')).to.not.contain('closed');
    expect(lastQuery().get('sort')).to.equal('due');
    expect(lastQuery().get('limit')).to.equal('100');

    const form = root(element).querySelector('form.filters')!;
    const choose = async (id: string, value: string) => {
      const field = form.querySelector<HTMLSelectElement | HTMLInputElement>(`#${id}`)!;
      field.value = value;
      field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      const before = requests.length;
      await until(() => requests.length > before, `a request for ${id}`);
    };
    const tick = async (name: string) => {
      const box = form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
      const before = requests.length;
      box.click();
      await until(() => requests.length > before, `a request for ${name}`);
    };
    await choose('category', 'noise');
    expect(lastQuery().get('category')).to.equal('noise');
    await choose('department', 'security');
    expect(lastQuery().get('department')).to.equal('security');
    await choose('stage', 'onSite');
    expect(lastQuery().get('stage')).to.equal('onSite');
    await choose('priority', 'urgent');
    expect(lastQuery().get('priority')).to.equal('urgent');
    await choose('channel', 'walk-in');
    expect(lastQuery().get('channel')).to.equal('walk-in');
    await choose('dueWithin', '4h');
    expect(lastQuery().get('dueWithin')).to.equal('4h');
    // days are the site's days: Hong Kong is eight hours ahead of UTC
    await choose('from', '2025-03-01');
    expect(lastQuery().get('from')).to.equal('2025-02-28T16:00:00.000Z');
    await choose('to', '2025-03-31');
    expect(lastQuery().get('to')).to.equal('2025-03-31T16:00:00.000Z');
    await tick('overdue');
    expect(lastQuery().get('overdue')).to.equal('true');
    await tick('mine');
    expect(lastQuery().get('assignee')).to.equal('me');
    await choose('sort', '-registered');
    expect(lastQuery().get('sort')).to.equal('-registered');

    // text, Chinese included, goes to the server when Enter is pressed
    const search = form.querySelector<HTMLInputElement>('#q')!;
    search.focus();
    search.value = '空调 1208';
    search.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    let before = requests.length;
    await sendKeys({ press: 'Enter' });
    await until(() => requests.length > before, 'the search');
    expect(lastQuery().get('q')).to.equal('空调 1208');
    // every filter still holds together
    expect(lastQuery().get('category')).to.equal('noise');
    expect(lastQuery().get('assignee')).to.equal('me');

    // the "All" tab drops the status; one status tab asks for it alone
    before = requests.length;
    root(element).querySelector<HTMLButtonElement>('#tab-all')!.click();
    await until(() => requests.length > before, 'the All tab');
    expect(lastQuery().has('status')).to.equal(false);

    before = requests.length;
    const clear = [...root(element).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === 'Clear filters')!;
    clear.click();
    await until(() => requests.length > before, 'clearing');
    expect([...lastQuery().keys()].sort()).to.deep.equal(['limit', 'sort']);
    expect(lastQuery().get('sort')).to.equal('-registered');
  });

  it('shows the counts per status as tabs, and moves between them with the arrow keys', async () => {
    complaints = [
      ...Array.from({ length: 3 }, (_, n) => queueItem(n)),
      ...Array.from({ length: 2 }, (_, n) => queueItem(10 + n, { status: 'accepted' })),
      queueItem(20, { status: 'closed', clocks: [] }),
    ];
    const element = await mountQueue();
    await loaded(element, 5);
    const tab = (id: string) => root(element).querySelector<HTMLElement>(`#tab-${id}`)!;
    expect(tab('open').textContent!.replace(/\s+/g, ' ').trim()).to.equal('Open 5');
    expect(tab('all').textContent!.replace(/\s+/g, ' ').trim()).to.equal('All 6');
    expect(tab('registered').textContent).to.contain('3');
    expect(tab('accepted').textContent).to.contain('2');
    expect(tab('closed').textContent).to.contain('1');
    expect(tab('open').getAttribute('aria-selected')).to.equal('true');
    expect(root(element).querySelector('[role="tabpanel"]')!.getAttribute('aria-labelledby')).to.equal('tab-open');

    tab('open').focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(() => tab('all').getAttribute('aria-selected') === 'true', 'the All tab selected');
    await until(() => deepActive() === tab('all'), 'the All tab focused');
    await loaded(element, 6);
    await sendKeys({ press: 'ArrowRight' });
    await until(() => lastQuery().get('status') === 'registered', 'the registered tab');
    await loaded(element, 3);
  });

  it('puts a complaint filed elsewhere into the list live, highlighted and announced, without reloading', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    await until(() => element.shadowRoot!.textContent!.includes('Live'), 'the live stream');
    const pagesBefore = requests.filter((url) => url.searchParams.get('limit') === '100').length;

    // due sooner than any other: it goes to the top
    const filed = queueItem(500, {
      reference: 'NEW1-2345',
      registeredAt: new Date().toISOString(),
      clocks: [{ ...queueItem(0).clocks[0]!, dueAt: new Date(Date.now() + 60_000).toISOString() }],
    });
    complaints.push(filed);
    live!.send({ event: 'changed', data: JSON.stringify({ complaintId: filed.id, version: filed.version, at: new Date().toISOString() }) });

    await until(() => element.visibleItems.length === 31, 'the new row');
    expect(element.visibleItems[0]!.reference).to.equal('NEW1-2345');
    const first = rows(element).find((row) => row.dataset.index === '0')!;
    expect(first.textContent).to.contain('NEW1-2345');
    expect(first.classList.contains('fresh')).to.equal(true);
    const announcement = root(element).querySelector('[role="status"].visually-hidden')!;
    expect(announcement.textContent).to.contain('NEW1-2345');
    // no page was loaded again: the row came by itself, and only the counts were asked for
    await until(() => requests.some((url) => url.searchParams.get('limit') === '1'), 'the counts');
    expect(requests.filter((url) => url.searchParams.get('limit') === '100').length).to.equal(pagesBefore);

    // a change that takes a row out of the open tab removes it
    const closed = { ...complaints[3]!, status: 'closed' as const, version: complaints[3]!.version + 1, clocks: [] };
    complaints[3] = closed;
    live!.send({ event: 'changed', data: JSON.stringify({ complaintId: closed.id, version: closed.version, at: new Date().toISOString() }) });
    await until(() => element.visibleItems.length === 30, 'the closed row to go');
    expect(element.visibleItems.some((item) => item.id === closed.id)).to.equal(false);
  });

  it('says when the live stream broke, and catches up when it is back', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    const state = () => root(element).querySelector('.live')!.textContent!.trim();
    await until(() => state() === 'Live', 'the live stream');
    const pages = () => requests.filter((url) => url.searchParams.get('limit') === '100').length;
    const before = pages();
    // a complaint filed while the stream is down is not heard of...
    complaints.unshift(queueItem(700, { reference: 'GAP1-0001', clocks: [{ ...queueItem(0).clocks[0]!, dueAt: new Date(Date.now() + 30_000).toISOString() }] }));
    live!.error();
    await until(() => state() === 'Reconnecting…', 'reconnecting');
    // ...until the stream is back, when the list is loaded again
    await until(() => state() === 'Live' && streams === 2, 'live again');
    await until(() => pages() > before, 'the list loaded again');
    await until(() => element.visibleItems[0]?.reference === 'GAP1-0001', 'the complaint filed meanwhile');
  });

  it('loads 10,000 complaints a page at a time and keeps only a window of them in the DOM; the keyboard moves through all', async function () {
    this.timeout(90_000);
    complaints = Array.from({ length: 10_000 }, (_, n) => queueItem(n));
    const element = await mountQueue();
    await loaded(element, 100);
    const grid = list(element);
    const viewport = grid.querySelector<HTMLElement>('.vl-viewport')!;
    // scrolling to the end loads the next page, until all are there
    while (element.visibleItems.length < 10_000) {
      const count = element.visibleItems.length;
      scrollTo(viewport, viewport.scrollHeight);
      await until(() => element.visibleItems.length > count, `more than ${count} rows`, 10_000);
    }
    expect(requests.filter((url) => url.searchParams.get('limit') === '100')).to.have.length(100);
    expect(grid.getAttribute('role')).to.equal('grid');
    expect(grid.getAttribute('aria-rowcount')).to.equal('10001');
    scrollTo(viewport, viewport.scrollHeight);
    await until(() => rows(element).some((row) => row.getAttribute('aria-rowindex') === '10001'), 'the last row drawn');
    expect(rows(element).length, 'rows in the DOM').to.be.within(10, 60);

    // the middle: only rows near it exist
    scrollTo(viewport, 5000 * 56);
    await until(() => rows(element).some((row) => row.dataset.index === '5000'), 'row 5000');
    // and the row in the Tab order (the first), kept so that the focus is never lost
    const indices = rows(element)
      .map((row) => Number(row.dataset.index))
      .filter((index) => index !== grid.activeIndex);
    expect(grid.activeIndex).to.equal(0);
    expect(Math.min(...indices)).to.be.greaterThan(4950);
    expect(Math.max(...indices)).to.be.lessThan(5050);

    // keyboard: into the grid, down, to the end, back up with k, open with Enter
    const row5000 = grid.rowElement(5000)!;
    row5000.focus();
    await sendKeys({ press: 'ArrowDown' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '5001', 'row 5001 focused');
    expect(grid.rowElement(5001)!.getAttribute('tabindex')).to.equal('0');
    expect(grid.rowElement(5000)!.getAttribute('tabindex')).to.equal('-1');
    await sendKeys({ press: 'End' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '9999', 'the last row focused');
    expect(rows(element).length).to.be.below(60);
    await sendKeys({ press: 'k' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '9998', 'k: the row above');
    await sendKeys({ press: 'j' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '9999', 'j: the row below');
    await sendKeys({ press: 'Home' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '0', 'the first row');
    await sendKeys({ press: 'PageDown' });
    await until(() => Number((deepActive() as HTMLElement | null)?.dataset.index) > 5, 'a page down');
    const focused = Number((deepActive() as HTMLElement).dataset.index);
    await sendKeys({ press: 'Enter' });
    expect(navigated).to.deep.equal([`complaints/${complaints[focused]!.id}`]);

    // the quick filter runs over all 10,000 at once
    const quick = root(element).querySelector<HTMLInputElement>('#quick')!;
    quick.value = 'Q123';
    quick.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await until(() => element.visibleItems.length < 10_000, 'the quick filter');
    await element.updateComplete;
    await grid.updateComplete;
    expect(element.visibleItems).to.deep.equal(quickFilter(complaints, 'Q123'));
    expect(element.visibleItems.every((item) => item.reference.startsWith('Q123'))).to.equal(true);
    expect(grid.getAttribute('aria-rowcount')).to.equal(String(element.visibleItems.length + 1));
  });

  it('filters the loaded rows at once with the quick filter, Chinese and status names included', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    const requestsBefore = requests.length;
    const quick = root(element).querySelector<HTMLInputElement>('#quick')!;
    const typeQuick = async (text: string) => {
      quick.value = text;
      quick.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await element.updateComplete;
    };
    await typeQuick('空调');
    expect(element.visibleItems.length).to.be.greaterThan(0);
    expect(element.visibleItems.every((item) => item.category.code === 'facilities')).to.equal(true);
    expect(root(element).querySelector('#quick-count')!.textContent).to.contain(`${element.visibleItems.length} of 30 loaded rows`);
    // category names in any language, the room, and the localized status
    await typeQuick('噪音');
    expect(element.visibleItems.every((item) => item.category.code === 'noise')).to.equal(true);
    await typeQuick('noise 1006');
    expect(element.visibleItems.map((item) => item.place.room)).to.deep.equal(['1006']);
    await typeQuick('registered');
    expect(element.visibleItems).to.have.length(30);
    await typeQuick('no such words');
    expect(element.visibleItems).to.have.length(0);
    expect(root(element).textContent).to.contain('No loaded complaint matches the quick filter.');
    // the quick filter never asks the server
    expect(requests.length).to.equal(requestsBefore);
  });

  it('keeps named views of the filters for this site and member, applies and deletes them', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    const form = root(element).querySelector('form.filters')!;
    const category = form.querySelector<HTMLSelectElement>('#category')!;
    category.value = 'billing';
    category.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await until(() => lastQuery().get('category') === 'billing', 'the billing filter');

    [...root(element).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('Save these filters'))!.click();
    const nameField = await until(() => root(element).querySelector<HTMLInputElement>('#view-name'), 'the name field');
    expect(deepActive()).to.equal(nameField);
    nameField.value = 'Bills';
    root(element).querySelector<HTMLButtonElement>('form.inline button[type="submit"]')!.click();
    await until(() => root(element).querySelector<HTMLSelectElement>('#view')!.value === 'Bills', 'the saved view chosen');
    const stored = JSON.parse(localStorage.getItem(`complaint-portal:queue-views:${SITE}:user-lee`)!);
    expect(stored).to.have.length(1);
    expect(stored[0].name).to.equal('Bills');
    expect(stored[0].filters.category).to.equal('billing');

    // another filter, then the view brings its own back
    category.value = 'noise';
    category.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await until(() => lastQuery().get('category') === 'noise', 'the noise filter');
    const views = root(element).querySelector<HTMLSelectElement>('#view')!;
    views.value = 'Bills';
    views.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await until(() => lastQuery().get('category') === 'billing', 'the view applied');

    // a new screen for the same member finds it
    element.remove();
    const again = await mountQueue();
    await loaded(again, 30);
    const options = [...root(again).querySelectorAll<HTMLOptionElement>('#view option')].map((o) => o.value);
    expect(options).to.deep.equal(['', 'Bills']);
    const select = root(again).querySelector<HTMLSelectElement>('#view')!;
    select.value = 'Bills';
    select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await until(() => [...root(again).querySelectorAll('button')].some((b) => b.textContent!.includes('Delete view')), 'the delete button');
    [...root(again).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('Delete view'))!.click();
    await until(() => root(again).querySelectorAll('#view option').length === 1, 'the view deleted');
    expect(JSON.parse(localStorage.getItem(`complaint-portal:queue-views:${SITE}:user-lee`)!)).to.deep.equal([]);
  });

  it('has keyboard shortcuts: / searches, j and k move, ? lists them; none while typing', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: '/' });
    const search = root(element).querySelector<HTMLInputElement>('#q')!;
    expect(deepActive()).to.equal(search);
    // typing j in a field types it
    await sendKeys({ type: 'jk' });
    expect(search.value).to.equal('jk');
    expect(rows(element).some((row) => row === deepActive())).to.equal(false);
    search.value = '';
    search.blur();

    await sendKeys({ press: 'j' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '0', 'j: into the list');
    await sendKeys({ press: 'j' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '1', 'j: the next row');
    await sendKeys({ press: 'k' });
    await until(() => (deepActive() as HTMLElement | null)?.dataset.index === '0', 'k: back');
    await sendKeys({ press: 'Enter' });
    expect(navigated).to.deep.equal([`complaints/${element.visibleItems[0]!.id}`]);

    await sendKeys({ type: '?' });
    const dialog = root(element).querySelector<HTMLDialogElement>('#shortcuts')!;
    await until(() => dialog.open, 'the list of shortcuts');
    expect(dialog.textContent).to.contain('Next complaint');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'the list closed');
  });

  it('says when the service cannot be reached, and keeps the rows it has', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    worker.use(http.get(siteUrl('/complaints'), () => HttpResponse.error()));
    const category = root(element).querySelector<HTMLSelectElement>('#category')!;
    category.value = 'noise';
    category.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await until(() => root(element).querySelector('[role="alert"]'), 'the error');
    expect(root(element).querySelector('[role="alert"]')!.textContent).to.contain('cannot be reached');
    expect(element.visibleItems).to.have.length(30);
  });

  it('closes its live stream when it leaves the page', async () => {
    const closed = await closedStreams(async () => {
      const element = await mountQueue();
      await until(() => element.shadowRoot!.textContent!.includes('Live'), 'the live stream');
      element.remove();
    });
    expect(closed.some((source) => source.url === siteUrl('/live'))).to.equal(true);
    expect(closed.every((source) => source.readyState === EventSource.CLOSED)).to.equal(true);
  });

  it('passes axe (WCAG 2.2 A and AA), with rows, filters and the open list of shortcuts', async () => {
    const element = await mountQueue();
    await loaded(element, 30);
    expect(await axeViolations(element)).to.deep.equal([]);
    // every control a member touches is at least 44px high, its type at least 16px
    expect(sizeProblems(element)).to.deep.equal([]);
    root(element).querySelector<HTMLDialogElement>('#shortcuts')!.showModal();
    expect(await axeViolations(element)).to.deep.equal([]);
  });
});
