import { afterEach, describe, expect, it } from "vitest";
import { sandboxFixture } from "../../test/support/sandbox.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import type { SandboxedPlugin } from "./sandboxed-plugin.ts";

const tools = (...names: string[]) => names.map((name) => ({ name, description: name, parameters: { type: "object" } }));

// Whatever a plugin does to itself, the host reports it in one line and carries on; after
// three failures the plugin is disabled.
describe.each(["node", "deno"] as const)("a failing plugin on %s", (runtime) => {
  const started: SandboxedPlugin[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });
  const fixture = (name: string, toolNames: string[], limits = {}) => {
    const f = sandboxFixture(name, { runtime, tools: tools(...toolNames), limits });
    started.push(f.plugin);
    return { ...f, ctx: makeToolContext(f.project).ctx };
  };

  it("a throw, synchronous or a rejection, is the call's error; the plugin keeps running", async () => {
    const f = fixture("sandbox-throws", ["ThrowSync", "ThrowReject", "ThrowLater", "Fine"]);
    expect(await f.tool("ThrowSync").execute({}, f.ctx)).toEqual({ output: "Error: kaboom (sync)", success: false });
    expect(await f.tool("ThrowReject").execute({}, f.ctx)).toEqual({ output: "Error: kaboom (rejected)", success: false });
    expect(f.plugin.status()).toMatchObject({ state: "running", crashes: 0 });
    expect(f.reports).toEqual([]);
  });

  it("an uncaught throw kills the child: reported, restarted on next use, disabled after three", async () => {
    const f = fixture("sandbox-throws", ["ThrowLater", "Fine"]);
    const later = await f.tool("ThrowLater").execute({}, f.ctx);
    expect(later.success).toBe(false);
    expect(later.output).toMatch(/^Error: the plugin test\.sandbox-throws exited with code 1: .*kaboom \(uncaught\)/);
    expect(f.reports[0]).toMatch(/^the plugin test\.sandbox-throws exited with code 1: .*kaboom \(uncaught\).*; it will be restarted on its next use$/);
    expect(await f.tool("Fine").execute({}, f.ctx)).toEqual({ output: "still fine", success: true });
    await f.tool("ThrowLater").execute({}, f.ctx);
    await f.tool("ThrowLater").execute({}, f.ctx);
    expect(f.plugin.status()).toMatchObject({ state: "disabled", crashes: 3 });
    expect(f.reports.at(-1)).toMatch(/; disabled after 3 failures \(restart Ursa to try again\)$/);
    expect((await f.tool("Fine").execute({}, f.ctx).catch((e: Error) => ({ output: e.message }))).output).toMatch(/^the plugin test\.sandbox-throws is disabled: /);
  });

  it("process.exit in a tool ends only the child", async () => {
    const f = fixture("sandbox-exits", ["ExitNow", "ExitFine"]);
    expect(await f.tool("ExitNow").execute({}, f.ctx)).toEqual({ output: "Error: the plugin test.sandbox-exits exited with code 3", success: false });
    expect(f.reports).toEqual(["the plugin test.sandbox-exits exited with code 3; it will be restarted on its next use"]);
    expect(await f.tool("ExitFine").execute({}, f.ctx)).toEqual({ output: "alive", success: true });
  });

  it("an activate that never finishes times out, and the child is stopped", async () => {
    const f = fixture("sandbox-hangs", ["NeverReady"], { activateTimeoutMs: 1_500 });
    await expect(f.tool("NeverReady").execute({}, f.ctx)).rejects.toThrow("the plugin test.sandbox-hangs did not finish activating within 1.5 s");
    expect(f.reports).toEqual(["the plugin test.sandbox-hangs did not finish activating within 1.5 s; it will be restarted on its next use"]);
    expect(f.plugin.status().state).toBe("idle");
  });

  it("running out of memory ends the child at its heap cap", async () => {
    const f = fixture("sandbox-oom", ["Hog"], { heapMb: 48 });
    const result = await f.tool("Hog").execute({}, f.ctx);
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/^Error: the plugin test\.sandbox-oom (exited with code \d+|was killed \(SIG\w+\)): out of memory \(heap limit reached\)$/);
  });

  it("a call past its timeout is killed (SIGKILL) and the plugin restarts for the next call", async () => {
    const f = fixture("sandbox-slow", ["Spin", "Quick"], { callTimeoutMs: 1_000 });
    expect(await f.tool("Spin").execute({}, f.ctx)).toEqual({ output: "Error: Spin ran past its 1 s timeout; the plugin test.sandbox-slow was stopped.", success: false });
    expect(f.reports).toEqual(["the plugin test.sandbox-slow ran Spin past its 1 s timeout and was stopped; it will be restarted on its next use"]);
    expect(await f.tool("Quick").execute({}, f.ctx)).toEqual({ output: "quick", success: true });
  });
});
