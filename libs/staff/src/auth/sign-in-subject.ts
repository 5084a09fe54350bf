import { isIPv4, isIPv6 } from 'node:net';

/**
 * The form of a login that sign-in throttling counts: NFKC, trimmed, lower-cased (locale-independent). Without it an
 * attacker would get a fresh set of free attempts per spelling ("Maija@x.fi", " maija@x.fi").
 */
export function normaliseLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/**
 * The bucket a client address is counted in: an IPv4 address as itself (IPv4-mapped IPv6 included), an IPv6 address
 * by its /64 network, because one home or mobile connection is given a whole /64 and could otherwise rotate through
 * 2^64 addresses to escape the per-address limit. Anything else (a Unix socket, a test name) counts as itself.
 * The address must be the real client's (the app sets Fastify's `trustProxy` to match its proxies).
 */
export function addressBucket(address: string): string {
  let text = address.trim().toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (isIPv4(text)) return text;
  if (!isIPv6(text)) return text;
  const groups = ipv6Groups(text);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, expanding `::` and a trailing dotted IPv4 part. */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined): number[] =>
    part
      ? part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}
