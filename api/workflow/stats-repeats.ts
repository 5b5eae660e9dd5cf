import type { Complainant, Place } from '../contract/complaint.ts';

/**
 * Repeat places and repeat complainants (003: the same problem or the same person coming back
 * is what a monthly analysis looks for). Complainants are compared by contact, never shown by it.
 */

/** How one registration's complainant can be recognised again; null parts were not given. */
export interface Contact {
  phone: string | null;
  email: string | null;
  name: string | null;
}

export interface RepeatPlace {
  /** the normalised place, e.g. "5-1 / 502" */
  place: string;
  count: number;
}

export interface RepeatComplainant {
  /** a masked contact, e.g. "138****4220", "s***@example.com" or "李*" */
  contact: string;
  count: number;
}

// Dashes people type between building and unit numbers: ASCII, Unicode dashes, minus, tilde.
const DASHES = /[‐‑‒–—―−~〜～]/g;

/** One part of a place as people write it: full-width folded (NFKC), case, spaces and dash kinds ignored. */
const normalisePart = (part: string | undefined): string =>
  (part ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(DASHES, '-');

/** The place a complaint names, normalised so "５－１ / ５０２" and "5-1 / 502" are the same place; null when none was given. */
export function placeKey(place: Place): string | null {
  const parts = [place.unit, place.room, place.address].map(normalisePart).filter(Boolean);
  return parts.length ? parts.join(' / ') : null;
}

/** Phone digits only; a mainland mobile written with +86 / 0086 is the same number without it. */
function phoneDigits(phone: string | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  const national = /^(?:0086|86)(1\d{10})$/.exec(digits);
  return national ? national[1]! : digits || null;
}

export function contactOf(complainant: Complainant | null): Contact {
  const email = complainant?.email?.trim().toLowerCase() || null;
  const name = complainant?.name?.normalize('NFKC').replace(/\s+/g, '') || null;
  return { phone: phoneDigits(complainant?.phone), email, name };
}

/** Places named by two or more registrations, most reported first. */
export function repeatPlaces(places: readonly (string | null)[]): RepeatPlace[] {
  const counts = new Map<string, number>();
  for (const place of places) if (place) counts.set(place, (counts.get(place) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= 2)
    .map(([place, count]) => ({ place, count }))
    .sort((a, b) => b.count - a.count || compareText(a.place, b.place));
}

export const maskPhone = (digits: string): string =>
  digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : `****${digits.slice(-2)}`;

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}

/** The family name stays (李*), the rest is hidden — as on a published notice. */
export function maskName(name: string): string {
  const chars = [...name];
  return `${chars[0] ?? ''}${'*'.repeat(Math.min(3, Math.max(1, chars.length - 1)))}`;
}

/**
 * Complainants behind two or more registrations. Two registrations are the same complainant
 * when they share the phone digits or the e-mail address; a registration with neither is
 * matched by name, and only with others that have neither. Anonymous ones are never matched.
 * Each is shown by one masked contact: the phone, else the e-mail, else the name.
 */
export function repeatComplainants(contacts: readonly Contact[]): RepeatComplainant[] {
  const parent = contacts.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWith = new Map<string, number>();
  contacts.forEach((contact, i) => {
    const keys = contact.phone || contact.email
      ? [contact.phone && `phone:${contact.phone}`, contact.email && `email:${contact.email}`]
      : [contact.name && `name:${contact.name}`];
    for (const key of keys) {
      if (!key) continue;
      const seen = firstWith.get(key);
      if (seen === undefined) firstWith.set(key, i);
      else parent[root(i)] = root(seen);
    }
  });
  const groups = new Map<number, Contact[]>();
  contacts.forEach((contact, i) => {
    if (!contact.phone && !contact.email && !contact.name) return;
    const group = groups.get(root(i)) ?? [];
    group.push(contact);
    groups.set(root(i), group);
  });
  return [...groups.values()]
    .filter((group) => group.length >= 2)
    .map((group) => ({ masked: maskedContact(group), key: identityOrder(group), count: group.length }))
    .sort((a, b) => b.count - a.count || compareText(a.masked, b.masked) || compareText(a.key, b.key))
    .map(({ masked, count }) => ({ contact: masked, count }));
}

const smallest = (values: (string | null)[]): string | null =>
  values.filter((v): v is string => Boolean(v)).sort(compareText)[0] ?? null;

function maskedContact(group: readonly Contact[]): string {
  const phone = smallest(group.map((c) => c.phone));
  if (phone) return maskPhone(phone);
  const email = smallest(group.map((c) => c.email));
  return email ? maskEmail(email) : maskName(smallest(group.map((c) => c.name)) ?? '');
}

/** Orders groups whose masks look alike; used for sorting only, never shown. */
const identityOrder = (group: readonly Contact[]): string =>
  group.map((c) => `${c.phone ?? ''}|${c.email ?? ''}|${c.name ?? ''}`).sort(compareText).join('\n');

/** Code-unit order: the same on every machine, whatever its locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
