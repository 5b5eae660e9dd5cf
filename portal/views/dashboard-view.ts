import { LitElement, type PropertyValues, type TemplateResult, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Statistics } from '../../api/workflow/stats.ts';
import { OPEN_STATUSES } from '../../api/workflow/transitions.ts';
import type { PortalContext } from '../shared/context.ts';
import { define } from '../shared/define.ts';
import { currentLocale, localized } from '../shared/locale.ts';
import { type Directory, StaffApiError } from '../shared/staff-api.ts';
import { portalStyles } from '../shared/styles.ts';
import { COLOURS, type Target, chartStyles, lineChart } from './dashboard/charts.ts';
import { dashboardStyles } from './dashboard/dashboard.styles.ts';
import { type Metric, channelChart, groupChart, isEmpty, metricName, rateCards, repeats, stageTable, tiles } from './dashboard/figures.ts';
import { count, percent } from './dashboard/numbers.ts';
import { reportLinks } from './dashboard/reports.ts';
import {
  type Bucket,
  type BucketUnit,
  type Period,
  type PeriodKind,
  bucketUnit,
  bucketsOf,
  customProblem,
  dayOf,
  isoDay,
  parseDay,
  periodOf,
} from './dashboard/period.ts';

type Main = { kind: 'loading' } | { kind: 'ready'; period: Period; departments: Statistics; categories: Statistics } | { kind: 'failed'; message: string };
type Trend = { kind: 'loading' } | { kind: 'ready'; unit: BucketUnit; buckets: Bucket[]; stats: Statistics[] } | { kind: 'failed'; message: string };
type Open = { total: number; overdue: number } | 'loading' | 'failed';

/** The seeds' targets: 95% for every rate, unless the site sets its satisfaction target otherwise. */
const DEFAULT_TARGET = 0.95;

/**
 * The figures of a period for managers, supervisors and auditors: counts, the three rates
 * against the target, the trend, and the breakdowns by department, category and channel, with
 * the monthly and quarterly reports of the period. Every figure comes from the statistics the
 * server computes from the events, in the site's time zone.
 */
export class PortalDashboard extends LitElement {
  static override styles = [portalStyles, chartStyles, dashboardStyles];
  static override properties = {
    portal: { attribute: false },
    now: { attribute: false },
    _kind: { state: true },
    _period: { state: true },
    _customError: { state: true },
    _main: { state: true },
    _trend: { state: true },
    _open: { state: true },
    _directory: { state: true },
    _width: { state: true },
    _departmentMetric: { state: true },
    _categoryMetric: { state: true },
  };

  declare portal: PortalContext;
  /** the clock the named periods are taken from */
  declare now: () => Date;
  declare _kind: PeriodKind;
  declare _period: Period | undefined;
  declare _customError: string;
  declare _main: Main;
  declare _trend: Trend;
  declare _open: Open;
  declare _directory: Directory | null;
  declare _width: number;
  declare _departmentMetric: Metric;
  declare _categoryMetric: Metric;

  #requests: AbortController | undefined;
  /** the site whose figures are shown */
  #site: string | undefined;
  readonly #resize = new ResizeObserver((entries) => {
    const width = Math.floor(entries[0]?.contentRect.width ?? 0);
    if (width && Math.abs(width - this._width) > 4) this._width = width;
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.now = () => new Date();
    this._kind = 'this-month';
    this._customError = '';
    this._main = { kind: 'loading' };
    this._trend = { kind: 'loading' };
    this._open = 'loading';
    this._directory = null;
    this._width = 960;
    this._departmentMetric = 'received';
    this._categoryMetric = 'received';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.#requests?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // the portal hands a new context at each of its renders (a language switch): only another site asks again
    if (changed.has('portal') && this.portal && this.portal.site !== this.#site) {
      this.#site = this.portal.site;
      if (this._kind === 'custom') this._kind = 'this-month';
      this.#load(periodOf(this._kind, this.now(), this.#timeZone));
      this.portal.api
        .directory(this.portal.site)
        .then((directory) => (this._directory = directory))
        .catch(() => (this._directory = null));
    }
  }

  get #timeZone(): string {
    return this.portal.publicSite.timezone;
  }

  get #target(): Target {
    const value = this._main.kind === 'ready' ? this._main.departments.overall.satisfaction.target : DEFAULT_TARGET;
    return { value, label: msg(str`${percent(value)} target`) };
  }

  /** Asks for every figure of the period at once; an answer for a period no longer shown is dropped. */
  #load(period: Period): void {
    this.#requests?.abort();
    const requests = (this.#requests = new AbortController());
    const { signal } = requests;
    const { api, site } = this.portal;
    const { from, to } = period;
    this._period = period;
    if (this._main.kind !== 'ready') this._main = { kind: 'loading' };
    this._trend = { kind: 'loading' };
    this._open = 'loading';
    const current = () => !signal.aborted;

    Promise.all([api.stats(site, { from, to, groupBy: 'department' }, signal), api.stats(site, { from, to, groupBy: 'category' }, signal)])
      .then(([departments, categories]) => current() && (this._main = { kind: 'ready', period, departments, categories }))
      .catch((error: unknown) => current() && (this._main = { kind: 'failed', message: failureText(error) }));

    const unit = bucketUnit(period);
    const buckets = bucketsOf(period, unit, this.now(), this.#timeZone);
    Promise.all(buckets.map((bucket) => api.stats(site, { from: bucket.from, to: bucket.to }, signal)))
      .then((stats) => current() && (this._trend = { kind: 'ready', unit, buckets, stats }))
      .catch((error: unknown) => current() && (this._trend = { kind: 'failed', message: failureText(error) }));

    api
      .queue(site, { from, to, status: [...OPEN_STATUSES], limit: 1 }, signal)
      .then((page) => current() && (this._open = { total: page.total, overdue: page.overdue }))
      .catch(() => current() && (this._open = 'failed'));
  }

  #pick(kind: PeriodKind): void {
    this._kind = kind;
    this._customError = '';
    if (kind !== 'custom') this.#load(periodOf(kind, this.now(), this.#timeZone));
  }

  #showCustom(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const first = parseDay((form.elements.namedItem('from') as HTMLInputElement).value);
    const last = parseDay((form.elements.namedItem('to') as HTMLInputElement).value);
    const problem = customProblem(first, last);
    this._customError =
      problem === 'missing'
        ? msg('Choose the first and the last day.')
        : problem === 'order'
          ? msg('The last day cannot come before the first.')
          : problem === 'too-long'
            ? msg('A period can be at most a year (366 days).')
            : '';
    if (!problem) this.#load(periodOf('custom', this.now(), this.#timeZone, { first: first!, last: last! }));
  }

  override render(): TemplateResult {
    const period = this._period;
    const main = this._main;
    const busy = main.kind === 'loading' || (main.kind === 'ready' && main.period !== period);
    const layout = `dashboard ${this._width >= 960 ? 'wide' : ''} ${this._width >= 640 ? 'columns-3' : ''}`;
    return html`<div class=${layout}>
      <div class="head">
        <div>
          <h1>${msg('Dashboard')}</h1>
          ${period ? html`<p class="period-text" data-testid="period">${this.#periodText(period)}</p>` : nothing}
          <p class="status" role="status">${busy ? msg('Loading the figures…') : nothing}</p>
        </div>
        ${this.#picker(period)}
      </div>
      ${main.kind === 'failed'
        ? html`<div class="panel failed" role="alert">
            <p>${main.message}</p>
            <button class="secondary" @click=${() => period && this.#load(period)}>${msg('Try again')}</button>
          </div>`
        : main.kind === 'ready'
          ? html`<div class="content" aria-busy=${busy ? 'true' : 'false'}>${this.#content(main.departments, main.categories)}</div>`
          : nothing}
    </div>`;
  }

  #periodText(period: Period): string {
    const first = parseDay(period.firstDay)!;
    const last = parseDay(period.lastDay)!;
    const day = (d: typeof first) => Date.UTC(d.year, d.month - 1, d.day, 12);
    const dates = new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'long', timeZone: 'UTC' }).formatRange(day(first), day(last));
    let zone = this.#timeZone;
    try {
      zone = new Intl.DateTimeFormat(currentLocale(), { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(Date.now()).find((p) => p.type === 'timeZoneName')?.value ?? zone;
    } catch {
      // an unknown zone name is shown as it is
    }
    return `${dates} · ${zone}`;
  }

  #picker(period: Period | undefined): TemplateResult {
    const kinds: [PeriodKind, string][] = [
      ['this-month', msg('This month')],
      ['last-month', msg('Last month')],
      ['this-quarter', msg('This quarter')],
      ['this-year', msg('This year')],
      ['custom', msg('Custom')],
    ];
    const today = isoDay(dayOf(this.now(), this.#timeZone));
    return html`<form class="picker" @submit=${this.#showCustom} novalidate>
      <fieldset>
        <legend>${msg('Period')}</legend>
        <div class="segments">
          ${kinds.map(
            ([kind, label]) =>
              html`<label
                ><input type="radio" name="period" value=${kind} .checked=${this._kind === kind} @change=${() => this.#pick(kind)} />${label}</label
              >`,
          )}
        </div>
      </fieldset>
      ${this._kind === 'custom'
        ? html`<div class="custom">
            <div class="field">
              <label for="from">${msg('First day')}</label>
              <input id="from" name="from" type="date" max=${today} .value=${period?.firstDay ?? today} aria-describedby="custom-error" />
            </div>
            <div class="field">
              <label for="to">${msg('Last day')}</label>
              <input id="to" name="to" type="date" .value=${period?.lastDay ?? today} aria-describedby="custom-error" />
            </div>
            <button type="submit">${msg('Show')}</button>
            <p id="custom-error" class="error" role="alert">${this._customError}</p>
          </div>`
        : nothing}
    </form>`;
  }

  #content(departments: Statistics, categories: Statistics): TemplateResult {
    const overall = departments.overall;
    const period = this._main.kind === 'ready' ? this._main.period : this._period!;
    if (isEmpty(overall))
      return html`<div class="panel empty" data-testid="empty">
          <h2>${msg('No complaints in this period')}</h2>
          <p>${msg('Nothing was received, handled or closed in these days. Choose another period.')}</p>
        </div>
        ${reportLinks(this.portal, period, this.now())}`;
    const target = this.#target;
    const width = this._width;
    const half = (width >= 960 ? (width - 16) / 2 : width) - 34;
    const third = (width >= 640 ? (width - 24) / 3 : width) - 34;
    return html`${tiles(overall, this._open)}
      ${rateCards(overall, target, third)}
      <div class="panels">
        ${this.#trend(target, half)}
        <section class="panel" aria-labelledby="by-department-title">
          <div class="panel-head">
            <h2 id="by-department-title">${msg('By department')}</h2>
            ${this.#metricSelect('department-metric', this._departmentMetric, (m) => (this._departmentMetric = m))}
          </div>
          ${groupChart('department', departments, this._departmentMetric, (code) => this.#departmentName(code), target, half)}
        </section>
        <section class="panel" aria-labelledby="by-category-title">
          <div class="panel-head">
            <h2 id="by-category-title">${msg('By category')}</h2>
            ${this.#metricSelect('category-metric', this._categoryMetric, (m) => (this._categoryMetric = m))}
          </div>
          ${groupChart('category', categories, this._categoryMetric, (code) => this.#categoryName(code), target, half)}
        </section>
        <section class="panel" aria-labelledby="by-channel-title">
          <h2 id="by-channel-title">${msg('By channel')}</h2>
          ${channelChart(overall, half)}
        </section>
        <section class="panel" aria-labelledby="stages-title">
          <h2 id="stages-title">${msg('Each stage')}</h2>
          ${stageTable(overall, target)}
        </section>
        <section class="panel" aria-labelledby="repeats-title">
          <h2 id="repeats-title">${msg('Resolutions and repeats')}</h2>
          ${repeats(overall)}
        </section>
      </div>
      ${reportLinks(this.portal, period, this.now())}`;
  }

  #metricSelect(id: string, value: Metric, choose: (metric: Metric) => void): TemplateResult {
    const metrics: Metric[] = ['received', 'resolved', 'timeliness', 'completion', 'satisfaction'];
    return html`<div class="field">
      <label for=${id}>${msg('Show')}</label>
      <select id=${id} @change=${(event: Event) => choose((event.target as HTMLSelectElement).value as Metric)}>
        ${metrics.map((m) => html`<option value=${m} ?selected=${m === value}>${metricName(m)}</option>`)}
      </select>
    </div>`;
  }

  #trend(target: Target, width: number): TemplateResult {
    const trend = this._trend;
    const title = (unit: BucketUnit) =>
      unit === 'day' ? msg('Received and resolved, by day') : unit === 'week' ? msg('Received and resolved, by week') : msg('Received and resolved, by month');
    const rateTitle = (unit: BucketUnit) =>
      unit === 'day' ? msg('Rates by day') : unit === 'week' ? msg('Rates by week') : msg('Rates by month');
    if (trend.kind !== 'ready')
      return html`<section class="panel" aria-labelledby="trend-title">
        <h2 id="trend-title">${msg('Trend')}</h2>
        <p class=${trend.kind === 'failed' ? 'error' : 'muted'}>${trend.kind === 'failed' ? trend.message : msg('Loading the trend…')}</p>
      </section>`;
    const labels = trend.buckets.map((b) => this.#bucketLabel(b, trend.unit));
    const header = trend.unit === 'day' ? msg('Day') : trend.unit === 'week' ? msg('Week from') : msg('Month');
    const received = trend.stats.map((s) => s.overall.received);
    const resolved = trend.stats.map((s) => s.overall.resolved);
    const peak = Math.max(0, ...received);
    const rates = {
      timeliness: trend.stats.map((s) => s.overall.timeliness.rate),
      completion: trend.stats.map((s) => s.overall.completion.rate),
      satisfaction: trend.stats.map((s) => s.overall.satisfaction.rate),
    };
    const belowCount = Object.values(rates).flat().filter((v) => v !== null && v < target.value).length;
    const lowest = Math.min(...Object.values(rates).flat().filter((v): v is number => v !== null), target.value);
    return html`<section class="panel" aria-labelledby="trend-title">
        <h2 id="trend-title">${title(trend.unit)}</h2>
        ${lineChart({
          id: 'trend',
          summary: msg(
            str`${title(trend.unit)}: ${count(received.reduce((a, b) => a + b, 0))} received and ${count(resolved.reduce((a, b) => a + b, 0))} resolved over ${labels.length} periods; at most ${count(peak)} received in one.`,
          ),
          labels,
          labelHeader: header,
          series: [
            { name: msg('Received'), values: received, colour: COLOURS.blue, shape: 'circle' },
            { name: msg('Resolved'), values: resolved, colour: COLOURS.green, shape: 'square', dashed: true },
          ],
          width,
          format: count,
        })}
      </section>
      <section class="panel" aria-labelledby="rates-title">
        <h2 id="rates-title">${rateTitle(trend.unit)}</h2>
        ${lineChart({
          id: 'rates',
          summary: msg(str`${rateTitle(trend.unit)}, against the ${percent(target.value)} target: ${belowCount} values below it.`),
          labels,
          labelHeader: header,
          series: [
            { name: msg('Timeliness'), values: rates.timeliness, colour: COLOURS.blue, shape: 'circle' },
            { name: msg('Completion'), values: rates.completion, colour: COLOURS.teal, shape: 'square', dashed: true },
            { name: msg('Satisfaction'), values: rates.satisfaction, colour: COLOURS.purple, shape: 'diamond' },
          ],
          width,
          format: (v) => percent(v, 0),
          target,
          min: Math.max(0, Math.floor((lowest - 0.05) * 10) / 10),
          max: 1,
        })}
      </section>`;
  }

  #bucketLabel(bucket: Bucket, unit: BucketUnit): string {
    const day = parseDay(bucket.firstDay)!;
    const at = Date.UTC(day.year, day.month - 1, day.day, 12);
    const options: Intl.DateTimeFormatOptions = unit === 'month' ? { month: 'short', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' };
    return new Intl.DateTimeFormat(currentLocale(), options).format(at);
  }

  #departmentName(code: string): string {
    const found = this._directory?.departments.find((d) => d.code === code);
    return found ? localized(found.name) : code;
  }

  #categoryName(code: string): string {
    const found = this.portal.publicSite.categories.find((c) => c.code === code);
    return found ? localized(found.name) : code;
  }
}

/** What went wrong, in words a member of staff can act on. */
function failureText(error: unknown): string {
  const failure = error instanceof StaffApiError ? error.failure : null;
  if (!failure || failure.kind === 'network') return msg('The service cannot be reached. Check the connection and try again.');
  if (failure.status === 401) return msg('Your session has ended. Sign in again to see the figures.');
  if (failure.status === 403) return msg('Your roles on this site do not include reading reports.');
  if (failure.status === 422) return msg('The service cannot count this period: it must end after it starts, within a year.');
  return msg(str`The figures could not be loaded (error ${failure.status}). Try again in a moment.`);
}

define('portal-dashboard', PortalDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'portal-dashboard': PortalDashboard;
  }
}
