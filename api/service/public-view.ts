import type { PublicComplaint, PublicTimelineEntry } from '../contract/complaint.ts';
import type { ClockStage, StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import { evolve } from '../workflow/evolve.ts';
import type { Policy } from '../workflow/lifecycle.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { OPEN_STATUSES } from '../workflow/transitions.ts';

/**
 * What of an event the complainant may read. Internal work — clocks, escalations, findings
 * about staff, internal notes, corrections — never reaches the public timeline.
 */
export function publicMessage(event: StoredEvent, site: Site, locale: ComplaintState['language']): string | null | undefined {
  switch (event.type) {
    case 'registered':
    case 'investigation-started':
    case 'work-started':
    case 'arrived-on-site':
    case 'information-provided':
    case 'information-waived':
    case 'plan-opinion-recorded':
    case 'satisfaction-recorded':
    case 'closed':
    case 'archived':
    case 'withdrawn':
    case 'merged':
    case 'settled':
    case 'mediation-agreed':
      return undefined;
    case 'accepted':
      return event.data.notice;
    case 'not-accepted':
      return event.data.referTo ? `${event.data.reason}\n${event.data.referTo}` : event.data.reason;
    case 'information-requested':
      return event.data.question;
    case 'dispatched':
      return site.policy.departments.find((d) => d.code === event.data.department)?.name[locale];
    case 'plan-proposed':
      return event.data.seekOpinion ? `${event.data.measures}\n${event.data.schedule}` : undefined;
    case 'note-added':
      return event.data.public ? event.data.note : null;
    case 'resolved':
      return [event.data.result, event.data.basis, event.data.improvement].filter(Boolean).join('\n');
    case 'feedback-sent':
      return event.data.message;
    case 'reopened':
      return event.data.reason;
    case 'mediation-assessed':
      return event.data.eligible ? undefined : event.data.note;
    case 'mediation-failed':
      return event.data.note;
    default:
      return null;
  }
}

/** The stages the complainant waits on the office for; the investigation's start is internal. */
const AWAITED: readonly ClockStage[] = ['acknowledge', 'onSite', 'resolve', 'feedback'];

/** What the complainant waits for now, and by when the site promised it. */
export function expectedBy(state: ComplaintState): PublicComplaint['expectedBy'] {
  const waiting = Object.values(state.clocks)
    .filter((c): c is NonNullable<typeof c> => Boolean(c?.running && !c.pausedAt && AWAITED.includes(c.stage)))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  return waiting ? { stage: waiting.stage, dueAt: waiting.dueAt } : undefined;
}

/** Until when a closed complaint may be reopened for review (the site's window, on its calendar). */
function reviewUntil(state: ComplaintState, policy: Policy): string | undefined {
  if (state.status !== 'closed' || !state.closedAt) return undefined;
  return policy.calendar.addDuration(new Date(state.closedAt), policy.rules.reopenWindow).toISOString();
}

/** The complaint as its complainant may see it: status, category, department, public timeline. */
export function publicView(site: Site, policy: Policy, state: ComplaintState, events: readonly StoredEvent[], now: Date): PublicComplaint {
  const category = site.policy.categories.find((c) => c.code === state.category);
  const department = site.policy.departments.find((d) => d.code === state.department);
  const timeline: PublicTimelineEntry[] = [];
  let current: ComplaintState | null = null;
  for (const event of events) {
    current = evolve(current, event);
    const message = publicMessage(event, site, state.language);
    if (message === null) continue;
    timeline.push({ at: event.at, kind: event.type, status: current.status, ...(message ? { message } : {}) });
  }
  const fallback = { en: state.category, 'zh-Hans': state.category, 'zh-Hant': state.category };
  const attachments = events.flatMap((e) => (e.type === 'registered' || e.type === 'information-provided' ? (e.data.attachments ?? []) : []));
  const question = state.status === 'awaiting-information' ? events.findLast((e) => e.type === 'information-requested') : undefined;
  const expected = expectedBy(state);
  const until = reviewUntil(state, policy);
  const reviewable =
    (state.status === 'follow-up' || (state.status === 'closed' && until !== undefined && now <= new Date(until))) &&
    state.reviewRound < site.policy.reviewRounds;
  // the opinion is asked for once per plan: the last plan, and no answer after it
  const lastPlan = events.findLastIndex((e) => e.type === 'plan-proposed');
  const planOpen = state.status === 'plan-proposed' && state.planSeeksOpinion && !events.slice(lastPlan + 1).some((e) => e.type === 'plan-opinion-recorded');
  return {
    reference: state.reference,
    status: state.status,
    category: { code: state.category, name: category?.name ?? fallback },
    ...(department ? { department: { code: department.code, name: department.name } } : {}),
    registeredAt: state.registeredAt,
    updatedAt: timeline.at(-1)?.at ?? state.registeredAt,
    ...(expected ? { expectedBy: expected } : {}),
    ...(question?.type === 'information-requested' ? { question: question.data.question } : {}),
    attachments: [...new Set(attachments)],
    ...(until && reviewable ? { reviewUntil: until } : {}),
    can: {
      provideInformation: state.status === 'awaiting-information',
      answerPlan: planOpen,
      rate: state.status === 'follow-up' && state.satisfaction === null,
      requestReview: reviewable,
      withdraw: OPEN_STATUSES.includes(state.status),
    },
    timeline,
  };
}
