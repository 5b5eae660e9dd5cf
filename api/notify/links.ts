import type { Site } from '../contract/site.ts';
import type { ComplaintDesk } from '../service/complaints.ts';
import type { NotificationLinks } from './channel.ts';
import type { Surveys } from './survey.ts';

/**
 * Links on this server's public address. A site's own tracker page is not known to the server,
 * so a complainant's link opens the site's resident app here, with the complaint in the
 * fragment (`#complaint=…&code=…`, which never reaches a server's logs) and a signed key that
 * stands in for the access code.
 */
export class ServerLinks implements NotificationLinks {
  readonly #base: string;
  readonly #desk: ComplaintDesk;
  readonly #surveys: Surveys;

  constructor(publicUrl: string, desk: ComplaintDesk, surveys: Surveys) {
    this.#base = publicUrl.replace(/\/+$/, '');
    this.#desk = desk;
    this.#surveys = surveys;
  }

  async tracking(site: Site, complaint: { id: string; reference: string }): Promise<string> {
    const { key } = await this.#desk.trackingKey(site, complaint.id);
    const fragment = new URLSearchParams({ complaint: complaint.reference, code: key });
    return `${this.#base}/app/${encodeURIComponent(site.key)}/#${fragment}`;
  }

  async survey(site: Site, complaintId: string, eventSeq: number): Promise<string> {
    return `${this.#base}/survey/${await this.#surveys.token(site.key, complaintId, eventSeq)}`;
  }

  staffComplaint(site: Site, complaintId: string): string {
    return `${this.#base}/portal/${encodeURIComponent(site.key)}/complaints/${encodeURIComponent(complaintId)}`;
  }

  staffSite(site: Site): string {
    return `${this.#base}/portal/${encodeURIComponent(site.key)}`;
  }
}
