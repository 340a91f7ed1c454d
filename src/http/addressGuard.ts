import { BlockList, isIP } from 'node:net';

/**
 * Addresses an article link (written by a third party) may not make us connect to:
 * loopback, private (RFC 1918, RFC 4193), link-local, carrier-grade NAT, unspecified,
 * benchmarking, multicast and reserved ranges.
 */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b:1::', 48], ['2001:db8::', 32],
] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

export type AddressDecision = { allowed: true } | { allowed: false; reason: string };

/** Pure decision for one resolved address; the fetcher asks before every connection. */
export function checkAddress(address: string, allowPrivateNetworks: boolean): AddressDecision {
  const family = isIP(address);
  if (family === 0) return { allowed: false, reason: `"${address}" is not an IP address` };
  if (allowPrivateNetworks) return { allowed: true };
  let ip = address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) ip = mapped[1]!;
  const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  if (NON_PUBLIC.check(ip, type)) {
    return { allowed: false, reason: `${address} is a loopback, private or reserved address (set fetch.allowPrivateNetworks to allow it)` };
  }
  return { allowed: true };
}
