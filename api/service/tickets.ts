import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tickets: a site key, a complaint id and an expiry, signed with a server secret. They
 * let someone act on one complaint without its access code: an EventSource that cannot send a
 * header, or a resident following the link in a notification.
 */
export interface Ticket {
  siteKey: string;
  complaintId: string;
  expiresAt: string;
}

export function signTicket(secret: string, ticket: Ticket): string {
  const body = Buffer.from(JSON.stringify([ticket.siteKey, ticket.complaintId, ticket.expiresAt])).toString('base64url');
  return `${body}.${signature(secret, body)}`;
}

/** The ticket's claims when the signature holds and it has not expired; null otherwise. */
export function readTicket(secret: string, token: string, now: Date): Ticket | null {
  const [body, signed, extra] = token.split('.');
  if (!body || !signed || extra !== undefined || !sameSignature(signed, signature(secret, body))) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(claims) || claims.length !== 3 || !claims.every((c) => typeof c === 'string')) return null;
  const [siteKey, complaintId, expiresAt] = claims as [string, string, string];
  if (!(Date.parse(expiresAt) > now.getTime())) return null;
  return { siteKey, complaintId, expiresAt };
}

function signature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
