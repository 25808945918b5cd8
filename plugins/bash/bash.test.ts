import { readFile, realpath } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PluginContext, ProcessOptions, ProcessResult, ToolDefinition } from "#plugin-api";
import { NodeProcessRunner } from "../../adapters/node-process-runner/mod.ts";
import { gone } from "../../test/support/process-liveness.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { testShellReader } from "../../test/support/shell-reader.ts";
import { bashPlugin, bashTool, type ShellGrammarFiles } from "./mod.ts";
import { locateShellGrammar } from "../../adapters/main/shell-grammar-files.ts";

const plugin = bashPlugin(locateShellGrammar);

describe("Bash", () => {
  const bash = bashTool(new NodeProcessRunner(), testShellReader());
  let dir: { path: string; remove: () => Promise<void> };
  let root: string;

  beforeEach(async () => {
    dir = await makeTempDir("ursa-bash");
    root = await realpath(dir.path);
  });
  afterEach(() => dir.remove());

  it("runs the command in the project root and shows short output whole", async () => {
    const { ctx, lines } = makeToolContext(root);
    const result = await bash.execute({ command: "pwd; echo hello" }, ctx);
    expect(result).toEqual({
      output: `Exit code: 0 | stdout: 2 lines | stderr: 0 lines\nstdout:\n${root}\nhello`,
      success: true,
      fullOutput: `stdout:\n${root}\nhello\n`,
    });
    expect(lines).toEqual([
      { line: root, isStderr: false },
      { line: "hello", isStderr: false },
    ]);
  });

  it("reports a non-zero exit with both streams, without throwing", async () => {
    const { ctx } = makeToolContext(root);
    const result = await bash.execute({ command: "echo out; echo oops >&2; exit 3" }, ctx);
    expect(result).toEqual({
      output: "Exit code: 3 | stdout: 1 line | stderr: 1 line\nstdout:\nout\nstderr:\noops",
      success: false,
      fullOutput: "stdout:\nout\n\nstderr:\noops\n",
    });
  });

  it("says so when there is no output", async () => {
    const { ctx, lines } = makeToolContext(root);
    const result = await bash.execute({ command: "true" }, ctx);
    expect(result).toEqual({ output: "Exit code: 0 | stdout: 0 lines | stderr: 0 lines", success: true, fullOutput: undefined });
    expect(lines).toEqual([]);
  });

  it("streams each line as it is printed, in order, marking stderr", async () => {
    const { ctx, lines } = makeToolContext(root);
    await bash.execute({ command: "for i in 1 2 3; do echo out$i; done; echo err1 >&2; echo err2 >&2" }, ctx);
    expect(lines.filter((l) => !l.isStderr).map((l) => l.line)).toEqual(["out1", "out2", "out3"]);
    expect(lines.filter((l) => l.isStderr).map((l) => l.line)).toEqual(["err1", "err2"]);
  });

  it("streams at most caps.shellOutputLines lines and says how many it left out", async () => {
    const base = makeToolContext(root).ctx;
    const { ctx, lines } = makeToolContext(root, { caps: { ...base.caps, shellOutputLines: 5 } });
    await bash.execute({ command: "seq 1 12" }, ctx);
    expect(lines.map((l) => l.line)).toEqual(["1", "2", "3", "4", "5", "[7 more lines not shown]"]);
  });

  it("summarises long output (stderr head, stdout tail) and keeps all of it in fullOutput", async () => {
    const { ctx } = makeToolContext(root);
    const result = await bash.execute({ command: "seq 1 100 | sed 's/^/warning /' >&2; seq 1 5000" }, ctx);
    const stderrHead = Array.from({ length: 50 }, (_, i) => `warning ${i + 1}`).join("\n");
    const stdoutTail = Array.from({ length: 20 }, (_, i) => String(4981 + i)).join("\n");
    expect(result.output).toBe(
      "Exit code: 0 | stdout: 5000 lines | stderr: 100 lines\n" +
        `stderr (first 50 of 100 lines):\n${stderrHead}\n` +
        `stdout (last 20 of 5000 lines):\n${stdoutTail}\n` +
        "[The full output is kept: RecallContext can search it.]",
    );
    expect(result.success).toBe(true);
    expect(result.fullOutput).toContain("\n3999\n4000\n4001\n");
    expect(result.fullOutput).toContain("\nstderr:\nwarning 1\n");
    expect(result.fullOutput!.startsWith("stdout:\n1\n2\n")).toBe(true);
  });

  it("cuts long lines and keeps the model's output within caps.toolResultChars", async () => {
    const base = makeToolContext(root).ctx;
    const { ctx, lines } = makeToolContext(root, { caps: { ...base.caps, toolResultChars: 400 } });
    const result = await bash.execute({ command: "for i in $(seq 1 30); do printf 'line %s %0900d\\n' $i 0; done" }, ctx);
    expect(lines[0]!.line).toMatch(/^line 1 0+… \[407 more characters\]$/);
    expect(result.output.length).toBeLessThanOrEqual(400 + 60);
    expect(result.output.startsWith("Exit code: 0 | stdout: 30 lines | stderr: 0 lines\n")).toBe(true);
    expect(result.output).toMatch(/characters cut/);
    expect(result.fullOutput).toContain(`line 30 ${"0".repeat(900)}`);
  });

  it("kills a command that runs past its timeout, with what it started, and says so", async () => {
    const { ctx } = makeToolContext(root);
    const started = Date.now();
    const result = await bash.execute({ command: "sleep 30 & echo $!; wait", timeout: 1 }, ctx);
    expect(Date.now() - started).toBeLessThan(15_000);
    const child = Number(/\n(\d+)\n/.exec(result.fullOutput ?? "")?.[1]);
    expect(result.success).toBe(false);
    expect(result.output).toBe(
      `Command timed out after 1s: sleep 30 & echo $!; wait\nExit code: none (killed by SIGTERM after 1s) | stdout: 1 line | stderr: 0 lines\nstdout:\n${child}`,
    );
    expect(await gone(child)).toBe(true);
  });

  it("reports a command that exits 0 when stopped at its timeout as killed, never as exit code 0", async () => {
    const { ctx } = makeToolContext(root);
    const result = await bash.execute({ command: "trap 'echo stopping; exit 0' TERM; sleep 30 & wait", timeout: 1 }, ctx);
    expect(result.success).toBe(false);
    expect(result.output).toBe(
      "Command timed out after 1s: trap 'echo stopping; exit 0' TERM; sleep 30 & wait\nExit code: none (killed after 1s) | stdout: 1 line | stderr: 0 lines\nstdout:\nstopping",
    );
  });

  it("rethrows an interrupt after killing the process group", async () => {
    const controller = new AbortController();
    const pids: number[] = [];
    const { ctx } = makeToolContext(root, {
      signal: controller.signal,
      emitOutputLine: (line) => {
        pids.push(Number(line));
        controller.abort(new DOMException("The turn was interrupted", "AbortError"));
      },
    });
    const started = Date.now();
    await expect(bash.execute({ command: "sleep 30 & echo $!; wait" }, ctx)).rejects.toThrow("The turn was interrupted");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await gone(pids[0]!)).toBe(true);
  });

  it("classifies with the command classifier and declares the paths it writes or moves to", async () => {
    expect(await bash.classify({ command: "git status" })).toBe("read_only");
    expect(await bash.classify({ command: "npm test > out.txt" })).toBe("local_mutation");
    expect(await bash.classify({ command: "ls | xargs rm" })).toBe("destructive");
    expect(await bash.paths!({ command: "cd ../other && make > build.log" })).toEqual(["../other", "../other/build.log"]);
    expect(await bash.reach!({ command: "echo > \"$(dirname \"$PWD\")/x\"" })).toMatchObject({ unknownPlaces: true });
    expect(await bash.reach!({ command: "cat ~/.local/share/ursa/keys.json" })).toEqual({ named: ["~/.local/share/ursa/keys.json"], unknownPlaces: false });
    expect(bash.changesUndeclaredFiles).toBe(true);
  });

  it("declares no paths for a destructive command, so owned files cannot make it auto-approved", async () => {
    expect(await bash.paths!({ command: "rm -rf src > owned.log" })).toEqual([]);
  });
});

describe("the Bash plugin", () => {
  it("registers Bash running through the process runner it was given, with the default timeout", async () => {
    const tools: ToolDefinition<{ command: string; timeout?: number }>[] = [];
    const calls: { command: string; options: ProcessOptions }[] = [];
    const result: ProcessResult = { exitCode: 0, signal: null, stdout: "ok\n", stderr: "", timedOut: false, truncated: false, durationMs: 1 };
    const host = {
      apiVersion: 1,
      host: { dataDir: "/data", projectRoot: "/project" },
      registerTool: (tool: ToolDefinition<{ command: string }>) => {
        tools.push(tool);
        return () => {};
      },
      process: {
        run: async (command: string, options: ProcessOptions) => {
          calls.push({ command, options });
          options.onLine?.("ok", "stdout");
          return result;
        },
      },
    } as unknown as PluginContext;
    await plugin.activate(host);
    expect(plugin.id).toBe("ursa.bash");
    expect(tools.map((t) => t.name)).toEqual(["Bash"]);
    const { ctx } = makeToolContext("/project");
    const out = await tools[0]!.execute({ command: "echo ok" }, ctx);
    expect(out.output).toBe("Exit code: 0 | stdout: 1 line | stderr: 0 lines\nstdout:\nok");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.command).toBe("echo ok");
    expect(calls[0]!.options).toMatchObject({ cwd: "/project", timeoutMs: 60_000, signal: ctx.signal, maxOutputBytes: 2 * 1024 * 1024 });
    await tools[0]!.execute({ command: "echo ok", timeout: 9_999 }, ctx);
    expect(calls[1]!.options.timeoutMs).toBe(300_000);
  });
});

describe("the bash grammar", () => {
  const host = (grammar: () => ShellGrammarFiles) => {
    const tools: ToolDefinition<{ command: string }>[] = [];
    const ctx = {
      apiVersion: 1,
      host: { dataDir: "/data", projectRoot: "/project" },
      fs: { readBytes: (path: string, signal: AbortSignal) => readFile(path, { signal }).then((b) => new Uint8Array(b)) },
      process: { run: async () => ({}) },
      registerTool: (tool: ToolDefinition<{ command: string }>) => {
        tools.push(tool);
        return () => {};
      },
    } as unknown as PluginContext;
    return { ctx, tools, plugin: bashPlugin(grammar) };
  };

  it("is located and loaded on the first Bash call, not when the plugin starts", async () => {
    let located = 0;
    const { ctx, tools, plugin: p } = host(() => {
      located++;
      return locateShellGrammar();
    });
    await p.activate(ctx);
    expect(located).toBe(0);
    expect(await tools[0]!.classify({ command: "ls -la" })).toBe("read_only");
    expect(await tools[0]!.classify({ command: "rm x" })).toBe("destructive");
    expect(located).toBe(1);
  });

  it("missing, it fails the call with one line saying what to do, and is tried again next time", async () => {
    let files: ShellGrammarFiles = { runtime: "/nonexistent/web-tree-sitter.wasm", bash: "/nonexistent/tree-sitter-bash.wasm" };
    const { ctx, tools, plugin: p } = host(() => files);
    await p.activate(ctx);
    await expect(tools[0]!.classify({ command: "ls" })).rejects.toThrow(/^the bash grammar could not be loaded \(.*\); reinstall Ursa$/);
    files = locateShellGrammar();
    expect(await tools[0]!.classify({ command: "ls" })).toBe("read_only");
  });
});

