import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sandboxFixture } from "../../test/support/sandbox.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { EventBus } from "../../core/application/event-bus.ts";
import { HookPipeline } from "../../core/application/hook-pipeline.ts";
import { SILENT_LOGGER } from "../../core/ports/logger.ts";
import type { SandboxedPlugin } from "./sandboxed-plugin.ts";

const GOOD_TOOLS = [
  { name: "SandboxEcho", description: "Echoes", parameters: { type: "object" } },
  { name: "SandboxReadFile", description: "Reads", parameters: { type: "object" } },
  { name: "SandboxWriteNote", description: "Writes", parameters: { type: "object" } },
];

describe.each(["node", "deno"] as const)("a sandboxed plugin on %s", (runtime) => {
  const started: SandboxedPlugin[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });
  const good = (granted = { fs: { read: ["${project}"], write: ["${project}"] } }) => {
    const f = sandboxFixture("sandbox-good", { runtime, granted, tools: GOOD_TOOLS });
    started.push(f.plugin);
    return f;
  };

  it("starts on first use, runs its tools and streams their output", async () => {
    const f = good();
    expect(f.plugin.status().state).toBe("idle");
    const { ctx, lines } = makeToolContext(f.project);
    const echo = f.tool("SandboxEcho");
    expect(await echo.classify({ text: "hi" })).toBe("local_mutation");
    expect(await echo.execute({ text: "hi" }, ctx)).toEqual({ output: "HI (activations: 1)", success: true });
    expect(lines).toEqual([{ line: "echoing 2 characters", isStderr: false }]);
    expect(f.plugin.status()).toMatchObject({ state: "running", crashes: 0, denied: 0 });
  });

  it("reads and writes only what the grant and the call allow, by real path", async () => {
    const f = good();
    const { ctx } = makeToolContext(f.project);
    writeFileSync(join(f.project, "notes.txt"), "inside");
    const read = f.tool("SandboxReadFile");
    expect(await read.execute({ file_path: "notes.txt" }, ctx)).toEqual({ output: "inside", success: true });
    writeFileSync(join(f.dataDir, "keys.json"), "secret");
    symlinkSync(join(f.dataDir, "keys.json"), join(f.project, "link.json"));
    expect((await read.execute({ file_path: "link.json" }, ctx)).output).toBe(`Error: permission denied: fs.read ${f.project}/link.json (inside Ursa's data directory)`);
    expect((await read.execute({ file_path: "/etc/hostname" }, ctx)).output).toBe("Error: permission denied: fs.read /etc/hostname (granted: ${project})");
    const write = f.tool("SandboxWriteNote");
    expect(await write.execute({ file_path: "out.txt", text: "x" }, ctx)).toEqual({ output: "wrote out.txt", success: true });
    expect(readFileSync(join(f.project, "out.txt"), "utf8")).toBe("x");
    expect((await write.execute({ file_path: "a.txt", text: "x", also: "b.txt" }, ctx)).output).toBe(`Error: permission denied: fs.write ${f.project}/b.txt (not among the paths this tool call declared)`);
    expect(existsSync(join(f.project, "b.txt"))).toBe(false);
    expect((await write.execute({ file_path: ".git/config", text: "x" }, ctx)).output).toBe(`Error: permission denied: fs.write ${f.project}/.git/config (inside a .git directory)`);
    expect(f.plugin.status().denied).toBe(4);
  });

  it("its hooks take part in decisions and its listeners hear events once its child runs", async () => {
    const hooks = new HookPipeline();
    const bus = new EventBus();
    let heard: (line: string) => void = () => {};
    const saw = new Promise<string>((resolve) => (heard = resolve));
    const log = { ...SILENT_LOGGER, info: (message: string) => message.includes("saw") && heard(message) };
    const f = sandboxFixture("sandbox-good", { runtime, tools: GOOD_TOOLS, hooks, events$: bus.events$, log });
    started.push(f.plugin);
    await f.tool("SandboxEcho").execute({ text: "start" }, makeToolContext(f.project).ctx);
    expect(await hooks.before({ sessionId: "s", toolName: "Write", input: { file_path: ".env" } })).toEqual({ block: "sandbox-good keeps .env files closed" });
    expect(await hooks.before({ sessionId: "s", toolName: "Write", input: { file_path: "a.txt" } })).toBeNull();
    bus.emit({ sessionId: "s", type: "tool_call_finished", id: "1", name: "Grep", output: "", success: true });
    expect(await saw).toBe("plugin test.sandbox-good: saw Grep finish");
    await f.plugin.stop();
    expect(await hooks.before({ sessionId: "s", toolName: "Write", input: { file_path: ".env" } })).toBeNull();
  });

  it("cannot write at all without a write grant, and its tools are then read-only as they say", async () => {
    const f = good({ fs: { read: ["${project}"], write: [] } });
    const { ctx } = makeToolContext(f.project);
    const write = f.tool("SandboxWriteNote");
    expect(await write.classify({ file_path: "out.txt", text: "x" })).toBe("read_only");
    expect((await write.execute({ file_path: "out.txt", text: "x" }, ctx)).output).toBe(`Error: permission denied: fs.write ${f.project}/out.txt (granted: none)`);
  });
});
