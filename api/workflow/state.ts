import type { Locale } from '../contract/common.ts';
import type { Channel, Complainant, ComplaintStatus, Place } from '../contract/complaint.ts';
import type { ClockBasis, ClockStage, CloseOutcome, SatisfactionRating, Severity } from '../contract/events.ts';
import type { Priority } from '../contract/site.ts';

/** A stage's deadline as it stands: when it is due, when to warn, and what was raised. */
export interface Clock {
  stage: ClockStage;
  basis: ClockBasis;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  budgetMs: number;
  notBefore?: string;
  /** set while the complaint waits on the complainant */
  pausedAt?: string;
  running: boolean;
  warned: boolean;
  breached: boolean;
}

/** A complaint as the fold of its events: nothing here is ever written by hand. */
export interface ComplaintState {
  id: string;
  siteKey: string;
  reference: string;
  accessCodeHash: string;
  status: ComplaintStatus;
  channel: Channel;
  category: string;
  department: string;
  assignee: string | null;
  priority: Priority;
  severity: Severity;
  vip: boolean;
  description: string;
  place: Place;
  answers: Record<string, string>;
  complainant: Complainant | null;
  subject: string | null;
  language: Locale;
  registeredAt: string;
  updatedAt: string;
  /** the status to go back to when the awaited information arrives */
  resumeStatus: ComplaintStatus | null;
  clocks: Partial<Record<ClockStage, Clock>>;
  /** 复审 rounds so far (0 before any review) */
  reviewRound: number;
  /** how many levels above the department it has gone */
  escalationLevel: number;
  planSeeksOpinion: boolean;
  satisfaction: SatisfactionRating | null;
  resolvedAt: string | null;
  closedAt: string | null;
  outcome: CloseOutcome | null;
  mergedInto: string | null;
  /** number of events folded so far; the expected version for the next command */
  version: number;
}

export const TERMINAL_STATUSES: readonly ComplaintStatus[] = ['archived', 'merged', 'withdrawn'];
