import { randomUUID } from 'node:crypto';
import type { Site } from '../contract/site.ts';
import type { Logger } from '../http/logger.ts';
import type { Clock } from '../service/complaints.ts';
import type { Store, StoredOutboxMessage } from '../store/store.ts';
import type { UserRecord } from '../store/staff-store.ts';
import { type Channel, type Delivery, type DeliveryContext, type NotificationLinks, type StaffAccount, recipientKey, recipientMeans } from './channel.ts';
import { staffAccountsFor } from './staff-recipients.ts';

export interface DispatcherOptions {
  /** attempts before a message is dead (NOTIFY_MAX_ATTEMPTS) */
  maxAttempts: number;
  /** at most one delivery of a kind per recipient per complaint within this time; 0: no throttling */
  throttleMs: number;
  /** the wait after the first failure; it doubles with each further one, up to `maxDelayMs` */
  baseDelayMs: number;
  maxDelayMs: number;
  /** how long a claimed message is this dispatcher's alone; past it, another may take it over */
  leaseMs: number;
  /** how often the outbox is looked at */
  pollMs: number;
  /** messages claimed at a time */
  batch: number;
  /** how soon a message no channel accepts is looked at again */
  unroutedRetryMs: number;
  /** the local hour (site's time zone) at which daily digests go out */
  digestHour: number;
  /** in [0, 1): the jitter of the backoff */
  random: () => number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  maxAttempts: 8,
  throttleMs: 10 * 60_000,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 2 * 60_000,
  pollMs: 1000,
  batch: 20,
  unroutedRetryMs: 60_000,
  digestHour: 8,
  random: Math.random,
};

/** Full rounds of claims one pass makes at most, so a pass always ends. */
const MAX_ROUNDS = 50;

export interface DispatcherDeps {
  store: Store;
  channels: readonly Channel[];
  links: NotificationLinks;
  clock: Clock;
  logger: Logger;
  options?: Partial<DispatcherOptions>;
}

/**
 * Delivers the outbox: at least once, with exponential backoff and jitter between attempts, and
 * dead after `maxAttempts`. It keeps no state of its own: each pass claims due messages with a
 * lease, so several server processes on one database share the work, a message sent is never
 * sent again, and after a crash a message whose lease ran out is taken up again.
 *
 * Repeats of a kind to one recipient about one complaint within `throttleMs` wait and are folded
 * into one delivery; staff who chose the daily digest get everything of the day in one.
 */
export class Dispatcher {
  readonly #store: Store;
  readonly #channels: readonly Channel[];
  readonly #links: NotificationLinks;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #options: DispatcherOptions;
  /** this dispatcher's name on the leases it holds */
  readonly owner = `dispatcher-${randomUUID()}`;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = true;

  constructor(deps: DispatcherDeps) {
    this.#store = deps.store;
    this.#channels = deps.channels;
    this.#links = deps.links;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#options = { ...DEFAULT_DISPATCHER_OPTIONS, ...deps.options };
    if (!(this.#options.maxAttempts >= 1)) throw new RangeError('maxAttempts must be at least 1');
  }

  get options(): Readonly<DispatcherOptions> {
    return this.#options;
  }

  /** One pass over everything due now. Returns how many deliveries were made. */
  async tick(): Promise<number> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = async () => {
      if (this.#stopped) return;
      try {
        await this.tick();
      } catch (error) {
        this.#logger.error({ msg: 'notification pass failed', error: redact((error as Error).message) });
      }
      if (!this.#stopped) this.#timer = setTimeout(loop, this.#options.pollMs).unref();
    };
    void loop();
  }

  /** Stops looking at the outbox, lets a delivery under way finish, and closes the channels. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => {});
    for (const channel of this.#channels) await channel.close?.();
  }

  async #pass(): Promise<number> {
    // with no way to reach anyone, every message simply waits in the outbox
    if (!this.#channels.length) return 0;
    let delivered = 0;
    const users = new Map<string, Promise<UserRecord[]>>();
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const now = this.#clock.now();
      const claimed = await this.#store.claimOutbox({
        owner: this.owner,
        now,
        limit: this.#options.batch,
        leaseUntil: new Date(now.getTime() + this.#options.leaseMs),
      });
      // messages folded into an earlier one of this batch travel with it
      const carried = new Set<string>();
      for (const message of claimed) {
        if (carried.has(message.id)) continue;
        try {
          if (await this.#handle(message, carried, users)) delivered += 1;
        } catch (error) {
          // the store failed us: the lease runs out and the message is taken up again
          this.#logger.error({ msg: 'notification not handled', id: message.id, error: redact((error as Error).message) });
        }
      }
      if (claimed.length < this.#options.batch) break;
    }
    return delivered;
  }

  /** Delivers one claimed message, or holds it back, or records why not. True when delivered. */
  async #handle(message: StoredOutboxMessage, carried: Set<string>, users: Map<string, Promise<UserRecord[]>>): Promise<boolean> {
    const now = this.#clock.now();
    const site = await this.#store.getSite(message.siteKey);
    if (!site) {
      await this.#fail(message, `no site "${message.siteKey}"`, now);
      return false;
    }
    const channels: Channel[] = [];
    for (const channel of this.#channels) if (await channel.accepts(message, site)) channels.push(channel);
    if (!channels.length) {
      await this.#store.postponeOutbox(message.id, later(now, this.#options.unroutedRetryMs), `no channel for ${recipientMeans(message.recipient)}`);
      return false;
    }

    let staff: StaffAccount[] = [];
    let digest = false;
    if (message.recipient.kind === 'staff') {
      const who = message.recipient.who;
      if (!users.has(site.key)) users.set(site.key, this.#store.staff.listUsers(site.key));
      staff = staffAccountsFor(who, site.key, await users.get(site.key)!);
      if (!staff.length) {
        await this.#fail(message, `no staff account on site "${site.key}" is named "${who}" (nor holds that role)`, now);
        return false;
      }
      const choices = await this.#store.staff.notificationDelivery(staff.map((account) => account.id));
      digest = [...choices.values()].every((choice) => choice === 'daily-digest');
    }

    const ready = digest ? await this.#gatherDigest(message, site, now) : await this.#gatherRepeats(message, now);
    if (!ready) return false;

    const folded = (await this.#store.outboxMessages({ foldedInto: message.id, status: 'pending' })).sort(byAge);
    for (const other of folded) carried.add(other.id);
    const delivery: Delivery = {
      id: message.id,
      siteKey: message.siteKey,
      recipient: message.recipient,
      messages: [message, ...folded],
      digest,
    };
    const context = this.#context(site, staff, now);
    const failures: string[] = [];
    const delivered: string[] = [];
    for (const channel of channels) {
      if (message.deliveredVia.includes(channel.name)) continue;
      try {
        await channel.deliver(delivery, context);
        await this.#store.recordOutboxDelivery(message.id, channel.name);
        delivered.push(channel.name);
      } catch (error) {
        failures.push(`${channel.name}: ${(error as Error).message || String(error)}`);
      }
    }
    if (failures.length) {
      await this.#fail(message, failures.join('; '), this.#clock.now());
      return false;
    }
    await this.#store.markSent(message.id, this.#clock.now());
    this.#logger.info({ msg: 'notification sent', id: message.id, kind: message.kind, via: delivered, carries: delivery.messages.length, digest });
    return true;
  }

  /**
   * Throttling: the first message of a kind to a recipient about a complaint goes at once; the
   * ones after it within the interval wait for its end and then go together, as one delivery.
   * False when the message was held back or folded into an earlier one.
   */
  async #gatherRepeats(message: StoredOutboxMessage, now: Date): Promise<boolean> {
    const key = recipientKey(message.recipient);
    const same = (await this.#store.outboxMessages({ complaintId: message.complaintId })).filter(
      (other) => other.kind === message.kind && recipientKey(other.recipient) === key,
    );
    const waiting = same.filter((other) => other.id !== message.id && other.status === 'pending' && !other.foldedInto);
    const earlier = waiting.filter((other) => byAge(other, message) < 0).sort(byAge)[0];
    if (earlier) {
      // it goes with the earlier one, whenever that one goes
      const folded = await this.#store.foldOutbox(earlier.id, [message.id], this.owner, now);
      if (!folded.length) {
        // another dispatcher holds the earlier one right now: look again when its lease ends
        const until = earlier.leasedUntil && earlier.leasedUntil > now.toISOString() ? new Date(earlier.leasedUntil) : later(now, 1000);
        await this.#store.postponeOutbox(message.id, until);
      }
      return false;
    }
    const lastSent = same.reduce<string | null>((last, other) => (other.sentAt && (!last || other.sentAt > last) ? other.sentAt : last), null);
    if (this.#options.throttleMs > 0 && lastSent) {
      const free = new Date(Date.parse(lastSent) + this.#options.throttleMs);
      if (free > now) {
        await this.#store.postponeOutbox(message.id, free);
        return false;
      }
    }
    await this.#store.foldOutbox(message.id, waiting.map((other) => other.id), this.owner, now);
    return true;
  }

  /**
   * A daily digest: a staff member's messages wait for the next digest hour after they were
   * written, and then go out together, whatever complaint or kind. False while it waits.
   */
  async #gatherDigest(message: StoredOutboxMessage, site: Site, now: Date): Promise<boolean> {
    const due = nextLocalHour(new Date(message.createdAt), site.timezone, this.#options.digestHour);
    if (due > now) {
      await this.#store.postponeOutbox(message.id, due);
      return false;
    }
    const key = recipientKey(message.recipient);
    const waiting = (await this.#store.outboxMessages({ siteKey: message.siteKey, status: 'pending' })).filter(
      (other) => other.id !== message.id && !other.foldedInto && recipientKey(other.recipient) === key,
    );
    await this.#store.foldOutbox(message.id, waiting.map((other) => other.id), this.owner, now);
    return true;
  }

  async #fail(message: StoredOutboxMessage, error: string, at: Date): Promise<void> {
    const attempts = message.attempts + 1;
    if (attempts >= this.#options.maxAttempts) {
      await this.#store.markFailed(message.id, { error, at, dead: true });
      this.#logger.error({ msg: 'notification dead', id: message.id, kind: message.kind, attempts, error: redact(error) });
      return;
    }
    const nextAttemptAt = later(at, this.backoff(attempts));
    await this.#store.markFailed(message.id, { error, at, nextAttemptAt });
    this.#logger.error({ msg: 'notification failed', id: message.id, kind: message.kind, attempts, retryAt: nextAttemptAt.toISOString(), error: redact(error) });
  }

  /** The wait after the `attempts`-th failure: doubling from `baseDelayMs`, capped, the upper half jittered. */
  backoff(attempts: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.#options;
    const full = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(full / 2 + (random() * full) / 2);
  }

  #context(site: Site, staff: StaffAccount[], now: Date): DeliveryContext {
    const store = this.#store;
    const complaints = new Map<string, ReturnType<Store['getComplaint']>>();
    const events = new Map<string, ReturnType<Store['readEvents']>>();
    return {
      site,
      staff,
      now,
      links: this.#links,
      complaint(id) {
        if (!complaints.has(id)) complaints.set(id, store.getComplaint(id));
        return complaints.get(id)!;
      },
      events(id) {
        if (!events.has(id)) events.set(id, store.readEvents(id));
        return events.get(id)!;
      },
    };
  }
}

const later = (from: Date, ms: number): Date => new Date(from.getTime() + ms);

/** Older first: by when written, then by the event they tell of. */
function byAge(a: StoredOutboxMessage, b: StoredOutboxMessage): number {
  return a.createdAt.localeCompare(b.createdAt) || a.eventSeq - b.eventSeq || a.id.localeCompare(b.id);
}

/** Logs carry no personal data: email addresses in an error are left out. */
function redact(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '…');
}

/** The local wall-clock time of an instant in a time zone, as UTC fields. */
function wallClock(t: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(t))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The first `hour`:00 local time in the zone strictly after `after`. */
export function nextLocalHour(after: Date, timeZone: string, hour: number): Date {
  const local = new Date(wallClock(after.getTime(), timeZone));
  for (let days = 0; days <= 2; days += 1) {
    const wanted = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour);
    // the instant whose wall clock reads `wanted`: correct a first guess by the zone's offset, twice (offsets change)
    let t = wanted - (wallClock(wanted, timeZone) - wanted);
    t = wanted - (wallClock(t, timeZone) - t);
    if (t > after.getTime()) return new Date(t);
  }
  throw new Error(`no ${hour}:00 in ${timeZone} after ${after.toISOString()}`);
}
