import { BlockList, isIP } from "node:net";
import type { AddressPolicy } from "./broker.ts";

/**
 * What a sandboxed child's own connections are held to, as the broker holds `ctx.http`: the
 * granted hosts, and for a granted name, no address the policy refuses (a DNS answer the
 * plugin's author controls must not lead to this machine or its network). A grant that names
 * such a place itself (an address, localhost, a `.local` or `.internal` name) is meant.
 */
export interface NetFence {
  readonly hosts: readonly string[];
  /** The grants reached whatever they resolve to: addresses and local names. */
  readonly meant: readonly string[];
  /** The ranges (CIDR) a granted name may not resolve into; Node's guard checks each answer. */
  readonly denied: readonly string[];
  /** Deno's --deny-net: its IPv4 ranges and single IPv6 addresses (Deno takes no IPv6 range), less what a meant grant needs. */
  readonly denoDenied: readonly string[];
}

const LOOKUP_MS = 3000;

/** Ranges a local name like nas.local or db.internal may mean: the local network's. */
const LOCAL_NETWORK = new Set(["private", "linkLocal", "uniqueLocal", "carrierGradeNat"]);

export function netFence(hosts: readonly string[], policy: AddressPolicy): NetFence {
  const names = hosts.map((grant) => grant.split(/:(?=\d+$)/)[0]!.replace(/^\[|\]$/g, ""));
  const meantNames = names.filter((name) => isIP(name) !== 0 || policy.isLocalHostname(name.replace(/^\*/, "")));
  const ranges = policy.deniedRanges();
  const lifted = (range: { range: string; cidr: string }): boolean => meantNames.some((name) => {
    if (isIP(name) !== 0) return contains(range.cidr, name);
    const local = name.replace(/^\*/, "").toLowerCase();
    return range.range === "loopback" ? local === "localhost" || local.endsWith(".localhost") : !local.endsWith("localhost") && LOCAL_NETWORK.has(range.range);
  });
  return {
    hosts,
    meant: hosts.filter((_grant, i) => meantNames.includes(names[i]!)),
    denied: ranges.map((r) => r.cidr),
    denoDenied: ranges.filter((r) => !lifted(r)).flatMap(({ cidr }) => {
      if (!cidr.includes(":")) return [cidr];
      return cidr.endsWith("/128") ? [`[${cidr.slice(0, -4)}]`] : [];
    }),
  };
}

function contains(cidr: string, address: string): boolean {
  const [network = "", bits = "0"] = cidr.split("/");
  const family = isIP(network) === 6 ? "ipv6" : "ipv4";
  if ((isIP(address) === 6 ? "ipv6" : "ipv4") !== family) return false;
  const list = new BlockList();
  list.addSubnet(network, Number(bits), family);
  return list.check(address, family);
}

/**
 * What --deny-net cannot hold on Deno, checked once when the child starts: a granted name (not
 * meant, not a wildcard) that resolves to a non-public IPv6 address other than ::1 and :: (Deno
 * takes no IPv6 ranges). The problem in one line, or null. A name that does not resolve now (or
 * not within LOOKUP_MS: a start must not wait on a dead resolver) is left to the runtime.
 * Checked at start only: an answer that changes later is not seen.
 */
export async function ipv6Unfenced(fence: NetFence, policy: AddressPolicy, resolve: (hostname: string, signal: AbortSignal) => Promise<string[]>, signal: AbortSignal): Promise<string | null> {
  const names = [...new Set(fence.hosts.filter((grant) => !fence.meant.includes(grant) && !grant.startsWith("*.")).map((grant) => grant.split(/:(?=\d+$)/)[0]!))];
  const within = AbortSignal.any([signal, AbortSignal.timeout(LOOKUP_MS)]);
  const answers = await Promise.all(names.map((name) => resolve(name, within).catch(() => [] as string[])));
  for (const [i, addresses] of answers.entries()) {
    const unfenced = addresses.find((address) => isIP(address) === 6 && !policy.isPublicAddress(address) && !fence.denoDenied.includes(`[${address}]`));
    if (unfenced !== undefined) return `its net grant ${names[i]} resolves to ${unfenced}, which is not a public address (and Deno cannot refuse IPv6 ranges); grant the address itself to allow it`;
  }
  return null;
}
