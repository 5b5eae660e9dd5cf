import type { ComplaintState } from '../workflow/state.ts';

/**
 * How the PostgreSQL store tells other server processes that a complaint changed: a NOTIFY on
 * this channel, sent inside the committing transaction, so it is delivered exactly when the
 * change is committed (and never for one rolled back). One channel per schema — `complaint_changes`
 * in `public`, `complaint_changes:<hash of the schema>` elsewhere — so deployments sharing one
 * database never hear each other; evaluated on the connection, like the schema itself.
 */
export const CHANGES_CHANNEL_SQL = `CASE WHEN current_schema() = 'public' THEN 'complaint_changes'
  ELSE 'complaint_changes:' || left(md5(coalesce(current_schema(), '')), 16) END`;

/** The payload of a notification (JSON, well under PostgreSQL's 8000 bytes). */
export interface ChangeNotice {
  siteKey: string;
  complaintId: string;
  version: number;
  at: string;
  /** the store (one per server process) whose commit sent it */
  origin: string;
}

export const noticeOf = (state: ComplaintState, origin: string): ChangeNotice => ({
  siteKey: state.siteKey,
  complaintId: state.id,
  version: state.version,
  at: state.updatedAt,
  origin,
});

/** A notification's payload as a notice, or null when it is not one. */
export function readNotice(payload: string | undefined): ChangeNotice | null {
  try {
    const value = JSON.parse(payload ?? '') as Partial<ChangeNotice> | null;
    if (
      typeof value?.siteKey !== 'string' ||
      typeof value.complaintId !== 'string' ||
      typeof value.version !== 'number' ||
      typeof value.at !== 'string' ||
      typeof value.origin !== 'string'
    ) {
      return null;
    }
    return { siteKey: value.siteKey, complaintId: value.complaintId, version: value.version, at: value.at, origin: value.origin };
  } catch {
    return null;
  }
}
