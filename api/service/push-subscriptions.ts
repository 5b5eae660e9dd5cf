import { createECDH, createHash } from 'node:crypto';
import type { PushFollowing, PushSubscriptionRequest } from '../contract/push.ts';
import type { Site } from '../contract/site.ts';
import type { WebPush } from '../notify/push.ts';
import { targetProblem } from '../notify/targets.ts';
import type { PushSubscriptionRecord } from '../store/channel-store.ts';
import type { Store } from '../store/store.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { type Clock, systemClock } from './complaints.ts';
import { ServiceError } from './errors.ts';

/** Browsers one complaint, or one member on one site, may have following it; a new one beyond pushes out the oldest. */
export const PUSH_SUBSCRIPTIONS_PER_OWNER = 10;

type Owner = { complaintId: string; userId?: never } | { userId: string; complaintId?: never };

/**
 * Who receives push messages: the browsers a complainant's tracker subscribed for one complaint
 * (authorised by its access code), and those members of staff subscribed for their work on a site.
 */
export class PushSubscriptions {
  readonly #store: Store;
  readonly #push: WebPush;
  readonly #clock: Clock;

  constructor(store: Store, push: WebPush, clock: Clock = systemClock) {
    this.#store = store;
    this.#push = push;
    this.#clock = clock;
  }

  /** The complainant's browser follows the complaint from now on. */
  followComplaint(site: Site, complaint: ComplaintState, subscription: PushSubscriptionRequest): Promise<PushFollowing> {
    return this.#follow(site, { complaintId: complaint.id }, subscription);
  }

  /** False when that browser did not follow the complaint. */
  unfollowComplaint(site: Site, complaint: ComplaintState, endpoint: string): Promise<boolean> {
    return this.#store.channels.deletePushSubscription(subscriptionId(site.key, { complaintId: complaint.id }, endpoint));
  }

  /** A member's browser hears of their work on the site from now on. */
  followAsMember(site: Site, userId: string, subscription: PushSubscriptionRequest): Promise<PushFollowing> {
    return this.#follow(site, { userId }, subscription);
  }

  unfollowAsMember(site: Site, userId: string, endpoint: string): Promise<boolean> {
    return this.#store.channels.deletePushSubscription(subscriptionId(site.key, { userId }, endpoint));
  }

  /** The member's browsers that receive push messages of the site. */
  async memberFollowing(site: Site, userId: string): Promise<PushFollowing[]> {
    return (await this.#store.channels.memberPushSubscriptions(site.key, [userId])).map(following);
  }

  async #follow(site: Site, owner: Owner, subscription: PushSubscriptionRequest): Promise<PushFollowing> {
    const problem = targetProblem(subscription.endpoint, { loopbackHttp: this.#push.loopbackHttp });
    if (problem) throw invalid(['endpoint'], `the endpoint is not a push service's address: ${problem.message}`);
    const publicKey = Buffer.from(subscription.keys.p256dh, 'base64url');
    if (!isP256Point(publicKey)) throw invalid(['keys', 'p256dh'], 'keys.p256dh is not a P-256 public key');
    const record: PushSubscriptionRecord = {
      id: subscriptionId(site.key, owner, subscription.endpoint),
      siteKey: site.key,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh.replace(/=+$/, ''),
      auth: subscription.keys.auth.replace(/=+$/, ''),
      complaintId: owner.complaintId ?? null,
      userId: owner.userId ?? null,
      createdAt: this.#clock.now().toISOString(),
    };
    await this.#store.channels.putPushSubscription(record);
    const all = owner.complaintId
      ? await this.#store.channels.complaintPushSubscriptions(owner.complaintId)
      : await this.#store.channels.memberPushSubscriptions(site.key, [owner.userId!]);
    for (const old of all.slice(0, Math.max(0, all.length - PUSH_SUBSCRIPTIONS_PER_OWNER))) {
      if (old.id !== record.id) await this.#store.channels.deletePushSubscription(old.id);
    }
    return following(all.find((r) => r.id === record.id) ?? record);
  }
}

/** One row per browser, site and owner: subscribing again only renews the keys. */
function subscriptionId(siteKey: string, owner: Owner, endpoint: string): string {
  const who = owner.complaintId ? `complaint:${owner.complaintId}` : `member:${owner.userId}`;
  return createHash('sha256').update(`${siteKey}\n${who}\n${endpoint}`).digest('hex').slice(0, 32);
}

function isP256Point(key: Buffer): boolean {
  if (key.length !== 65 || key[0] !== 0x04) return false;
  try {
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(key);
    return true;
  } catch {
    return false;
  }
}

const following = (r: PushSubscriptionRecord): PushFollowing => ({ endpoint: r.endpoint, createdAt: r.createdAt });

function invalid(path: (string | number)[], message: string): ServiceError {
  return new ServiceError(422, 'invalid_subscription', message, { issues: [{ path, code: 'invalid_subscription', message }] });
}
