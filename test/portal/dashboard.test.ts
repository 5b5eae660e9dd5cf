import { expect } from 'chai';
import type { Statistics } from '../../api/workflow/stats.ts';
import type { PortalContext } from '../../portal/shared/context.ts';
import { useLocale } from '../../portal/shared/locale.ts';
import '../../portal/views/dashboard-view.ts';
import type { PortalDashboard } from '../../portal/views/dashboard-view.ts';
import { $, choose, until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { ANSWERS, DIRECTORY, GENERAL_MANAGER, HOTEL, NOW } from './dashboard-fixtures.ts';
import { $$, axeViolations, mountScreen, portalContext, sizeProblems, unmountScreens } from './helpers.ts';

const { http, HttpResponse } = msw;

/*
 * The dashboard against the real API's answers (dashboard-fixtures.ts), on 26 November 2026 in
 * Hong Kong: November has rates under the 95% line, October meets it, January is empty.
 */

const ORIGIN = 'https://complaints.dashboard.test';
const SITE = 'demo-hotel';

/** Every request the dashboard made, as "GET /path?query"; those the fixtures have no answer for. */
let requests: string[] = [];
let unanswered: string[] = [];
let refuse: number | null = null;

mockServiceWorker(
  http.all(`${ORIGIN}/*`, ({ request }) => {
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}${url.search}`;
    requests.push(key);
    if (url.pathname.endsWith('/directory')) return HttpResponse.json(DIRECTORY);
    if (refuse) return HttpResponse.json({ error: { code: 'forbidden', message: 'your role may not do this' } }, { status: refuse });
    if (key in ANSWERS) return HttpResponse.json(ANSWERS[key] as Record<string, unknown>);
    unanswered.push(key);
    return HttpResponse.json({ error: { code: 'not_recorded', message: key } }, { status: 501 });
  }),
);

const stats = (from: string, to: string, groupBy?: string): Statistics => {
  const key = `GET /api/v1/staff/sites/${SITE}/stats?${new URLSearchParams({ from, to, ...(groupBy ? { groupBy } : {}) })}`;
  return ANSWERS[key] as Statistics;
};
const NOVEMBER = { from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' };
const NOVEMBER_WEEKS = [
  ['2026-10-31T16:00:00.000Z', '2026-11-07T16:00:00.000Z'],
  ['2026-11-07T16:00:00.000Z', '2026-11-14T16:00:00.000Z'],
  ['2026-11-14T16:00:00.000Z', '2026-11-21T16:00:00.000Z'],
  ['2026-11-21T16:00:00.000Z', '2026-11-28T16:00:00.000Z'],
] as const;

afterEach(() => {
  unmountScreens();
  requests = [];
  unanswered = [];
  refuse = null;
});

const context = (): PortalContext => portalContext(HOTEL, ['manager'], { origin: ORIGIN, member: GENERAL_MANAGER });

async function mountDashboard(width = 1200): Promise<PortalDashboard> {
  const element = await mountScreen<PortalDashboard>('portal-dashboard', { now: () => NOW, portal: context() }, { style: `inline-size: ${width}px` });
  await until(() => $(element, '[data-figure="received"]') && $(element, '#trend-title') && !text(element, '[data-figure="open"]').includes('…'), 'the figures');
  return element;
}

const text = (element: Element, selector: string) => $(element, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const section = (element: Element, title: string) => $(element, `#${title}`)!.closest('section')!;
/** The values drawn, from each mark's data-value (null where there was nothing to count). */
const values = (root: ParentNode, selector: string) =>
  [...root.querySelectorAll(selector)].map((node) => (node.getAttribute('data-value') ? Number(node.getAttribute('data-value')) : null));
const ascending = (list: (number | null)[]) => [...list].sort((a, b) => (a ?? -1) - (b ?? -1));

async function pick(element: PortalDashboard, label: string): Promise<void> {
  const radio = $$<HTMLInputElement>(element, '.segments input').find((input) => input.parentElement!.textContent!.trim() === label)!;
  radio.click();
  await element.updateComplete;
}

describe('<portal-dashboard>', () => {
  it('shows the month’s counts from the statistics, and what is still open and overdue from the queue', async () => {
    const element = await mountDashboard();
    const november = stats(NOVEMBER.from, NOVEMBER.to, 'department').overall;
    expect(text(element, '[data-figure="received"]')).to.equal(String(november.received));
    expect(text(element, '[data-figure="accepted"]')).to.equal(String(november.accepted));
    expect(text(element, '[data-figure="resolved"]')).to.equal(String(november.resolved));
    expect(text(element, '[data-figure="closed"]')).to.equal(String(november.closed.total));
    const open = Object.entries(ANSWERS).find(([key]) => key.includes('/complaints?from=2026-10-31'))![1] as { total: number; overdue: number };
    expect(text(element, '[data-figure="open"]')).to.equal(String(open.total));
    expect(text(element, '[data-figure="overdue"]')).to.equal(String(open.overdue));
    expect($(element, '[data-figure="overdue"]')!.closest('.tile')!.classList.contains('late')).to.equal(open.overdue > 0);
    // the month in the site's time zone: Hong Kong midnights
    expect(requests).to.include(`GET /api/v1/staff/sites/${SITE}/stats?${new URLSearchParams({ ...NOVEMBER, groupBy: 'department' })}`);
    expect(text(element, '[data-testid="period"]')).to.contain('November 1 – 30, 2026');
    expect(unanswered).to.deep.equal([]);
  });

  it('draws the trend week by week with the values of each week, and the same numbers in its table', async () => {
    const element = await mountDashboard();
    const weeks = NOVEMBER_WEEKS.map(([from, to]) => stats(from, to).overall);
    const trend = section(element, 'trend-title');
    expect(text(element, '#trend-title')).to.equal('Received and resolved, by week');
    expect(values(trend, '[data-series="Received"] .point')).to.deep.equal(weeks.map((w) => w.received));
    expect(values(trend, '[data-series="Resolved"] .point')).to.deep.equal(weeks.map((w) => w.resolved));
    const svg = trend.querySelector('svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    const total = weeks.reduce((sum, w) => sum + w.received, 0);
    expect(svg.getAttribute('aria-label')).to.contain(`${total} received`);
    // the data table: one row per week, the received and resolved of each
    const rows = [...trend.querySelectorAll('details table tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim()));
    expect(rows).to.deep.equal(weeks.map((w) => [String(w.received), String(w.resolved)]));
    expect([...trend.querySelectorAll('details table tbody th')].map((th) => th.textContent!.trim())).to.deep.equal(['Nov 1', 'Nov 8', 'Nov 15', 'Nov 22']);
  });

  it('sets every rate against the 95% line and flags one under it', async () => {
    const element = await mountDashboard();
    const november = stats(NOVEMBER.from, NOVEMBER.to, 'department').overall;
    expect(november.satisfaction.target).to.equal(0.95);
    const cards = Object.fromEntries($$(element, '[data-rate]').map((card) => [card.dataset.rate, card]));
    for (const [key, rate] of [
      ['timeliness', november.timeliness.rate],
      ['completion', november.completion.rate],
      ['satisfaction', november.satisfaction.rate],
    ] as const) {
      const card = cards[key]!;
      const below = rate! < 0.95;
      expect(card.querySelector('.big')!.textContent).to.equal(`${Math.round(rate! * 1000) / 10}%`);
      expect(card.classList.contains('below'), key).to.equal(below);
      expect(card.querySelector('.verdict')!.textContent).to.contain(below ? 'Below the 95% target' : 'Meets the 95% target');
      // the line sits at 95% of the track
      const gauge = card.querySelector('svg.gauge')!;
      const track = gauge.querySelector('.track')!;
      const line = gauge.querySelector('line.target')!;
      const at = (Number(line.getAttribute('x1')) - Number(track.getAttribute('x'))) / Number(track.getAttribute('width'));
      expect(at).to.be.closeTo(0.95, 0.01);
      expect(gauge.getAttribute('aria-label')).to.contain(below ? 'Below the 95% target' : 'Meets');
    }
    expect(november.satisfaction.rate).to.be.lessThan(0.95);

    // the rates by week: the line across the chart, and each weekly value under it marked
    const rates = section(element, 'rates-title');
    expect(rates.querySelector('line.target')).to.not.equal(null);
    const weeks = NOVEMBER_WEEKS.map(([from, to]) => stats(from, to).overall);
    const under = weeks.flatMap((w) => [w.timeliness.rate, w.completion.rate, w.satisfaction.rate]).filter((r) => r !== null && r < 0.95).length;
    expect(under).to.be.greaterThan(0);
    expect(rates.querySelectorAll('.point.below').length).to.equal(under);
    expect(rates.querySelectorAll('details td.below').length).to.equal(under);
    expect(rates.querySelector('svg')!.getAttribute('aria-label')).to.contain(`${under} values below it`);
  });

  it('draws departments and categories by the chosen figure, with the line and the stripes for rates', async () => {
    const element = await mountDashboard();
    const departments = stats(NOVEMBER.from, NOVEMBER.to, 'department');
    const byDepartment = section(element, 'by-department-title');
    // received, most first, named as the directory names them
    const received = [...departments.groups].sort((a, b) => b.figures.received - a.figures.received);
    expect(values(byDepartment, '.bar')).to.deep.equal(received.map((g) => g.figures.received));
    const engineering = DIRECTORY.departments.find((d) => d.code === 'engineering')!.name.en;
    // the names come with the directory, which may answer after the figures
    await until(() => [...byDepartment.querySelectorAll('text.label')].some((label) => label.textContent === engineering), 'the departments’ names');
    expect([...byDepartment.querySelectorAll('details tbody th')].map((th) => th.textContent)).to.include(engineering);
    expect(byDepartment.querySelector('line.target')).to.equal(null);

    choose($<HTMLSelectElement>(element, '#department-metric')!, 'satisfaction');
    await element.updateComplete;
    const rates = departments.groups.map((g) => g.figures.satisfaction.rate);
    expect(ascending(values(byDepartment, '.bar'))).to.deep.equal(ascending(rates));
    expect(byDepartment.querySelector('line.target')).to.not.equal(null);
    expect(byDepartment.querySelectorAll('.bar.below').length).to.equal(rates.filter((r) => r !== null && r < 0.95).length);
    expect(byDepartment.querySelector('.bar.below rect[fill^="url(#"]')).to.not.equal(null);
    const rows = byDepartment.querySelectorAll('details tbody tr');
    expect(rows.length).to.equal(departments.groups.length);

    const categories = stats(NOVEMBER.from, NOVEMBER.to, 'category');
    const byCategory = section(element, 'by-category-title');
    expect(ascending(values(byCategory, '.bar'))).to.deep.equal(ascending(categories.groups.map((g) => g.figures.received)));
    const byChannel = section(element, 'by-channel-title');
    expect(values(byChannel, '.bar')).to.deep.equal(categories.overall.channels.map((c) => c.count));
    expect([...byChannel.querySelectorAll('details tbody th')].map((th) => th.textContent)).to.include('Website');
  });

  it('gives every chart an image label and a table of its numbers', async () => {
    const element = await mountDashboard();
    const charts = $$(element, 'figure.chart');
    expect(charts.length).to.equal(5);
    for (const chart of charts) {
      const svg = chart.querySelector('svg[role="img"]')!;
      expect(svg.getAttribute('aria-label')!.length).to.be.greaterThan(20);
      const table = chart.querySelector('details table')!;
      expect(table.querySelectorAll('tbody tr').length).to.be.greaterThan(0);
      expect(table.querySelectorAll('thead th').length).to.be.greaterThan(1);
    }
    // the table opens with the keyboard
    const summary = charts[0]!.querySelector('summary')!;
    summary.focus();
    summary.click();
    expect(charts[0]!.querySelector('details')!.open).to.equal(true);
  });

  it('asks for the period picked, from local midnight to local midnight in the site’s time zone', async () => {
    const element = await mountDashboard();
    const asked = (from: string, to: string) => requests.filter((r) => r.includes(`/stats?${new URLSearchParams({ from, to, groupBy: 'department' })}`)).length;

    await pick(element, 'Last month');
    await until(() => text(element, '[data-testid="period"]').includes('October'), 'October');
    await until(() => asked('2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z') === 1, 'October');
    // October meets the line: nothing flagged
    await until(() => text(element, '[data-figure="received"]') === String(stats('2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z', 'department').overall.received), 'October’s figures');
    expect($$(element, '.rate.below').length).to.equal(0);
    // five slices of seven days (the last of three) and the reports of October and its quarter
    expect(requests.filter((r) => r.includes('/stats?from=2026-10-28T16')).length).to.equal(1);
    const links = $$<HTMLAnchorElement>(element, '[data-report] a').map((a) => new URL(a.href));
    expect(links.map((u) => `${u.pathname}${u.search}`)).to.deep.equal([
      `/api/v1/staff/sites/${SITE}/reports/monthly?month=2026-10&format=html&lang=en`,
      `/api/v1/staff/sites/${SITE}/reports/monthly?month=2026-10&format=csv&lang=en`,
      `/api/v1/staff/sites/${SITE}/reports/quarterly?quarter=2026-Q4&format=html&lang=en`,
      `/api/v1/staff/sites/${SITE}/reports/quarterly?quarter=2026-Q4&format=csv&lang=en`,
    ]);
    expect($<HTMLAnchorElement>(element, '[data-report] a[target="_blank"]')!.rel).to.equal('noopener');
    expect($<HTMLAnchorElement>(element, '[data-report] a[download]')).to.not.equal(null);

    await pick(element, 'This quarter');
    await until(() => asked('2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z') === 1, 'the quarter');
    requests = [];
    await pick(element, 'This year');
    await until(() => asked('2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z') === 1, 'the year');
    // a year's trend goes month by month, from January up to the current month
    // Hong Kong midnight on the 1st is 16:00 UTC on the last day of the month before (day 0)
    const hongKongFirst = (month: number) => new Date(Date.UTC(2026, month, 0, 16)).toISOString();
    const months = Array.from({ length: 11 }, (_, i) => `GET /api/v1/staff/sites/${SITE}/stats?${new URLSearchParams({ from: hongKongFirst(i), to: hongKongFirst(i + 1) })}`);
    await until(() => requests.filter((r) => /\/stats\?from=[^&]+&to=[^&]+$/.test(r)).length === 11, 'eleven months');
    expect(requests.filter((r) => /\/stats\?from=[^&]+&to=[^&]+$/.test(r))).to.have.members(months);

    await pick(element, 'Custom');
    const from = $<HTMLInputElement>(element, '#from')!;
    const to = $<HTMLInputElement>(element, '#to')!;
    from.value = '2026-01-31';
    to.value = '2026-01-01';
    $<HTMLButtonElement>(element, '.custom button[type="submit"]')!.click();
    await element.updateComplete;
    expect(text(element, '#custom-error')).to.equal('The last day cannot come before the first.');
    from.value = '2026-01-01';
    to.value = '2026-01-31';
    $<HTMLButtonElement>(element, '.custom button[type="submit"]')!.click();
    await element.updateComplete;
    expect(text(element, '#custom-error')).to.equal('');
    await until(() => asked('2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z') === 1, 'January');
  });

  it('keeps the period picked when the portal hands it a new context for the same site', async () => {
    const element = await mountDashboard();
    await pick(element, 'Last month');
    await until(() => text(element, '[data-figure="received"]') === String(stats('2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z', 'department').overall.received), 'October’s figures');
    const before = requests.length;
    element.portal = { ...element.portal };
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests.length).to.equal(before);
    expect(text(element, '[data-testid="period"]')).to.contain('October');
  });

  it('says so when nothing happened in the period, instead of drawing empty charts', async () => {
    const element = await mountDashboard();
    await pick(element, 'Custom');
    $<HTMLInputElement>(element, '#from')!.value = '2026-01-01';
    $<HTMLInputElement>(element, '#to')!.value = '2026-01-31';
    $<HTMLButtonElement>(element, '.custom button[type="submit"]')!.click();
    const empty = await until(() => $(element, '[data-testid="empty"]'), 'the empty state');
    expect(empty.textContent).to.contain('No complaints in this period');
    expect($$(element, 'figure.chart, svg, .tiles, .rates')).to.deep.equal([]);
    expect(unanswered).to.deep.equal([]);
  });

  it('explains a refusal and offers to try again', async () => {
    refuse = 403;
    const element = await mountScreen<PortalDashboard>('portal-dashboard', { now: () => NOW, portal: context() });
    const alert = await until(() => $(element, '[role="alert"]'), 'the alert');
    expect(alert.textContent).to.contain('Your roles on this site do not include reading reports.');
    refuse = null;
    (alert.querySelector('button') as HTMLButtonElement).click();
    await until(() => $(element, '[data-figure="received"]'), 'the figures after trying again');
  });

  for (const locale of ['en', 'zh-Hans'] as const) {
    it(`passes axe (WCAG 2.2 A and AA) in ${locale}, with a data table open`, async () => {
      await useLocale(locale);
      try {
        const element = await mountDashboard(760);
        for (const details of $$<HTMLDetailsElement>(element, 'details').slice(0, 2)) details.open = true;
        await element.updateComplete;
        expect(await axeViolations(element)).to.deep.equal([]);
        // touch targets and type size of every control
        expect(sizeProblems(element, 'button, select, input, summary, .segments label, a')).to.deep.equal([]);
      } finally {
        await useLocale('en');
      }
    });
  }
});
