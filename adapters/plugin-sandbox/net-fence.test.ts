import { describe, expect, it } from "vitest";
import * as addressPolicy from "../../plugins/web-fetch/address-policy.ts";
import { netFence } from "./net-fence.ts";
import { chooseRuntime, launchArgs } from "./runtime.ts";

describe("the network fence of a sandboxed child", () => {
  it("denies every refused range to a granted name; Deno gets the IPv4 ranges and the single IPv6 addresses it can take", () => {
    const fence = netFence(["api.example.com", "*.example.org:443"], addressPolicy);
    expect(fence.meant).toEqual([]);
    expect(fence.denied).toEqual(expect.arrayContaining(["127.0.0.0/8", "10.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128"]));
    expect(fence.denoDenied).toEqual(expect.arrayContaining(["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "0.0.0.0/8", "[::1]", "[::]"]));
    expect(fence.denoDenied.filter((entry) => entry.includes(":") && !entry.startsWith("["))).toEqual([]);
  });

  it("lifts only what a meant grant needs: its address's range, loopback for localhost, the local network for a .local name", () => {
    const address = netFence(["api.example.com", "10.0.0.5"], addressPolicy);
    expect(address.meant).toEqual(["10.0.0.5"]);
    expect(address.denoDenied).not.toContain("10.0.0.0/8");
    expect(address.denoDenied).toEqual(expect.arrayContaining(["127.0.0.0/8", "192.168.0.0/16"]));
    const localhost = netFence(["localhost:3000"], addressPolicy);
    expect(localhost.meant).toEqual(["localhost:3000"]);
    expect(localhost.denoDenied).not.toContain("127.0.0.0/8");
    expect(localhost.denoDenied).not.toContain("[::1]");
    expect(localhost.denoDenied).toContain("10.0.0.0/8");
    const nas = netFence(["nas.local", "*.internal"], addressPolicy);
    expect(nas.meant).toEqual(["nas.local", "*.internal"]);
    expect(nas.denoDenied).not.toContain("192.168.0.0/16");
    expect(nas.denoDenied).toContain("127.0.0.0/8");
  });

  it("reaches Deno's command line only with a network grant", () => {
    const runtime = { ...chooseRuntime({ URSA_PLUGIN_RUNTIME: "deno", PATH: process.env["PATH"] }), kind: "deno" as const };
    const base = { runtime, readable: ["/p"], script: "/r.mjs", args: [], envVars: [], heapMb: 128, netDenied: ["127.0.0.0/8"] };
    expect(launchArgs({ ...base, netHosts: ["api.example.com"] })).toContain("--deny-net=127.0.0.0/8");
    expect(launchArgs({ ...base, netHosts: [] }).some((arg) => arg.startsWith("--deny-net"))).toBe(false);
  });
});
