import { type TemplateResult, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Figures, Statistics } from '../../../api/workflow/stats.ts';
import { channelLabel, stageName } from '../../shared/labels.ts';
import { COLOURS, type Target, barChart, gauge } from './charts.ts';
import { count, minutes, ofTotal, percent } from './numbers.ts';

/** What one group chart shows: a count, or a rate against the target. */
export type Metric = 'received' | 'resolved' | 'timeliness' | 'completion' | 'satisfaction';

export const metricName = (metric: Metric): string =>
  ({
    received: msg('Received'),
    resolved: msg('Resolved'),
    timeliness: msg('Timeliness rate'),
    completion: msg('Completion rate'),
    satisfaction: msg('Satisfaction rate'),
  })[metric];

const isRate = (metric: Metric): boolean => metric === 'timeliness' || metric === 'completion' || metric === 'satisfaction';

/** The value of a metric in a group's figures, with the counts behind a rate. */
function valueOf(figures: Figures, metric: Metric): { value: number | null; note?: string } {
  switch (metric) {
    case 'received':
      return { value: figures.received };
    case 'resolved':
      return { value: figures.resolved };
    case 'timeliness': {
      const { onTime, late, rate } = figures.timeliness;
      return { value: rate, note: ofTotal(onTime, onTime + late) };
    }
    case 'completion': {
      const { completed, accepted, excluded, rate } = figures.completion;
      return { value: rate, note: ofTotal(completed, accepted - excluded) };
    }
    case 'satisfaction':
      return { value: figures.satisfaction.rate, note: ofTotal(figures.satisfaction.satisfied, figures.satisfaction.answers) };
  }
}

/** The headline counts of the period. */
export function tiles(overall: Figures, open: { total: number; overdue: number } | 'loading' | 'failed'): TemplateResult {
  const openValue = (pick: (o: { total: number; overdue: number }) => number) =>
    open === 'loading' ? html`<span class="muted">…</span>` : open === 'failed' ? html`<span class="muted" title=${msg('Could not be counted')}>—</span>` : count(pick(open));
  const overdue = typeof open === 'object' && open.overdue > 0;
  return html`<dl class="tiles">
    <div class="tile"><dt>${msg('Received')}</dt><dd data-figure="received">${count(overall.received)}</dd></div>
    <div class="tile"><dt>${msg('Accepted')}</dt><dd data-figure="accepted">${count(overall.accepted)}</dd></div>
    <div class="tile"><dt>${msg('Resolved')}</dt><dd data-figure="resolved">${count(overall.resolved)}</dd></div>
    <div class="tile"><dt>${msg('Closed')}</dt><dd data-figure="closed">${count(overall.closed.total)}</dd></div>
    <div class="tile">
      <dt>${msg('Still open')}</dt>
      <dd data-figure="open">${openValue((o) => o.total)}</dd>
      <dd class="hint">${msg('of those received, now')}</dd>
    </div>
    <div class="tile ${overdue ? 'late' : ''}">
      <dt>${msg('Overdue')}</dt>
      <dd data-figure="overdue">${openValue((o) => o.overdue)}</dd>
      <dd class="hint">${msg('of those open, past a deadline')}</dd>
    </div>
  </dl>
  <p class="minor">
    ${msg(str`Not accepted: ${count(overall.notAccepted)}`)} · ${msg(str`Withdrawn: ${count(overall.withdrawn)}`)} ·
    ${msg(str`Merged: ${count(overall.merged)}`)} · ${msg(str`Reopened for review: ${count(overall.reopened)}`)}
  </p>`;
}

/** Timeliness, completion and satisfaction, each on a track with the target. */
export function rateCards(overall: Figures, target: Target, width: number): TemplateResult {
  const { timeliness, completion, satisfaction } = overall;
  const cards: { key: Metric; title: string; value: number | null; detail: string; colour: string }[] = [
    {
      key: 'timeliness',
      title: msg('Timeliness'),
      value: timeliness.rate,
      detail: msg(str`${count(timeliness.onTime)} stages done on time, ${count(timeliness.late)} late`),
      colour: COLOURS.blue,
    },
    {
      key: 'completion',
      title: msg('Completion'),
      value: completion.rate,
      detail: msg(str`${ofTotal(completion.completed, completion.accepted - completion.excluded)} accepted complaints completed by the period's end`),
      colour: COLOURS.teal,
    },
    {
      key: 'satisfaction',
      title: msg('Satisfaction'),
      value: satisfaction.rate,
      detail: msg(
        str`${ofTotal(satisfaction.satisfied, satisfaction.answers)} answers satisfied (${count(satisfaction.partly)} partly, ${count(satisfaction.dissatisfied)} not)`,
      ),
      colour: COLOURS.purple,
    },
  ];
  return html`<div class="rates">
    ${cards.map((card) => {
      const below = card.value !== null && card.value < target.value;
      const verdict =
        card.value === null ? msg('Nothing to count in this period') : below ? msg(str`Below the ${percent(target.value)} target`) : msg(str`Meets the ${percent(target.value)} target`);
      return html`<article class="panel rate ${below ? 'below' : ''}" data-rate=${card.key}>
        <h2>${card.title}</h2>
        <p class="big">${card.value === null ? msg('No data') : percent(card.value)}</p>
        <p class="verdict ${below ? 'late' : card.value === null ? 'muted' : 'ok'}">${below ? '▼ ' : card.value === null ? '' : '✓ '}${verdict}</p>
        ${gauge({
          id: `gauge-${card.key}`,
          summary: `${card.title}: ${card.value === null ? msg('no data') : percent(card.value)}. ${verdict}.`,
          value: card.value,
          target,
          width,
          colour: card.colour,
          format: (v) => percent(v),
        })}
        <p class="muted detail">${card.detail}</p>
      </article>`;
    })}
  </div>`;
}

/** One group's bars (department, category) for the chosen metric, most or best first. */
export function groupChart(dimension: 'department' | 'category', stats: Statistics, metric: Metric, nameOf: (key: string) => string, target: Target, width: number): TemplateResult {
  const labelHeader = dimension === 'department' ? msg('Department') : msg('Category');
  const rows = stats.groups
    .map((group) => ({ label: nameOf(group.key), ...valueOf(group.figures, metric) }))
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.label.localeCompare(b.label));
  if (!rows.length) return html`<p class="muted">${msg('Nothing was counted here in this period.')}</p>`;
  const rate = isRate(metric);
  const belowCount = rate ? rows.filter((r) => r.value !== null && r.value < target.value).length : 0;
  const name = metricName(metric);
  const top = rows[0]!;
  const goal = percent(target.value);
  const most = count(top.value ?? 0);
  const summary =
    dimension === 'department'
      ? rate
        ? msg(str`${name} by department: ${rows.length} departments, ${belowCount} below the ${goal} target.`)
        : msg(str`${name} by department: ${rows.length} departments, the most in ${top.label} with ${most}.`)
      : rate
        ? msg(str`${name} by category: ${rows.length} categories, ${belowCount} below the ${goal} target.`)
        : msg(str`${name} by category: ${rows.length} categories, the most in ${top.label} with ${most}.`);
  return barChart({
    id: `by-${dimension}`,
    summary,
    bars: rows,
    labelHeader,
    valueHeader: name,
    width,
    colour: rate ? COLOURS.teal : COLOURS.blue,
    format: rate ? (v) => percent(v) : count,
    ...(rate ? { target, max: 1 } : {}),
  });
}

/** Registrations per channel. */
export function channelChart(overall: Figures, width: number): TemplateResult {
  if (!overall.channels.length) return html`<p class="muted">${msg('Nothing was counted here in this period.')}</p>`;
  const top = overall.channels[0]!;
  return barChart({
    id: 'channels',
    summary: msg(str`Complaints received by channel: ${overall.channels.length} channels, the most by ${channelLabel(top.channel)} with ${count(top.count)}.`),
    bars: overall.channels.map((c) => ({ label: channelLabel(c.channel), value: c.count })),
    labelHeader: msg('Channel'),
    valueHeader: msg('Received'),
    width,
    colour: COLOURS.blue,
    format: count,
  });
}

/** Each stage whose clocks ran in the period: on time, late, and how long it took. */
export function stageTable(overall: Figures, target: Target): TemplateResult {
  const stages = overall.timeliness.stages.filter((s) => s.onTime + s.late > 0);
  if (!stages.length) return html`<p class="muted">${msg('No stage was finished in this period.')}</p>`;
  return html`<table class="stages">
      <thead>
        <tr>
          <th scope="col">${msg('Stage')}</th>
          <th scope="col">${msg('On time')}</th>
          <th scope="col">${msg('Late')}</th>
          <th scope="col">${msg('Rate')}</th>
          <th scope="col">${msg('Median time')}</th>
          <th scope="col">${msg('90th percentile')}</th>
        </tr>
      </thead>
      <tbody>
        ${stages.map((s) => {
          const below = s.rate !== null && s.rate < target.value;
          return html`<tr data-stage=${s.stage}>
            <th scope="row">${stageName(s.stage)}</th>
            <td>${count(s.onTime)}</td>
            <td>${count(s.late)}</td>
            <td class=${below ? 'stage-rate below' : 'stage-rate'}>
              ${s.rate === null ? '—' : percent(s.rate)}${below ? html` <strong aria-hidden="true">▼</strong><span class="visually-hidden">${msg('below the target')}</span>` : nothing}
            </td>
            <td>${s.medianMinutes === null ? '—' : minutes(s.medianMinutes)}</td>
            <td>${s.p90Minutes === null ? '—' : minutes(s.p90Minutes)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  ${stages.some((s) => s.rate !== null && s.rate < target.value)
    ? html`<p class="muted note"><strong class="late" aria-hidden="true">▼</strong> ${msg(str`Below the ${percent(target.value)} target`)}</p>`
    : nothing}`;
}

/** First-time resolution, repeated places and repeated complainants (masked). */
export function repeats(overall: Figures): TemplateResult {
  const { resolutions, repeatPlaces, repeatComplainants } = overall;
  return html`<dl class="facts">
      <div>
        <dt>${msg('Resolved the first time')}</dt>
        <dd>
          ${resolutions.firstTimeRate === null
            ? msg('Nothing resolved in this period')
            : msg(str`${percent(resolutions.firstTimeRate)} (${ofTotal(resolutions.firstTime, resolutions.total)}); ${count(resolutions.afterReview)} after a review`)}
        </dd>
      </div>
      <div>
        <dt>${msg('Places named more than once')}</dt>
        <dd>
          ${repeatPlaces.length
            ? html`<ul>
                ${repeatPlaces.map((p) => html`<li>${p.place}: ${msg(str`${count(p.count)} complaints`)}</li>`)}
              </ul>`
            : msg('None')}
        </dd>
      </div>
      <div>
        <dt>${msg('People who complained more than once')}</dt>
        <dd>
          ${repeatComplainants.list.length
            ? html`<ul>
                ${repeatComplainants.list.map((p) => html`<li>${p.contact}: ${msg(str`${count(p.count)} complaints`)}</li>`)}
              </ul>`
            : msg('None')}
        </dd>
      </div>
    </dl>`;
}

/** Whether anything at all happened in the period: otherwise there is nothing to chart. */
export function isEmpty(overall: Figures): boolean {
  return (
    overall.received +
      overall.accepted +
      overall.notAccepted +
      overall.resolved +
      overall.reopened +
      overall.withdrawn +
      overall.merged +
      overall.closed.total +
      overall.satisfaction.answers +
      overall.timeliness.onTime +
      overall.timeliness.late ===
    0
  );
}
