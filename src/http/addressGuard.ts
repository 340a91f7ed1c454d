import { BlockList, isIP } from 'node:net';

/**
 * Addresses an article link (written by a third party) may not make us connect to:
 * loopback, private (RFC 1918, RFC 4193), link-local, carrier-grade NAT, unspecified,
 * benchmarking, multicast and reserved ranges.
 */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b:1::', 48],
  ['2001:db8::', 32],
  // Site-local (RFC 3879 deprecated it, but a host may still route it inside its site).
  ['fec0::', 10],
  // Teredo hides an obfuscated IPv4 address; nothing legitimate is served from it today.
  ['2001::', 32],
] as const)
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

export type AddressDecision = { allowed: true } | { allowed: false; reason: string };

/** The 16 bytes of an IPv6 address (any textual form, dotted tail included). */
function ipv6Bytes(address: string): Uint8Array {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::') as [string, string | undefined];
  const parts = (s: string): number[] => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

const dottedAt = (b: Uint8Array, i: number): string => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;

/**
 * The IPv4 address an IPv6 transition form carries, which is where a packet really goes:
 * IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
export function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const zero = (from: number, to: number): boolean => b.subarray(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return dottedAt(b, 12);
  if (zero(0, 12) && !zero(12, 16)) return dottedAt(b, 12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return dottedAt(b, 12);
  if (b[0] === 0x20 && b[1] === 0x02) return dottedAt(b, 2);
  return null;
}

/** Pure decision for one resolved address; the fetcher asks before every connection. */
export function checkAddress(address: string, allowPrivateNetworks: boolean): AddressDecision {
  const family = isIP(address);
  if (family === 0) return { allowed: false, reason: `"${address}" is not an IP address` };
  if (allowPrivateNetworks) return { allowed: true };
  const refused = {
    allowed: false as const,
    reason: `${address} is a loopback, private or reserved address (set fetch.allowPrivateNetworks, or allowPrivateNetwork on the feed or webhook, to allow it)`,
  };
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4') ? refused : { allowed: true };
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return NON_PUBLIC.check(v4, 'ipv4') ? refused : { allowed: true };
  return NON_PUBLIC.check(address, 'ipv6') ? refused : { allowed: true };
}
