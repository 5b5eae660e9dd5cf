import { LitElement, type TemplateResult, css, html } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { StaffComplaint } from '../../api/contract/staff-api.ts';
import { define } from './define.ts';
import { stageName } from './labels.ts';
import { formatDateTime, formatDuration } from './locale.ts';
import { portalStyles } from './styles.ts';

type Clock = StaffComplaint['clocks'][number];

/** green: on time; amber: past the warning point; red: past the deadline. */
export type ClockColour = 'ok' | 'warn' | 'late';

export function clockColour(clock: Pick<Clock, 'dueAt' | 'warnAt' | 'breached'>, now: number): ClockColour {
  if (clock.breached || Date.parse(clock.dueAt) <= now) return 'late';
  return Date.parse(clock.warnAt) <= now ? 'warn' : 'ok';
}

/** The clock that matters now: the running one due soonest. */
export function currentClock(clocks: readonly Clock[]): Clock | undefined {
  return clocks.filter((clock) => clock.running).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
}

/** Every countdown on the page ticks from one timer, once a second while any is shown. */
const ticking = new Set<PortalCountdown>();
let timer: ReturnType<typeof setInterval> | undefined;
function tick(): void {
  for (const countdown of ticking) countdown.requestUpdate();
}

/**
 * A stage's deadline as a countdown, coloured green, amber or red, with the exact time as its
 * title. A paused clock (waiting on the complainant) says so and does not count.
 */
export class PortalCountdown extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: inline-block;
      }
      span {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        padding-block: 0.15em;
        padding-inline: 0.55em;
        border-radius: 999px;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .paused {
        color: var(--_muted);
        background: var(--_background);
      }
    `,
  ];
  static override properties = { clock: { attribute: false }, timeZone: { attribute: false }, showStage: { type: Boolean, attribute: 'show-stage' } };

  declare clock: Clock | undefined;
  declare timeZone: string | undefined;
  declare showStage: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.showStage = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    ticking.add(this);
    timer ??= setInterval(tick, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    ticking.delete(this);
    if (!ticking.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  override render(): TemplateResult {
    const clock = this.clock;
    if (!clock) return html``;
    const stage = this.showStage ? `${stageName(clock.stage)} · ` : '';
    const due = formatDateTime(clock.dueAt, this.timeZone);
    if (clock.paused) return html`<span class="paused" title=${due}>${stage}${msg('Paused: waiting on the complainant')}</span>`;
    const left = Date.parse(clock.dueAt) - Date.now();
    const colour = clockColour(clock, Date.now());
    const text = left >= 0 ? msg(str`${formatDuration(left)} left`) : msg(str`${formatDuration(left)} overdue`);
    return html`<span class="clock-${colour}" title=${msg(str`Due ${due}`)}>${stage}${text}</span>`;
  }
}

define('portal-countdown', PortalCountdown);
