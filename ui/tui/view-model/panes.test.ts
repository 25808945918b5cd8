import { describe, expect, it } from "vitest";
import type { EngineEvent, EngineEventBody } from "../../../core/domain/engine-event.ts";
import type { FileChange } from "../../../core/domain/file-change.ts";
import type { SessionInfo } from "../../../core/domain/session-info.ts";
import { FilesModel } from "./files.ts";
import { SessionListModel } from "./session-list.ts";
import { StatusModel } from "./status.ts";
import { textOf } from "./styled.ts";
import { TodosModel } from "./todos.ts";

const ev = (sessionId: string, body: EngineEventBody): EngineEvent => ({ sessionId, ...body }) as EngineEvent;
const info = (id: string, title: string): SessionInfo => ({ id, agentName: "main", projectKey: "k", projectRoot: "/p", title, mode: "safe", createdAt: 0, updatedAt: 0, messageCount: 4, totalTokens: 12_345, costUsd: null, parentId: null });

describe("SessionListModel", () => {
  it("nests sub-agents' sessions under the session that started them", () => {
    const list = new SessionListModel();
    const child = { ...info("c", "child task"), parentId: "p", createdAt: 5 };
    list.setSessions([child, info("q", "other"), info("p", "parent")]);
    expect(list.sessions.map((s) => s.id)).toEqual(["q", "p", "c"]);
    const text = list.rows(60, 20, 0, false).map(textOf).join("\n");
    expect(text).toContain("○ ↳ child task");
  });

  it("derives each session's live status from its events", () => {
    const list = new SessionListModel();
    list.setSessions([info("a", "first"), info("b", "second")]);
    list.apply(ev("a", { type: "turn_started", turnId: "t" }));
    list.apply(ev("b", { type: "turn_started", turnId: "u" }));
    list.setWaiting("b", true); // the dashboard's Interaction queued a question for b
    expect([list.status("a"), list.status("b"), list.running]).toEqual(["running", "waiting", 2]);
    list.setWaiting("b", false);
    expect(list.status("b")).toBe("running");
    list.apply(ev("a", { type: "turn_ended", turnId: "t", reason: { kind: "cancelled" } }));
    list.apply(ev("b", { type: "turn_ended", turnId: "u", reason: { kind: "error", message: "x" } }));
    expect([list.status("a"), list.status("b"), list.running]).toEqual(["interrupted", "failed", 0]);
  });

  it("says why a run failed, apart from an interruption, live and after a restart (issue 12)", () => {
    const list = new SessionListModel();
    list.setSessions([info("a", "auth"), info("b", "limited"), info("c", "killed"), info("d", "earlier")]);
    for (const id of ["a", "b", "c"]) list.apply(ev(id, { type: "turn_started", turnId: id }));
    list.apply(ev("a", { type: "turn_failed", reason: "401 unauthorized" }));
    list.apply(ev("a", { type: "turn_ended", turnId: "a", reason: { kind: "error", message: "Anthropic rejected the API key (401)." } }));
    // A turn limit ends the turn "complete": turn_failed tells it apart.
    list.apply(ev("b", { type: "turn_failed", reason: "turn limit: 3 model calls" }));
    list.apply(ev("b", { type: "turn_ended", turnId: "b", reason: { kind: "complete" } }));
    list.apply(ev("c", { type: "turn_ended", turnId: "c", reason: { kind: "cancelled" } }));
    list.setLeftOver("d", { kind: "failed", reason: "429 rate limited" });
    const text = list.rows(80, 20, 0, false).map(textOf).join("\n");
    expect(text).toMatch(/✗ auth *\n.*failed: 401 unauthorized ·/);
    expect(text).toMatch(/✗ limited *\n.*failed: turn limit: 3 model calls ·/);
    expect(text).toMatch(/↻ killed *\n.*interrupted ·/);
    expect(text).toMatch(/✗ earlier *\n.*failed: 429 rate limited ·/);
    // The next turn that goes well clears it.
    list.apply(ev("a", { type: "turn_started", turnId: "a2" }));
    list.apply(ev("a", { type: "turn_ended", turnId: "a2", reason: { kind: "complete" } }));
    expect(list.rows(80, 20, 0, false).map(textOf).join("\n")).toMatch(/○ auth *\n.*idle ·/);
  });

  it("says a turn stopped at the loop cap, live and after a restart, not interrupted", () => {
    const list = new SessionListModel();
    list.setSessions([info("a", "looped"), info("b", "looped before")]);
    list.apply(ev("a", { type: "turn_started", turnId: "a" }));
    list.apply(ev("a", { type: "turn_stopped", reason: "loop cap" }));
    list.apply(ev("a", { type: "turn_ended", turnId: "a", reason: { kind: "complete" } }));
    list.setLeftOver("b", { kind: "stopped", reason: "loop cap" });
    const text = list.rows(80, 20, 0, false).map(textOf).join("\n");
    expect(text).toMatch(/■ looped *\n.*stopped: loop cap ·/);
    expect(text).toMatch(/■ looped before *\n.*stopped: loop cap ·/);
    list.apply(ev("a", { type: "turn_started", turnId: "a2" }));
    list.apply(ev("a", { type: "turn_ended", turnId: "a2", reason: { kind: "complete" } }));
    expect(list.rows(80, 20, 0, false).map(textOf).join("\n")).toMatch(/○ looped *\n.*idle ·/);
  });

  it("shows title, status, message count and tokens; keeps the selection across refreshes", () => {
    const list = new SessionListModel();
    list.setSessions([info("a", "first"), info("b", "second")]);
    list.move(1);
    list.currentId = "b";
    list.setSessions([info("c", "new one"), info("a", "first"), info("b", "second")]);
    expect(list.selected()!.id).toBe("b");
    const text = list.rows(40, 20, 0, true).map(textOf).join("\n");
    expect(text).toContain("○ ▶ second");
    expect(text).toContain("idle · 4 msgs · 12k tok");
    expect([list.idAtRow(0), list.idAtRow(1), list.idAtRow(2), list.idAtRow(3)]).toEqual([null, "c", "c", "a"]);
  });
});

describe("TodosModel", () => {
  it("shows glyphs, counts and cycles a status", () => {
    const todos = new TodosModel();
    todos.set([
      { content: "write tests", status: "completed", priority: "medium" },
      { content: "fix bug", status: "in_progress", priority: "high" },
      { content: "docs", status: "pending", priority: "low" },
    ]);
    const rows = todos.rows(40, 10, false);
    expect(rows.map(textOf)).toEqual(["1/3 done · 1 in progress  a add · x tic…", "☑ write tests", "◐ ! fix bug", "☐ docs"]);
    expect(rows[2]![0]!.style).toBe("accent");
    expect(todos.nextStatus(todos.items[2]!)).toBe("in_progress");
  });
});

describe("FilesModel", () => {
  it("groups changes by turn with +/- counts, paths relative to the project", () => {
    const change = (path: string, kind: FileChange["kind"], turnId: string, added: number, removed: number): FileChange => ({ path, kind, added, removed, turnId, tool: "Write", at: 0, undoable: true });
    const files = new FilesModel("/p");
    files.set([change("/p/a.ts", "created", "t1", 10, 0), change("/p/b.ts", "modified", "t2", 3, 2)]);
    files.add(change("/p/c.ts", "deleted", "t2", 0, 7));
    const text = files.rows(60, 20).map(textOf);
    expect(text[0]).toBe("3 files +13 -9  ↑↓ Enter diff · u undo turn");
    expect(text.slice(1)).toEqual([expect.stringMatching(/^turn 1 · /), "  A a.ts +10 -0", expect.stringMatching(/^turn 2 · /), "  M b.ts +3 -2", "  D c.ts +0 -7"]);
  });

  it("moves a selection over the changes in display order, shown when focused", () => {
    const change = (path: string, turnId: string): FileChange => ({ path, kind: "modified", added: 1, removed: 1, turnId, tool: "Edit", at: 0, undoable: true });
    const files = new FilesModel("/p");
    files.set([change("/p/a.ts", "t1"), change("/p/b.ts", "t2"), change("/p/c.ts", "t1")]);
    expect(files.ordered().map((c) => c.path)).toEqual(["/p/a.ts", "/p/c.ts", "/p/b.ts"]);
    files.move(1);
    files.move(1);
    expect(files.current()?.path).toBe("/p/c.ts");
    expect(files.rows(60, 20, true).map(textOf)).toContain("› M c.ts +1 -1");
    expect(files.rows(60, 20, false).map(textOf)).toContain("  M c.ts +1 -1");
    files.move(10);
    expect(files.current()?.path).toBe("/p/b.ts");
  });
});

describe("StatusModel", () => {
  it("shows provider, model, mode, context, tokens, cost, MCP and sync", () => {
    const status = new StatusModel({ provider: "anthropic", model: "claude-x", mode: "safe" });
    status.apply(ev("s", { type: "context_usage", used: 50_000, max: 200_000 }));
    status.setUsage({ promptTokens: 1200, completionTokens: 300, cacheReadTokens: 40, cacheCreationTokens: 10, thinkingTokens: 0, apiCalls: 2, costUsd: 0.0123, unpricedCalls: 0 });
    expect(textOf(status.row(200, null))).toContain("anthropic claude-x │ safe │ ctx 25% │ tok 1.2k in / 300 out / 50 cache │ cost $0.0123 │ MCP off │ sync off");
    status.apply(ev("s", { type: "status_changed", provider: "anthropic", model: "claude-y", mode: "auto", contextPct: 0.3 }));
    status.setUsage({ promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 1, costUsd: 0, unpricedCalls: 1 });
    expect(textOf(status.row(200, "Press Ctrl+C again to quit"))).toMatch(/claude-y │ auto │ ctx 30% .* cost – .*Press Ctrl\+C again to quit/);
  });

  it("names no model, and leaves no gap for one, while a local server's model is not known yet", () => {
    const status = new StatusModel({ provider: "vllm", model: "", mode: "safe" });
    expect(textOf(status.row(200, null))).toMatch(/^ vllm │ safe │ ctx – /);
    expect(textOf(status.row(60, null))).toMatch(/^safe · – · 0↑/);
  });
});

describe("StatusModel on a narrow terminal", () => {
  it("counts MCP servers, warning when one failed", () => {
    const status = new StatusModel({ provider: "anthropic", model: "m", mode: "safe" });
    expect(textOf(status.row(200, null, { connected: 2, total: 3, failed: 1 }))).toContain("│ MCP 2/3 │ sync off");
    expect(textOf(status.row(200, null, { connected: 0, total: 0, failed: 0 }))).toContain("│ MCP off │");
  });

  it("keeps mode, context, tokens, cost, MCP and sync within 80 columns", () => {
    const status = new StatusModel({ provider: "anthropic", model: "claude-sonnet-4-6", mode: "auto" });
    status.contextPct = 12;
    status.setUsage({ promptTokens: 8100, completionTokens: 900, cacheReadTokens: 6000, cacheCreationTokens: 0, thinkingTokens: 0, apiCalls: 3, costUsd: 0.0312, unpricedCalls: 0 });
    expect(textOf(status.row(80, null))).toMatch(/^claude-sonnet-4-6 · auto · 12% · 8\.1k↑ 900↓ 6\.0kc · \$0\.0312 · MCP off · sync off$/);
    expect(textOf(status.row(80, "Press Ctrl+C again to quit"))).toMatch(/^Press Ctrl\+C again to quit │ claude-sonnet-4-6 · auto/);
  });
});
