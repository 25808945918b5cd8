import ipaddr from "ipaddr.js";

/**
 * What WebFetch may connect to: public unicast addresses only, so that a model (or a page it
 * was told to fetch) cannot reach the machine, the local network or a cloud metadata service.
 * The ranges are ipaddr.js's (IANA's special-purpose registries); a few of its ranges are public
 * services all the same.
 */
const PUBLIC_RANGES = new Set(["unicast", "as112", "amt", "as112v6"]);

/** IPv6 ranges that carry an IPv4 address, judged as that address: the IPv4 bytes' offset. */
const EMBEDDING_V4: Readonly<Record<string, number>> = { ipv4Mapped: 12, rfc6145: 12, rfc6052: 12, "6to4": 2 };

/** An address as ipaddr.js reads it (brackets and an IPv6 zone allowed), or null; IPv4 only as four decimal parts. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  return bare.includes(":") && ipaddr.IPv6.isValid(bare) ? ipaddr.IPv6.parse(bare) : null;
}

/** The default policy: true only for a parseable public unicast address. */
export function isPublicAddress(ip: string): boolean {
  const address = parseAddress(ip);
  if (!address) return false;
  if (address.kind() === "ipv6") {
    const bytes = address.toByteArray();
    const offset = EMBEDDING_V4[address.range()] ?? (bytes.slice(0, 12).every((b) => b === 0) ? 12 : undefined);
    // IPv4-compatible (::a.b.c.d, ::1, ::) and the embedding ranges: the IPv4 address decides.
    if (offset !== undefined) return isPublicAddress(bytes.slice(offset, offset + 4).join("."));
  }
  return PUBLIC_RANGES.has(address.range());
}

/** Names that mean this machine or a private network whatever DNS says about them. */
export function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || [".localhost", ".internal", ".local"].some((suffix) => name.endsWith(suffix));
}

/**
 * The ranges isPublicAddress refuses, as CIDR text with ipaddr.js's range name: what a plugin's
 * runtime is told to deny. The IPv6 ranges that carry an IPv4 address are left out: the IPv4
 * address they carry decides.
 */
export function deniedRanges(): readonly { readonly range: string; readonly cidr: string }[] {
  return [ipaddr.IPv4, ipaddr.IPv6].flatMap((kind) => {
    // ipaddr.js's own table (the one range() reads); its typings leave it out.
    const special = (kind.prototype as unknown as { SpecialRanges: Record<string, SpecialRange | SpecialRange[]> }).SpecialRanges;
    return Object.entries(special)
      .filter(([range]) => !PUBLIC_RANGES.has(range) && !(range in EMBEDDING_V4))
      .flatMap(([range, value]) => (Array.isArray(value[0]) ? (value as SpecialRange[]) : [value as SpecialRange]).map(([address, bits]) => ({ range, cidr: `${address.toString()}/${bits}` })));
  });
}

type SpecialRange = [ipaddr.IPv4 | ipaddr.IPv6, number];
