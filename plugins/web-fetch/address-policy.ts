import { inPrefix, parseIPv4, parseIPv6 } from "./ip-address.ts";

/**
 * What WebFetch may connect to: public unicast addresses only, so that a model (or a page it
 * was told to fetch) cannot reach the machine, the local network or a cloud metadata service.
 */
const BLOCKED_V4: readonly (readonly [readonly number[], number])[] = [
  [[0, 0, 0, 0], 8], // "this network"
  [[10, 0, 0, 0], 8], // private
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8], // loopback
  [[169, 254, 0, 0], 16], // link-local, cloud metadata (169.254.169.254)
  [[172, 16, 0, 0], 12], // private
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // documentation
  [[192, 168, 0, 0], 16], // private
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // documentation
  [[203, 0, 113, 0], 24], // documentation
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

const BLOCKED_V6: readonly (readonly [readonly number[], number])[] = [
  [[0xfc], 7], // unique local
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // site-local (deprecated, still routed by some networks)
  [[0xff], 8], // multicast
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64], // discard-only
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
];

/** Prefixes whose addresses carry an IPv4 address, judged as that address: [prefix, bits, offset of the IPv4 bytes]. */
const EMBEDDING_V4: readonly (readonly [readonly number[], number, number])[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 12], // IPv4-mapped ::ffff:a.b.c.d
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96, 12], // IPv4-compatible ::a.b.c.d, and :: and ::1
  [[0x00, 0x64, 0xff, 0x9b], 96, 12], // NAT64 64:ff9b::a.b.c.d
  [[0x20, 0x02], 16, 2], // 6to4 2002:aabb:ccdd::
];

/** The default policy: true only for a parseable public unicast address. */
export function isPublicAddress(ip: string): boolean {
  const v4 = parseIPv4(ip);
  if (v4) return !BLOCKED_V4.some(([prefix, bits]) => inPrefix(v4, prefix, bits));
  const v6 = parseIPv6(ip);
  if (!v6) return false;
  for (const [prefix, bits, offset] of EMBEDDING_V4) {
    if (inPrefix(v6, prefix, bits)) return isPublicAddress(v6.slice(offset, offset + 4).join("."));
  }
  return !BLOCKED_V6.some(([prefix, bits]) => inPrefix(v6, prefix, bits));
}

/** Names that mean this machine or a private network whatever DNS says about them. */
export function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || [".localhost", ".internal", ".local"].some((suffix) => name.endsWith(suffix));
}
