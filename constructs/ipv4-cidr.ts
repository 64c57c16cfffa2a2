// IPv4 CIDR ranges as numbers: what the network checks (address space, subnets, overlaps) and the
// public-address check of the config share.

/** An IPv4 range: its first and last address as unsigned 32-bit numbers, and its prefix length. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/**
 * The range an IPv4 address or CIDR text covers (a bare address is a /32), or undefined when the
 * text is not one. `aligned` is false when the address has bits set beyond the prefix
 * ("10.0.0.1/24"), which Azure refuses for a network's address prefix.
 */
export function parseIpv4Range(text: string): (Ipv4Range & { readonly aligned: boolean }) | undefined {
  const match = CIDR.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = match[5] === undefined ? 32 : Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((n, octet) => n * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const first = address - (address % size);
  return { first, last: first + size - 1, prefix, aligned: first === address };
}

/** Whether `outer` holds every address of `inner`. */
export function containsRange(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** Whether two ranges share an address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** "a.b.c.d/n" of the block of prefix length `prefix` that starts at `first`. */
export function formatIpv4Range(first: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix}`;
}
