import { isIP } from 'node:net';

/** This machine: `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/** Why an address is refused, as a code a client can put in its own words, and in English. */
export interface TargetProblem {
  code: 'not_a_url' | 'http_elsewhere' | 'http_development_only' | 'scheme_not_accepted';
  message: string;
}

/**
 * Whether the server may post to this address: `https:` anywhere, `http:` only to this machine
 * (a gateway running beside the server, or a test) and only where `loopbackHttp` allows it.
 * Answers the reason when not.
 */
export function targetProblem(raw: string, options: { loopbackHttp: boolean }): TargetProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'not_a_url', message: 'not a URL' };
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      return { code: 'http_elsewhere', message: 'http:// is accepted only for this machine (localhost, 127.0.0.1, [::1]); use https://' };
    }
    if (options.loopbackHttp) return null;
    return {
      code: 'http_development_only',
      message: 'http:// to this machine is accepted only while the server runs for development (PUBLIC_URL on this machine); use https://',
    };
  }
  return { code: 'scheme_not_accepted', message: `${url.protocol} is not accepted; use https://` };
}

/** The origin alone, for logs and errors: an address's path and query may carry a token. */
export function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return 'an invalid address';
  }
}
