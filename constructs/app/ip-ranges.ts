import { parseIpv4Range } from "../ipv4-cidr";

/**
 * IPv4 blocks that are not on the public internet (RFC 6890 special-purpose registry). An Azure
 * firewall rule with one of these never matches a caller from the internet, and Key Vault refuses
 * them, so a config that lists one has a mistake in it.
 */
const NON_PUBLIC_BLOCKS: readonly [string, string][] = [
  ["0.0.0.0/8", "'this network'"],
  ["10.0.0.0/8", "private (RFC 1918)"],
  ["100.64.0.0/10", "shared carrier-grade NAT (RFC 6598)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private (RFC 1918)"],
  ["192.168.0.0/16", "private (RFC 1918)"],
  ["224.0.0.0/3", "multicast or reserved"],
];

/** [first, last] address of an IPv4 address or CIDR range, as unsigned 32-bit numbers. */
function bounds(range: string): [number, number] {
  const parsed = parseIpv4Range(range);
  if (!parsed) throw new Error(`not an IPv4 address or CIDR range: ${range}`);
  return [parsed.first, parsed.last];
}

/** Why `range` (a valid IPv4 address or CIDR) is not public, or undefined when it is public. */
export function nonPublicReason(range: string): string | undefined {
  const [first, last] = bounds(range);
  for (const [block, reason] of NON_PUBLIC_BLOCKS) {
    const [bFirst, bLast] = bounds(block);
    if (first <= bLast && bFirst <= last) return `${block} is ${reason}`;
  }
  return undefined;
}
