import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { UNKNOWN_OUTCOME_RESULT } from "../../core/application/context-assembly.ts";
import { startAnthropicWireServer, type AnthropicWireServer } from "../wire/anthropic-wire-server.ts";
import { runUrsa, tempDir } from "../support/cli.ts";
import { gone } from "../support/process-liveness.ts";

let server: AnthropicWireServer;
beforeAll(async () => {
  server = await startAnthropicWireServer();
});
afterAll(async () => server.close());

const env = (home: string) => ({ URSA_HOME: home, HOME: home, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: server.url });

/** Runs one headless turn and kills Ursa with SIGKILL at the first stream-json event `when` picks. */
async function killWhen(project: string, home: string, when: (event: { type: string; [key: string]: unknown }) => boolean) {
  let killed = false;
  let seen = 0;
  const run = await runUrsa(["-p", "do it", "--mode", "auto", "--output-format", "stream-json"], {
    cwd: project,
    env: env(home),
    timeoutMs: 90_000,
    onOutput: (child, out) => {
      if (killed) return;
      // Complete lines only; each is looked at once.
      const end = out.stdout.lastIndexOf("\n");
      const lines = out.stdout.slice(seen, end + 1).split("\n").filter((line) => line.startsWith("{"));
      seen = Math.max(seen, end + 1);
      if (lines.some((line) => when(JSON.parse(line)))) {
        killed = true;
        child.kill("SIGKILL");
      }
    },
  });
  return { run, killed };
}

/** Resumes the project's session and returns the banner and the request the model got. */
async function resume(project: string, home: string) {
  const before = server.requests.length;
  server.enqueue({ type: "message", blocks: [{ type: "text", text: "Picking up." }] });
  const resumed = await runUrsa(["--continue", "-p", "continue"], { cwd: project, env: env(home), timeoutMs: 90_000 });
  return { resumed, request: JSON.stringify(server.requests[before]?.body ?? null) };
}

// Each test runs the real CLI six times (kill, then resume): on a busy 2-core machine that is far
// more than the default 30 s, and a test cut short leaves scripted replies for the next one.
describe("kill -9 at chosen moments", { timeout: 240_000 }, () => {
  it("while a Bash command runs: its children die with Ursa, and resuming names the call whose outcome is unknown", async () => {
    const figures = { kills: 0, banners: 0, childrenLeft: 0 };
    // Killed as the call starts (before or just after bash is spawned), then while it runs.
    const moments = [
      (e: { type: string; [key: string]: unknown }) => e.type === "tool_call_started",
      (e: { type: string; [key: string]: unknown }) => e.type === "tool_output_line" && e["line"] === "ready",
      (e: { type: string; [key: string]: unknown }) => e.type === "tool_output_line" && e["line"] === "ready",
      (e: { type: string; [key: string]: unknown }) => e.type === "tool_output_line" && e["line"] === "ready",
    ];
    for (const moment of moments) {
      const home = tempDir("ursa-home-");
      const project = tempDir("ursa-project-");
      server.enqueue(
        { type: "message", blocks: [{ type: "tool_use", id: "b1", name: "Bash", input: { command: "sleep 30 & echo $! > sleep.pid; echo $$ > bash.pid; echo ready; wait; touch side-effect.txt" } }] },
      );
      const { killed } = await killWhen(project, home, moment);
      expect(killed).toBe(true);
      figures.kills++;
      for (const file of ["sleep.pid", "bash.pid"]) {
        // Killed before bash started, there is no child to look for.
        const pid = existsSync(join(project, file)) ? Number(readFileSync(join(project, file), "utf8")) : NaN;
        if (Number.isInteger(pid) && pid > 0 && !(await gone(pid))) figures.childrenLeft++;
      }
      const { resumed, request } = await resume(project, home);
      expect(resumed.code).toBe(0);
      if (resumed.stderr.includes('↻ Last turn was interrupted — it stopped while Bash "sleep 30 &')) figures.banners++;
      // The model is told the call's outcome is unknown, in place of the result that never came.
      expect(request.includes(UNKNOWN_OUTCOME_RESULT.slice(0, 40))).toBe(true);
    }
    expect(figures).toEqual({ kills: 4, banners: 4, childrenLeft: 0 });
  });

  it("around a Write that replaces a file: every change on disk is recorded for undo, and no temporary file stays", async () => {
    const big = `${"old line\n".repeat(5_000)}`;
    const replacement = `${"new line\n".repeat(5_000)}`;
    const moments: readonly ((e: { type: string; [key: string]: unknown }) => boolean)[] = [
      (e) => e.type === "tool_call_started",
      (e) => e.type === "tool_call_started",
      (e) => e.type === "file_changed",
    ];
    for (const moment of moments) {
      const home = tempDir("ursa-home-");
      const project = tempDir("ursa-project-");
      writeFileSync(join(project, "big.txt"), big);
      server.enqueue({ type: "message", blocks: [{ type: "tool_use", id: "w1", name: "Write", input: { file_path: "big.txt", content: replacement, overwrite: true } }] });
      const { killed } = await killWhen(project, home, moment);
      expect(killed).toBe(true);
      const { resumed } = await resume(project, home);
      expect(resumed.code).toBe(0);
      expect(readdirSync(project).filter((name) => name.endsWith(".tmp"))).toEqual([]);
      const onDisk = readFileSync(join(project, "big.txt"), "utf8");
      expect([big, replacement]).toContain(onDisk);
      const store = await openLibsqlStore({ url: `file:${join(home, "ursa.db")}`, deviceId: "check" });
      try {
        const [session] = await store.sessions.listSessions({ limit: 1 });
        const changes = await store.fileChanges.listFileChanges(session!.id);
        // Replaced on disk ⇔ a recorded change that undo can put back.
        expect(changes.map((c) => [c.kind, c.tool, c.undoable])).toEqual(onDisk === replacement ? [["modified", "Write", true]] : []);
      } finally {
        await store.close();
      }
    }
  });
});
