import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SatisfactionRating } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import { type Clock, type ComplaintDesk, systemClock } from '../service/complaints.ts';
import { randomSecret } from '../service/credentials.ts';
import { ServiceError } from '../service/errors.ts';
import type { Store } from '../store/store.ts';
import type { ComplaintState } from '../workflow/state.ts';

const SURVEY_SECRET = 'survey-link-key';
/** A survey link can be answered for this long after it was sent. */
export const SURVEY_LINK_DAYS = 60;
const MAX_RETRIES = 5;

/** What a survey link is for: one complaint, after the feedback event it came with. */
interface SurveyClaims {
  siteKey: string;
  complaintId: string;
  /** the `feedback-sent` event the survey followed */
  feedbackSeq: number;
  expiresAt: string;
}

/**
 * Where a survey stands:
 *  - open: it may be answered now
 *  - answered: a satisfaction answer came after the survey was sent (by this link or otherwise)
 *  - closed: the complaint no longer waits for this answer (closed, reopened, or a newer result sent)
 *  - invalid: forged, expired, or for nothing that exists
 */
export type SurveyStatus = 'open' | 'answered' | 'closed' | 'invalid';

export interface SurveyView<S extends string = SurveyStatus> {
  status: S;
  site?: Site;
  complaint?: ComplaintState;
}

/**
 * The satisfaction survey's signed links. A link names the complaint and the feedback event it
 * followed; opening it changes nothing, and only an answer posted from its page records the
 * rating, through the workflow, as the complainant. It is spent by the answer itself: once a
 * satisfaction answer follows that feedback, the link says so and records nothing more. The
 * record and the spending are the same event, so two answers at once cannot both count.
 */
export class Surveys {
  readonly #store: Store;
  readonly #desk: ComplaintDesk;
  readonly #clock: Clock;
  #secret: Promise<string> | undefined;

  constructor(store: Store, desk: ComplaintDesk, clock: Clock = systemClock) {
    this.#store = store;
    this.#desk = desk;
    this.#clock = clock;
  }

  /** A token for the survey sent with the feedback event `feedbackSeq`. */
  async token(siteKey: string, complaintId: string, feedbackSeq: number): Promise<string> {
    const expiresAt = new Date(this.#clock.now().getTime() + SURVEY_LINK_DAYS * 86_400_000).toISOString();
    const body = Buffer.from(JSON.stringify([siteKey, complaintId, feedbackSeq, expiresAt])).toString('base64url');
    return `${body}.${sign(await this.#key(), body)}`;
  }

  /** Where the survey of a token stands; reading it records nothing. */
  async open(token: string): Promise<SurveyView> {
    const claims = await this.#read(token);
    if (!claims) return { status: 'invalid' };
    const site = await this.#store.getSite(claims.siteKey);
    const complaint = await this.#store.getComplaint(claims.complaintId);
    if (!site || !complaint || complaint.siteKey !== site.key) return { status: 'invalid' };
    return { status: await this.#status(claims, complaint), site, complaint };
  }

  /** Records the answer when the survey is open; otherwise says where it stands and records nothing. */
  async answer(token: string, rating: SatisfactionRating, comment?: string): Promise<SurveyView<Exclude<SurveyStatus, 'open'> | 'recorded'>> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt += 1) {
      const view = await this.open(token);
      if (view.status !== 'open') return { ...view, status: view.status };
      const { site, complaint } = view as Required<SurveyView>;
      try {
        const outcome = await this.#desk.execute(
          site,
          complaint.id,
          { type: 'record-satisfaction', rating, via: 'survey', ...(comment ? { comment } : {}) },
          { kind: 'complainant' },
          complaint.version,
        );
        return { status: 'recorded', site, complaint: outcome.state };
      } catch (error) {
        // someone acted on the complaint at the same moment: look again at where the survey stands
        if (error instanceof ServiceError && error.code === 'version_conflict') continue;
        // the workflow no longer takes an answer (closed in between)
        if (error instanceof ServiceError && error.status === 409) return { status: 'closed', site, complaint };
        throw error;
      }
    }
    throw new ServiceError(503, 'busy', 'the complaint keeps changing; try again in a moment');
  }

  async #status(claims: SurveyClaims, complaint: ComplaintState): Promise<SurveyStatus> {
    const events = await this.#store.readEvents(complaint.id);
    const feedback = events.find((e) => e.seq === claims.feedbackSeq);
    if (feedback?.type !== 'feedback-sent') return 'closed';
    const after = events.filter((e) => e.seq > claims.feedbackSeq);
    if (after.some((e) => e.type === 'satisfaction-recorded')) return 'answered';
    if (after.some((e) => e.type === 'feedback-sent') || complaint.status !== 'follow-up') return 'closed';
    return 'open';
  }

  async #read(token: string): Promise<SurveyClaims | null> {
    const [body, signed, extra] = token.split('.');
    if (!body || !signed || extra !== undefined || !sameSignature(signed, sign(await this.#key(), body))) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(claims) || claims.length !== 4) return null;
    const [siteKey, complaintId, feedbackSeq, expiresAt] = claims as unknown[];
    if (typeof siteKey !== 'string' || typeof complaintId !== 'string' || typeof expiresAt !== 'string' || !Number.isInteger(feedbackSeq)) return null;
    if (!(Date.parse(expiresAt) > this.#clock.now().getTime())) return null;
    return { siteKey, complaintId, feedbackSeq: feedbackSeq as number, expiresAt };
  }

  #key(): Promise<string> {
    return (this.#secret ??= this.#store.secret(SURVEY_SECRET, randomSecret));
  }
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`survey\n${body}`).digest('base64url');
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
