import { readFileSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gone, running } from "../../test/support/process-liveness.ts";
import { makeTempDir } from "../../test/support/temp-dir.ts";
import { NodeProcessRunner } from "./node-process-runner.ts";

describe("NodeProcessRunner", () => {
  const runner = new NodeProcessRunner();
  let dir: { path: string; remove: () => Promise<void> };
  let cwd: string;
  const never = new AbortController().signal;
  const run = (command: string, extra: Partial<Parameters<NodeProcessRunner["run"]>[1]> = {}) =>
    runner.run(command, { cwd, timeoutMs: 20_000, signal: never, ...extra });

  beforeEach(async () => {
    dir = await makeTempDir("ursa-runner");
    cwd = await realpath(dir.path);
  });
  afterEach(() => dir.remove());

  it("runs a command in the given directory with extra environment", async () => {
    const result = await run('pwd; echo "$GREETING"', { env: { GREETING: "hello" } });
    expect(result).toMatchObject({ exitCode: 0, signal: null, stdout: `${cwd}\nhello\n`, stderr: "", timedOut: false, truncated: false });
  });

  it("reports the exit code and standard error", async () => {
    const result = await run("echo out; echo oops >&2; exit 3");
    expect(result).toMatchObject({ exitCode: 3, stdout: "out\n", stderr: "oops\n", timedOut: false });
  });

  it("hands over each line in order, the last one without a newline too, carriage returns removed", async () => {
    const lines: [string, string][] = [];
    await run("printf 'a\\r\\nb\\nc'; printf 'e1\\ne2' >&2", { onLine: (line, stream) => lines.push([line, stream]) });
    expect(lines.filter(([, s]) => s === "stdout")).toEqual([["a", "stdout"], ["b", "stdout"], ["c", "stdout"]]);
    expect(lines.filter(([, s]) => s === "stderr")).toEqual([["e1", "stderr"], ["e2", "stderr"]]);
  });

  it("closes standard input, so a command reading it gets end-of-file", async () => {
    const result = await run("cat; echo after");
    expect(result).toMatchObject({ exitCode: 0, stdout: "after\n" });
  });

  it("keeps maxOutputBytes of each stream, says when more was dropped, and still hands over every line", async () => {
    expect(await run("printf 0123456789", { maxOutputBytes: 10 })).toMatchObject({ stdout: "0123456789", truncated: false });
    expect(await run("printf 0123456789AB", { maxOutputBytes: 10 })).toMatchObject({ stdout: "0123456789", truncated: true });
    let count = 0;
    const result = await run("seq 1 1000", { maxOutputBytes: 100, onLine: () => count++ });
    expect(result.stdout).toHaveLength(100);
    expect(result.truncated).toBe(true);
    expect(count).toBe(1000);
  });

  it("kills the whole process group on timeout, children included", async () => {
    const pids: number[] = [];
    const started = Date.now();
    const result = await run("sleep 30 & echo $!; wait", { timeoutMs: 300, onLine: (line) => pids.push(Number(line)) });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe("SIGTERM");
    expect(pids).toHaveLength(1);
    expect(await gone(pids[0]!)).toBe(true);
  });

  // The timer and the exit can both be due when the event loop next looks (a command that ends
  // right at its deadline): the exit wins, the command finished and no kill is reported.
  it.runIf(process.platform === "linux")("reports a command that exited by its deadline as finished, though the timer fired first", async () => {
    // Started from the loop's check phase and blocking it until bash has exited (a zombie nobody
    // has waited for yet): the loop's next phase is its timers, so the expired timer comes
    // before the exit is read.
    const { running } = await new Promise<{ running: Promise<unknown> }>((resolve) =>
      setImmediate(() => {
        const running = run("echo $$ > pid; echo done", { timeoutMs: 1 });
        const due = Date.now() + 50;
        const until = Date.now() + 10_000;
        while (Date.now() < until && !(Date.now() > due && exitedUnseen(join(cwd, "pid")))) {}
        resolve({ running });
      }),
    );
    expect(await running).toMatchObject({ exitCode: 0, signal: null, stdout: "done\n", timedOut: false });
  });

  it("reports a command that exits 0 when told to stop at the timeout as timed out", async () => {
    const result = await run("trap 'echo stopping; exit 0' TERM; sleep 30 & wait", { timeoutMs: 300 });
    expect(result).toMatchObject({ exitCode: 0, timedOut: true, stdout: "stopping\n" });
  });

  it("kills the process group and rejects with the reason when aborted", async () => {
    const controller = new AbortController();
    const pids: number[] = [];
    const started = Date.now();
    const running = run("sleep 30 & echo $!; wait", {
      signal: controller.signal,
      onLine: (line) => {
        pids.push(Number(line));
        controller.abort(new Error("interrupted"));
      },
    });
    await expect(running).rejects.toThrow("interrupted");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await gone(pids[0]!)).toBe(true);
  });

  it("does not start a command when already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    await expect(run(`touch ${cwd}/created`, { signal: controller.signal })).rejects.toThrow("too late");
    expect((await run(`test -e ${cwd}/created`)).exitCode).toBe(1);
  });

  // The background process writes its pid once it runs, so the command cannot exit before it starts.
  const startInBackground = (prefix: string) =>
    `${prefix} sh -c 'echo $$ > pid; exec sleep 30' & while [ ! -s pid ]; do sleep 0.02; done; cat pid`;

  it("stops what the command left running in the background when it exits", async () => {
    const started = Date.now();
    const result = await run(startInBackground(""));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(await gone(Number(result.stdout.trim()))).toBe(true);
  });

  it("stops waiting for output pipes held by a process that left the group", async () => {
    const started = Date.now();
    const result = await run(startInBackground("setsid"));
    const escaped = Number(result.stdout.trim());
    try {
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result).toMatchObject({ exitCode: 0, timedOut: false });
      expect(running(escaped)).toBe(true);
    } finally {
      process.kill(escaped, "SIGKILL");
    }
  });

  it("rejects when the command cannot be started", async () => {
    await expect(run("echo hi", { cwd: `${cwd}/missing` })).rejects.toThrow(/ENOENT/);
  });
});

/** True once the process whose pid the file holds has exited and is waiting to be reaped. */
function exitedUnseen(pidFile: string): boolean {
  try {
    const pid = readFileSync(pidFile, "utf8").trim();
    if (pid === "") return false;
    // /proc/<pid>/stat: "pid (name) state …"; Z is a zombie.
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
