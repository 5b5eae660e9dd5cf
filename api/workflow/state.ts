import type { Locale } from '../contract/common.ts';
import type { Channel, Complainant, ComplaintStatus, Place } from '../contract/complaint.ts';
import type { Priority } from '../contract/site.ts';

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
  priority: Priority;
  description: string;
  place: Place;
  answers: Record<string, string>;
  complainant: Complainant | null;
  language: Locale;
  registeredAt: string;
  updatedAt: string;
  /** number of events folded so far; the expected version for the next command */
  version: number;
}
