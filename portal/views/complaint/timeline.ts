import { type TemplateResult, css, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { ClockStage } from '../../../api/contract/events.ts';
import type { StaffComplaint } from '../../../api/contract/staff-api.ts';
import type { PortalContext } from '../../shared/context.ts';
import { channelLabel, contactLabel, placeFieldLabel, priorityLabel, ratingLabel, severityLabel, stageName } from '../../shared/labels.ts';
import { formatDateTime, localized } from '../../shared/locale.ts';
import type { Directory } from '../../shared/staff-api.ts';
import {
  adviceLabel,
  basisLabel,
  correctionFieldLabel,
  escalationReasonLabel,
  escalationTargetLabel,
  eventLabel,
  feedbackChannelLabel,
  outcomeLabel,
  surveyViaLabel,
} from './labels.ts';

type Entry = StaffComplaint['timeline'][number];
type Data = Record<string, unknown>;

/** What a timeline needs besides the complaint: names of things, and the site's time zone. */
export interface TimelineScope {
  portal: PortalContext;
  directory: Directory | undefined;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

export function departmentName(scope: TimelineScope, code: string, complaint?: StaffComplaint): string {
  const known = scope.directory?.departments.find((d) => d.code === code) ?? (complaint?.department.code === code ? complaint.department : undefined);
  return known ? localized(known.name) : code;
}

export function categoryName(scope: TimelineScope, code: string, complaint?: StaffComplaint): string {
  const known = scope.portal.publicSite.categories.find((c) => c.code === code) ?? (complaint?.category.code === code ? complaint.category : undefined);
  return known ? localized(known.name) : code;
}

/** One line of "label: value"; nothing when there is no value. */
function fact(label: string, value: string | TemplateResult | undefined | null, options: { multiline?: boolean } = {}): TemplateResult | typeof nothing {
  if (value === undefined || value === null || value === '') return nothing;
  return html`<div class=${options.multiline ? 'fact multiline' : 'fact'}><dt>${label}</dt><dd>${value}</dd></div>`;
}

const yes = (value: unknown) => (value ? msg('Yes') : msg('No'));

function time(scope: TimelineScope, value: unknown): string | undefined {
  const text = asString(value);
  return text ? formatDateTime(text, scope.portal.publicSite.timezone) : undefined;
}

function stage(value: unknown): string | undefined {
  const text = asString(value);
  return text ? stageName(text as ClockStage) : undefined;
}

function placeText(place: unknown): string | undefined {
  if (!place || typeof place !== 'object') return undefined;
  const parts = Object.entries(place as Record<string, unknown>)
    .filter(([, value]) => asString(value))
    .map(([field, value]) => `${placeFieldLabel(field)}: ${String(value)}`);
  return parts.length ? parts.join(' · ') : undefined;
}

function personText(person: unknown): string | undefined {
  if (!person || typeof person !== 'object') return undefined;
  const p = person as Record<string, unknown>;
  const parts = [asString(p.name), asString(p.phone), asString(p.email), asString(p.preferredContact) ? contactLabel(String(p.preferredContact)) : undefined].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The key facts of an event, by type; every type the record holds has its own. */
function details(entry: Entry, complaint: StaffComplaint, scope: TimelineScope): TemplateResult[] | (TemplateResult | typeof nothing)[] {
  const d: Data = entry.data;
  const s = (key: string) => asString(d[key]);
  switch (entry.type) {
    case 'registered': {
      const attachments = Array.isArray(d.attachments) ? d.attachments.length : 0;
      return [
        fact(msg('Channel'), s('channel') ? channelLabel(s('channel')!) : undefined),
        fact(msg('Category'), s('category') ? categoryName(scope, s('category')!, complaint) : undefined),
        fact(msg('Department'), s('department') ? departmentName(scope, s('department')!, complaint) : undefined),
        fact(msg('Priority'), s('priority') ? priorityLabel(s('priority')!) : undefined),
        fact(msg('Severity'), s('severity') ? severityLabel(s('severity')!) : undefined),
        d.vip ? fact(msg('VIP'), msg('Yes')) : nothing,
        fact(msg('Complainant'), personText(d.complainant) ?? (d.complainant === null ? msg('Anonymous') : undefined)),
        fact(msg('Place'), placeText(d.place)),
        fact(msg('Complained about'), s('subject')),
        attachments ? fact(msg('Photos'), String(attachments)) : nothing,
      ];
    }
    case 'accepted':
      return [fact(msg('Notice'), s('notice'), { multiline: true }), fact(msg('Expected by'), time(scope, d.expectedBy))];
    case 'not-accepted':
      return [fact(msg('Reason'), s('reason'), { multiline: true }), fact(msg('Referred to'), s('referTo'))];
    case 'information-requested':
      return [fact(msg('Question'), s('question'), { multiline: true })];
    case 'information-provided': {
      const attachments = Array.isArray(d.attachments) ? d.attachments.length : 0;
      return [fact(msg('Information'), s('text'), { multiline: true }), attachments ? fact(msg('Photos'), String(attachments)) : nothing];
    }
    case 'information-waived':
      return [fact(msg('Note'), s('note'), { multiline: true })];
    case 'classified':
      return [
        fact(msg('Severity'), s('severity') ? severityLabel(s('severity')!) : undefined),
        fact(msg('Priority'), s('priority') ? priorityLabel(s('priority')!) : undefined),
        fact(msg('VIP'), yes(d.vip)),
      ];
    case 'escalated':
      return [
        fact(msg('To'), s('to') ? escalationTargetLabel(s('to')!) : undefined),
        fact(msg('Who'), s('recipient')),
        fact(msg('Reason'), s('reason') ? escalationReasonLabel(s('reason')!) : undefined),
        fact(msg('Level'), typeof d.level === 'number' ? String(d.level) : undefined),
        fact(msg('Deadline'), stage(d.stage)),
        fact(msg('Note'), s('note'), { multiline: true }),
      ];
    case 'dispatched':
      return [
        fact(msg('Department'), s('department') ? departmentName(scope, s('department')!, complaint) : undefined),
        fact(msg('Person in charge'), s('assignee')),
        fact(msg('Requirements'), s('requirements'), { multiline: true }),
      ];
    case 'arrived-on-site':
    case 'investigation-started':
    case 'work-started':
    case 'note-added':
      return [fact(msg('Note'), s('note'), { multiline: true })];
    case 'plan-proposed':
      return [
        fact(msg('Measures'), s('measures'), { multiline: true }),
        fact(msg('Responsible'), s('responsibility')),
        fact(msg('Schedule'), s('schedule')),
        fact(msg('Done by'), time(scope, d.dueAt)),
        fact(msg('Complainant’s opinion asked'), yes(d.seekOpinion)),
      ];
    case 'plan-opinion-recorded':
      return [fact(msg('Agrees'), yes(d.agrees)), fact(msg('Comment'), s('comment'), { multiline: true })];
    case 'resolved':
      return [
        fact(msg('Result'), s('result'), { multiline: true }),
        fact(msg('Basis'), s('basis'), { multiline: true }),
        fact(msg('Improvement'), s('improvement'), { multiline: true }),
      ];
    case 'feedback-sent':
      return [fact(msg('By'), s('channel') ? feedbackChannelLabel(s('channel')!) : undefined), fact(msg('Message'), s('message'), { multiline: true })];
    case 'satisfaction-recorded':
      return [
        fact(msg('Rating'), s('rating') ? ratingLabel(s('rating')!) : undefined),
        fact(msg('Asked by'), s('via') ? surveyViaLabel(s('via')!) : undefined),
        fact(msg('Comment'), s('comment'), { multiline: true }),
      ];
    case 'return-visit-recorded':
      return [fact(msg('Found'), s('note'), { multiline: true }), fact(msg('Rectified'), yes(d.rectified))];
    case 'reopened':
      return [fact(msg('Reason'), s('reason'), { multiline: true }), fact(msg('Review round'), typeof d.round === 'number' ? String(d.round) : undefined)];
    case 'closed':
      return [fact(msg('Outcome'), s('outcome') ? outcomeLabel(s('outcome')!) : undefined), fact(msg('Note'), s('note'), { multiline: true })];
    case 'archived':
      return [fact(msg('Signed off by'), s('signedOffBy'))];
    case 'merged':
      return [fact(msg('Merged into'), s('intoReference'))];
    case 'withdrawn':
      return [fact(msg('Reason'), s('reason'), { multiline: true })];
    case 'mediation-assessed':
      return [
        fact(msg('Eligible for mediation'), yes(d.eligible)),
        fact(msg('File number'), s('fileNumber')),
        fact(msg('Assessment'), s('note'), { multiline: true }),
      ];
    case 'mediation-agreed':
      return [
        fact(msg('Parties'), Array.isArray(d.parties) ? d.parties.map(String).join(' · ') : undefined),
        fact(msg('Signed at'), time(scope, d.signedAt)),
        fact(msg('Agreement'), s('text'), { multiline: true }),
      ];
    case 'mediation-failed':
      return [fact(msg('Advice'), s('advice') ? adviceLabel(s('advice')!) : undefined), fact(msg('Note'), s('note'), { multiline: true })];
    case 'settled':
      return [fact(msg('Settlement'), s('text'), { multiline: true })];
    case 'finding-recorded':
      return [
        fact(msg('Staff member'), s('staffMember')),
        fact(msg('Finding'), d.substantiated ? msg('Substantiated') : msg('Not substantiated')),
        fact(msg('Note'), s('note'), { multiline: true }),
      ];
    case 'corrected': {
      const field = s('field');
      const value =
        field === 'place'
          ? placeText(d.value)
          : field === 'complainant'
            ? (personText(d.value) ?? msg('Removed'))
            : field === 'category' && asString(d.value)
              ? categoryName(scope, String(d.value), complaint)
              : asString(d.value);
      return [
        fact(msg('Field'), field ? correctionFieldLabel(field) : undefined),
        fact(msg('New value'), value, { multiline: field === 'description' }),
        fact(msg('Reason'), s('reason'), { multiline: true }),
      ];
    }
    case 'clock-started':
      return [
        fact(msg('Stage'), stage(d.stage)),
        fact(msg('Counted in'), s('basis') ? basisLabel(s('basis')!) : undefined),
        fact(msg('Due'), time(scope, d.dueAt)),
        fact(msg('Not before'), time(scope, d.notBefore)),
      ];
    case 'clock-stopped':
      return [
        fact(msg('Stage'), stage(d.stage)),
        fact(msg('On time'), d.onTime === null || d.onTime === undefined ? msg('Cancelled') : yes(d.onTime)),
      ];
    case 'clocks-paused':
      return [fact(msg('Stages'), Array.isArray(d.stages) ? d.stages.map((x) => stageName(x as ClockStage)).join(', ') : undefined)];
    case 'clocks-resumed':
      return Array.isArray(d.clocks)
        ? (d.clocks as { stage: ClockStage; dueAt: string }[]).map((clock) => fact(stageName(clock.stage), msg(str`due ${time(scope, clock.dueAt) ?? ''}`)))
        : [];
    case 'deadline-extended':
      return [
        fact(msg('Stage'), stage(d.stage)),
        fact(msg('New deadline'), time(scope, d.dueAt)),
        fact(msg('Reason'), s('reason'), { multiline: true }),
        fact(msg('Approved by'), s('approvedBy')),
      ];
    case 'deadline-warned':
    case 'deadline-breached':
      return [fact(msg('Stage'), stage(d.stage)), fact(msg('Due'), time(scope, d.dueAt))];
    default:
      return Object.entries(d).map(([key, value]) => fact(key, typeof value === 'string' ? value : JSON.stringify(value)));
  }
}

function actorName(entry: Entry, scope: TimelineScope): string {
  switch (entry.actor.kind) {
    case 'complainant':
      return msg('Complainant');
    case 'system':
      return msg('System');
    case 'staff':
      return entry.actor.id === scope.portal.session.user.id ? msg('You') : msg('Staff');
  }
}

/**
 * The complaint's whole record, oldest first. What the complainant also reads is marked
 * "Public"; everything else — internal notes, clocks, escalations, findings — "Internal", and
 * drawn apart so that a reply is never mistaken for a note.
 */
export function renderTimeline(complaint: StaffComplaint, scope: TimelineScope): TemplateResult {
  return html`<ol class="timeline">
    ${complaint.timeline.map((entry) => {
      const visibility = entry.public ? msg('Public') : msg('Internal');
      const title = entry.type === 'note-added' ? (entry.public ? msg('Public reply') : msg('Internal note')) : eventLabel(entry.type);
      return html`<li class=${entry.public ? 'entry public' : 'entry internal'} data-type=${entry.type} data-seq=${entry.seq}>
        <div class="entry-head">
          <span class="entry-title">${title}</span>
          <span class=${entry.public ? 'tag tag-public' : 'tag tag-internal'}>${visibility}</span>
        </div>
        <p class="entry-meta">
          <time datetime=${entry.at}>${formatDateTime(entry.at, scope.portal.publicSite.timezone)}</time> · ${actorName(entry, scope)}
        </p>
        <dl class="facts">${details(entry, complaint, scope)}</dl>
      </li>`;
    })}
  </ol>`;
}

export const timelineStyles = css`
  .timeline {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.6em;
  }
  .entry {
    border: 1px solid var(--_border);
    border-inline-start-width: 6px;
    border-radius: var(--_radius);
    padding-block: 0.6em;
    padding-inline: 0.9em;
    background: var(--_surface);
  }
  .entry.public {
    border-inline-start-color: var(--_accent);
  }
  .entry.internal {
    border-style: dashed;
    border-inline-start-style: solid;
    border-inline-start-color: var(--_muted);
    background: var(--_background);
  }
  .entry-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
  }
  .entry-title {
    font-weight: 700;
  }
  .tag {
    font-size: 0.8125rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    padding-block: 0.1em;
    padding-inline: 0.5em;
    border-radius: 999px;
  }
  .tag-public {
    color: var(--_accent-text);
    background: var(--_accent);
  }
  .tag-internal {
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_muted);
  }
  .entry-meta {
    margin-block: 0.15em 0.4em;
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .facts {
    margin: 0;
    display: grid;
    gap: 0.2em;
  }
  .fact {
    display: grid;
    grid-template-columns: minmax(7em, max-content) 1fr;
    gap: 0.75em;
  }
  .fact dt {
    color: var(--_muted);
  }
  .fact dd {
    margin: 0;
  }
  .fact.multiline dd {
    white-space: pre-wrap;
  }
`;
