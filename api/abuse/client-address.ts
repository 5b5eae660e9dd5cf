import { isIP } from 'node:net';

/**
 * The address a request is counted against. Without proxies it is the socket's peer; behind
 * `proxies` trusted proxies it is the entry of X-Forwarded-For the outermost of them added
 * (anything further left the client wrote itself, and proves nothing). An IPv6 address counts
 * by its /64, the block one household or one server is given.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, proxies: number): string {
  let address = socketAddress;
  if (proxies > 0 && forwardedFor) {
    const hops = forwardedFor.split(',').map((hop) => hop.trim()).filter(Boolean);
    const candidate = hops[Math.max(0, hops.length - proxies)];
    if (candidate && isIP(withoutPort(candidate))) address = withoutPort(candidate);
  }
  return address ? addressKey(address) : 'unknown';
}

/** `1.2.3.4:5678` and `[::1]:5678` as some proxies write them; a bare IPv6 address is left alone. */
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}

/** IPv4 as it is (also when mapped into IPv6); IPv6 as its first four groups. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
