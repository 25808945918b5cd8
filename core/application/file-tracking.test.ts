import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Tool } from "../ports/tool.ts";
import { STOPPED_RESULT } from "./tool-dispatch.ts";
import { createHarness, nextEvent, type Harness } from "../../test/support/engine-harness.ts";
import { textReply, toolReply } from "../../test/fakes/scripted-provider.ts";

let h: Harness;
afterEach(async () => h?.cleanup());

/** A shell-like tool: changes files it cannot name in advance. */
const shell = (run: (dir: string) => void): Tool => ({
  name: "Shell",
  description: "test",
  parameters: { type: "object" },
  classify: () => "local_mutation",
  changesUndeclaredFiles: true,
  async execute(_input, ctx) {
    run(ctx.projectRoot);
    return { output: "done", success: true };
  },
});

/** A delete tool with the real tool's shape (destructive, declares its path). */
const remove: Tool<{ file_path: string }> = {
  name: "Remove",
  description: "test",
  parameters: { type: "object", properties: { file_path: { type: "string" } }, required: ["file_path"] },
  classify: () => "destructive",
  paths: (input) => [input.file_path],
  async execute(input, ctx) {
    rmSync(join(ctx.projectRoot, input.file_path));
    return { output: "removed", success: true };
  },
};

describe("file tracking", () => {
  it("records created and modified files per turn with line counts, and announces them", async () => {
    h = await createHarness({
      replies: [
        toolReply([{ name: "Write", input: { file_path: "a.txt", content: "one\ntwo\n" } }]),
        toolReply([{ name: "Write", input: { file_path: "a.txt", content: "one\n2\nthree\n", overwrite: true } }]),
        textReply("done"),
      ],
    });
    await h.session.prompt("go");
    const changes = await h.session.fileChanges();
    expect(changes.map((c) => [c.path, c.kind, c.added, c.removed, c.tool, c.undoable])).toEqual([
      [join(h.dir, "a.txt"), "created", 2, 0, "Write", true],
      [join(h.dir, "a.txt"), "modified", 2, 1, "Write", true],
    ]);
    expect(new Set(changes.map((c) => c.turnId)).size).toBe(1);
    expect(h.of("file_changed").map((e) => e.change.kind)).toEqual(["created", "modified"]);
  });

  it("tracks files a command created, changed and deleted, by comparing the project before and after", async () => {
    h = await createHarness({ extraTools: [shell((dir) => {
      writeFileSync(join(dir, "new.txt"), "a\nb\nc\n");
      writeFileSync(join(dir, "old.txt"), "changed");
      rmSync(join(dir, "gone.txt"));
    })], replies: [toolReply([{ name: "Shell", input: {} }]), textReply("ok")] });
    writeFileSync(join(h.dir, "old.txt"), "original");
    writeFileSync(join(h.dir, "gone.txt"), "bye");
    mkdirSync(join(h.dir, "node_modules"));
    await h.session.prompt("run it");
    const changes = await h.session.fileChanges();
    expect(changes.map((c) => [c.path.slice(h.dir.length + 1), c.kind, c.added, c.undoable]).sort()).toEqual([
      ["gone.txt", "deleted", 0, false],
      ["new.txt", "created", 3, false],
      ["old.txt", "modified", 0, false],
    ]);
  });

  it("deleting a file the agent created asks nobody in safe mode; a pre-existing file asks; ownership survives a restart", async () => {
    h = await createHarness({ mode: "safe", extraTools: [remove], replies: [] });
    writeFileSync(join(h.dir, "mine-not.txt"), "user's");
    // The agent creates a file (approved), then deletes it: no question the second time.
    h.provider.push(toolReply([{ name: "Write", input: { file_path: "made.txt", content: "x" } }]), textReply("made"));
    const first = h.session.prompt("make");
    h.session.send({ type: "approval_response", id: (await nextEvent(h, "approval_requested")).id, decision: { decision: "approve" } });
    await first;
    const asked = h.of("approval_requested").length;

    const resumed = await h.newSessionFor(h.session.id);
    h.provider.push(toolReply([{ name: "Remove", input: { file_path: "made.txt" } }]), textReply("removed"));
    await resumed.prompt("remove it");
    expect(h.of("approval_requested").length).toBe(asked);
    expect(existsSync(join(h.dir, "made.txt"))).toBe(false);

    h.provider.push(toolReply([{ name: "Remove", input: { file_path: "mine-not.txt" } }]), textReply("no"));
    const third = resumed.prompt("remove the user's file");
    const request = await nextEvent(h, "approval_requested", h.events.length);
    expect(request).toMatchObject({ toolName: "Remove", effect: "destructive" });
    resumed.send({ type: "approval_response", id: request.id, decision: { decision: "reject" } });
    await third;
    expect(existsSync(join(h.dir, "mine-not.txt"))).toBe(true);
  });

  it("a write Ursa died in is recorded at the next start (undo can put it back) and its temporary file removed", async () => {
    h = await createHarness({ replies: [] });
    const path = join(h.dir, "big.txt");
    writeFileSync(path, "old\n");
    // What a killed Write leaves: the intent recorded, the file replaced, no change row, a temporary file.
    await h.store.fileChanges.setPendingChange(h.session.id, { turnId: "t-killed", tool: "Write", at: Date.now(), paths: [{ path, before: "old\n", known: true }] });
    writeFileSync(path, "new\n");
    writeFileSync(join(h.dir, ".big.txt.ursa-999999999-1.tmp"), "half");
    const resumed = await h.newSessionFor(h.session.id);
    expect((await resumed.fileChanges()).map((c) => [c.kind, c.tool, c.turnId, c.undoable])).toEqual([["modified", "Write", "t-killed", true]]);
    expect(existsSync(join(h.dir, ".big.txt.ursa-999999999-1.tmp"))).toBe(false);
    expect(await h.store.fileChanges.pendingChange(h.session.id)).toBeNull();
    await resumed.undoLastTurn();
    expect(readFileSync(path, "utf8")).toBe("old\n");
    // Opening it again records nothing twice.
    expect(await (await h.newSessionFor(h.session.id)).fileChanges()).toEqual([]);
  });

  it("undo puts back the last turn's files (restores, removes created) and survives a restart", async () => {
    h = await createHarness({ replies: [] });
    writeFileSync(join(h.dir, "keep.txt"), "v1\n");
    h.provider.push(
      toolReply([{ name: "Write", input: { file_path: "keep.txt", content: "v2\n", overwrite: true } }, { name: "Write", input: { file_path: "new/deep.txt", content: "n" } }]),
      textReply("changed"),
    );
    await h.session.prompt("change");
    expect(readFileSync(join(h.dir, "keep.txt"), "utf8")).toBe("v2\n");
    const resumed = await h.newSessionFor(h.session.id);
    const result = await resumed.undoLastTurn();
    expect(result.restored).toEqual([join(h.dir, "keep.txt")]);
    // The directory the Write created goes with its file (issue 12: it stayed, empty).
    expect(result.removed).toEqual([join(h.dir, "new/deep.txt"), `${join(h.dir, "new")}/`]);
    expect(readFileSync(join(h.dir, "keep.txt"), "utf8")).toBe("v1\n");
    expect(existsSync(join(h.dir, "new"))).toBe(false);
    expect(await resumed.fileChanges()).toEqual([]);
    expect(h.of("files_undone")).toHaveLength(1);
    expect((await resumed.undoLastTurn()).turnId).toBeNull();
  });

  it("shows a file before and after each turn", async () => {
    h = await createHarness({ replies: [] });
    h.provider.push(toolReply([{ name: "Write", input: { file_path: "d.txt", content: "one\n" } }]), textReply("1"));
    await h.session.prompt("first");
    h.provider.push(toolReply([{ name: "Write", input: { file_path: "d.txt", content: "two\n", overwrite: true } }]), textReply("2"));
    await h.session.prompt("second");
    const [first, second] = await h.session.fileChanges();
    const path = join(h.dir, "d.txt");
    expect(await h.session.fileDiff({ turnId: first!.turnId, path })).toEqual({ path, before: null, after: "one\n", exact: true });
    expect(await h.session.fileDiff({ turnId: second!.turnId, path })).toEqual({ path, before: "one\n", after: "two\n", exact: true });
  });

  it("undo says which files it cannot restore (changed by a command)", async () => {
    h = await createHarness({ extraTools: [shell((dir) => writeFileSync(join(dir, "cmd.txt"), "x"))], replies: [toolReply([{ name: "Shell", input: {} }]), textReply("ok")] });
    await h.session.prompt("run");
    const result = await h.session.undoLastTurn();
    expect(result.skipped).toEqual([{ path: join(h.dir, "cmd.txt"), reason: "changed by Shell, whose earlier content is unknown" }]);
    expect(existsSync(join(h.dir, "cmd.txt"))).toBe(true);
  });
});

describe("undo and the directories a turn created (issue 12)", () => {
  it("removes the ones the turn created, deepest first, never one that existed before, never one that is not empty", async () => {
    h = await createHarness({ replies: [] });
    mkdirSync(join(h.dir, "was-there"));
    h.provider.push(
      toolReply([{ name: "Write", input: { file_path: "was-there/new/deeper/a.txt", content: "a" } }, { name: "Write", input: { file_path: "kept/b.txt", content: "b" } }]),
      textReply("written"),
    );
    await h.session.prompt("write");
    // Files the pane lists: the directories are kept for undo only.
    expect((await h.session.fileChanges()).map((c) => c.path.slice(h.dir.length + 1))).toEqual(["was-there/new/deeper/a.txt", "kept/b.txt"]);
    writeFileSync(join(h.dir, "kept/user.txt"), "the user's");
    const result = await (await h.newSessionFor(h.session.id)).undoLastTurn();
    expect(result.removed.map((p) => p.slice(h.dir.length + 1)).sort()).toEqual(["kept/b.txt", "was-there/new/", "was-there/new/deeper/", "was-there/new/deeper/a.txt"]);
    expect(existsSync(join(h.dir, "was-there"))).toBe(true);
    expect(existsSync(join(h.dir, "was-there/new"))).toBe(false);
    expect(readFileSync(join(h.dir, "kept/user.txt"), "utf8")).toBe("the user's");
  });

  it("a command's mkdir -p and redirection: the directories go with the file", async () => {
    h = await createHarness({ replies: [toolReply([{ name: "Bash", input: { command: "mkdir -p out/logs empty/deeper && echo hi > out/logs/run.txt" } }]), textReply("ok")] });
    await h.session.prompt("run");
    expect(existsSync(join(h.dir, "out/logs/run.txt"))).toBe(true);
    const result = await h.session.undoLastTurn();
    expect(result.skipped).toEqual([]);
    expect(result.removed.map((p) => p.slice(h.dir.length + 1)).sort()).toEqual(["empty/", "empty/deeper/", "out/", "out/logs/", "out/logs/run.txt"]);
    expect(existsSync(join(h.dir, "out"))).toBe(false);
    expect(existsSync(join(h.dir, "empty"))).toBe(false);
  });

  it("undoing a move of an empty tree puts the old directories back, not only removes the new ones (review finding)", async () => {
    h = await createHarness({ replies: [toolReply([{ name: "Bash", input: { command: "mv scaffold renamed" } }]), textReply("ok")] });
    mkdirSync(join(h.dir, "scaffold/src/lib"), { recursive: true });
    await h.session.prompt("rename");
    expect(existsSync(join(h.dir, "renamed/src/lib"))).toBe(true);
    const result = await h.session.undoLastTurn();
    expect(result.removed.map((p) => p.slice(h.dir.length + 1)).sort()).toEqual(["renamed/", "renamed/src/", "renamed/src/lib/"]);
    expect(result.restored.map((p) => p.slice(h.dir.length + 1)).sort()).toEqual(["scaffold/", "scaffold/src/", "scaffold/src/lib/"]);
    expect(existsSync(join(h.dir, "scaffold/src/lib"))).toBe(true);
    expect(existsSync(join(h.dir, "renamed"))).toBe(false);
  });

  it("a turn that only created directories is left to undo, and undo removes them", async () => {
    h = await createHarness({ replies: [toolReply([{ name: "Bash", input: { command: "mkdir -p a/b/c" } }]), textReply("ok")] });
    expect(await h.session.hasUndoableTurn()).toBe(false);
    await h.session.prompt("make");
    // The files list has nothing (directories are for undo only), yet the turn is there to undo.
    expect(await h.session.fileChanges()).toEqual([]);
    expect(await h.session.hasUndoableTurn()).toBe(true);
    const result = await h.session.undoLastTurn();
    expect(result.removed.map((p) => p.slice(h.dir.length + 1)).sort()).toEqual(["a/", "a/b/", "a/b/c/"]);
    expect(existsSync(join(h.dir, "a"))).toBe(false);
    expect(await h.session.hasUndoableTurn()).toBe(false);
  });

  it("a directory a command made without naming it is seen by the scan; a file kept by undo keeps it", async () => {
    h = await createHarness({
      extraTools: [shell((dir) => {
        mkdirSync(join(dir, "made/inner"), { recursive: true });
        mkdirSync(join(dir, "full"));
        writeFileSync(join(dir, "full/unknown.txt"), "x");
      })],
      replies: [toolReply([{ name: "Shell", input: {} }]), textReply("ok")],
    });
    await h.session.prompt("run");
    const result = await h.session.undoLastTurn();
    expect(result.removed.map((p) => p.slice(h.dir.length + 1)).sort()).toEqual(["made/", "made/inner/"]);
    expect(result.skipped.map((s) => s.path.slice(h.dir.length + 1))).toEqual(["full/unknown.txt"]);
    expect(existsSync(join(h.dir, "full/unknown.txt"))).toBe(true);
  });
});

describe("file tracking with the real Bash tool", () => {
  it("a command's changes are tracked; a cd target directory is not reported as a change", async () => {
    h = await createHarness({ replies: [toolReply([{ name: "Bash", input: { command: "mkdir -p sub && cd sub && printf 'a\\nb\\n' > made.txt" } }]), textReply("ok")] });
    await h.session.prompt("run");
    const changes = await h.session.fileChanges();
    expect(changes.map((c) => [c.path.slice(h.dir.length + 1), c.kind, c.tool])).toEqual([["sub/made.txt", "created", "Bash"]]);
  });

  it("a destructive command is never auto-approved because its redirect target is an owned file", async () => {
    h = await createHarness({ mode: "safe", replies: [] });
    writeFileSync(join(h.dir, "keep.txt"), "user file");
    h.provider.push(toolReply([{ name: "Write", input: { file_path: "owned.log", content: "" } }]), textReply("made"));
    const first = h.session.prompt("make a log");
    h.session.send({ type: "approval_response", id: (await nextEvent(h, "approval_requested")).id, decision: { decision: "approve" } });
    await first;
    h.provider.push(toolReply([{ name: "Bash", input: { command: "rm -f keep.txt > owned.log" } }]), textReply("no"));
    const second = h.session.prompt("clean up");
    const request = await nextEvent(h, "approval_requested", h.events.length);
    expect(request).toMatchObject({ toolName: "Bash", effect: "destructive" });
    h.session.send({ type: "approval_response", id: request.id, decision: { decision: "reject" } });
    await second;
    expect(existsSync(join(h.dir, "keep.txt"))).toBe(true);
  });

  it("a cp, mv or touch out of the project asks in auto mode, like a redirect", async () => {
    h = await createHarness({ mode: "auto", replies: [] });
    writeFileSync(join(h.dir, "a.txt"), "a");
    for (const command of ["cp a.txt ~/.ursa-test-rc", "mv a.txt ../moved.txt", "touch /etc/ursa-never"]) {
      h.provider.push(toolReply([{ name: "Bash", input: { command } }]), textReply("ok"));
      const turn = h.session.prompt(command);
      const request = await nextEvent(h, "approval_requested", h.events.length);
      expect(request.detail).toBe(`Bash ${command}`);
      h.session.send({ type: "approval_response", id: request.id, decision: { decision: "reject" } });
      await turn;
    }
    expect(existsSync(join(h.dir, "a.txt"))).toBe(true);
  });

  it("~/ paths are the home directory, so a write there asks even in auto mode", async () => {
    h = await createHarness({ mode: "auto", replies: [toolReply([{ name: "Bash", input: { command: "echo hi > ~/.ursa-test-profile" } }]), textReply("ok")] });
    const turn = h.session.prompt("edit my profile");
    const request = await nextEvent(h, "approval_requested");
    expect(request.toolName).toBe("Bash");
    h.session.send({ type: "approval_response", id: request.id, decision: { decision: "reject" } });
    await turn;
  });
});

describe("validation before approval", () => {
  it("an Edit that cannot apply is reported to the model without asking the user to approve it", async () => {
    h = await createHarness({ mode: "safe", replies: [toolReply([{ name: "Edit", input: { file_path: "n.txt", replacements: [{ old_str: "absent", new_str: "x" }] } }]), textReply("ok")] });
    writeFileSync(join(h.dir, "n.txt"), "present\n");
    await h.session.prompt("edit");
    expect(h.of("approval_requested")).toHaveLength(0);
    expect(h.of("tool_call_finished")[0]!.output).toMatch(/^Error: n\.txt: /);
    expect(readFileSync(join(h.dir, "n.txt"), "utf8")).toBe("present\n");
  });
});

describe("each call is judged when it runs", () => {
  it("a symlink created by an earlier call of the same reply counts: the write through it asks in auto mode", async () => {
    h = await createHarness({ mode: "auto", replies: [] });
    const outside = join(h.dataDir, "..", `ursa-outside-${Date.now()}`);
    mkdirSync(outside);
    h.provider.push(toolReply([{ name: "Bash", input: { command: `ln -s ${outside} evil` } }, { name: "Write", input: { file_path: "evil/pwned", content: "x" } }]), textReply("ok"));
    const turn = h.session.prompt("go");
    const request = await nextEvent(h, "approval_requested");
    expect(request.toolName).toBe("Write");
    h.session.send({ type: "approval_response", id: request.id, decision: { decision: "reject" } });
    await turn;
    expect(existsSync(join(outside, "pwned"))).toBe(false);
  });

  it("a tool that throws while being checked gives the model an error; the turn goes on", async () => {
    const broken: Tool = {
      name: "Broken", description: "test", parameters: { type: "object" }, classify: () => "local_mutation",
      validate: async () => { throw new Error("EACCES: permission denied"); },
      execute: async () => ({ output: "never", success: true }),
    };
    h = await createHarness({ extraTools: [broken], replies: [toolReply([{ name: "Broken", input: {} }]), textReply("recovered")] });
    expect(await h.session.prompt("go")).toEqual({ kind: "complete" });
    expect(h.of("tool_call_finished")[0]).toMatchObject({ success: false, output: "Error: EACCES: permission denied" });
    expect((await h.store.messages.loadContext(h.session.id)).map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  it("a result that finished before an interrupt is stored; the interrupted call is reported cancelled and stored as stopped", async () => {
    const slow: Tool = {
      name: "Slow", description: "test", parameters: { type: "object" }, classify: () => "read_only",
      execute: (_input, ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true })),
    };
    h = await createHarness({ extraTools: [slow], replies: [] });
    writeFileSync(join(h.dir, "r.txt"), "read me");
    h.provider.push(toolReply([{ name: "Read", input: { file_path: "r.txt" }, id: "r1" }, { name: "Slow", input: {}, id: "s1" }]));
    const turn = h.session.prompt("go");
    await nextEvent(h, "tool_call_finished");
    h.session.interrupt();
    expect(await turn).toEqual({ kind: "cancelled" });
    expect(h.of("tool_call_finished").map((e) => [e.id, e.output])).toEqual([["r1", "read me"], ["s1", "Cancelled: the turn was interrupted."]]);
    const stored = (await h.store.messages.loadAllMessages(h.session.id)).filter((m) => m.role === "tool");
    expect(stored.map((m) => [m.toolCallId, m.content])).toEqual([["r1", "read me"], ["s1", STOPPED_RESULT]]);
  });
});

describe("paths and hooks", () => {
  it("no tool may read Ursa's data directory, even through a symlink in the project", async () => {
    h = await createHarness({ replies: [] });
    writeFileSync(join(h.dataDir, "ursa.db"), "secret sessions");
    symlinkSync(h.dataDir, join(h.dir, "innocent"));
    h.provider.push(toolReply([{ name: "Read", input: { file_path: "innocent/ursa.db" } }, { name: "Read", input: { file_path: join(h.dataDir, "ursa.db") } }]), textReply("no"));
    await h.session.prompt("read the db");
    const outputs = h.of("tool_call_finished").map((e) => e.output);
    expect(outputs).toHaveLength(2);
    for (const output of outputs) expect(output).toBe(`Error: ${join(h.dataDir, "ursa.db")} is inside Ursa's data directory, which tools may not read or change.`);
  });

  it("a write through a symlink that leaves the project asks even in auto mode", async () => {
    h = await createHarness({ mode: "auto", replies: [] });
    symlinkSync(h.dataDir, join(h.dir, "out"));
    // The data dir is protected; use a sibling outside directory instead.
    const outside = join(h.dataDir, "..", `ursa-outside-${Date.now()}`);
    mkdirSync(outside);
    symlinkSync(outside, join(h.dir, "elsewhere"));
    h.provider.push(toolReply([{ name: "Write", input: { file_path: "elsewhere/x.txt", content: "x" } }]), textReply("ok"));
    const turn = h.session.prompt("write");
    const request = await nextEvent(h, "approval_requested");
    h.session.send({ type: "approval_response", id: request.id, decision: { decision: "reject" } });
    await turn;
    expect(existsSync(join(outside, "x.txt"))).toBe(false);
  });

  it("tool.before hooks can block a call or rewrite its input; tool.after can replace the result", async () => {
    h = await createHarness({ replies: [] });
    h.hooks.register("tool.before", (call) => (call.input["file_path"] === "secret.txt" ? { block: "secrets are off limits" } : undefined));
    h.hooks.register("tool.before", (call) => (call.toolName === "Write" ? { input: { ...call.input, content: "rewritten" } } : undefined));
    h.hooks.register("tool.after", (call) => (call.toolName === "Read" ? { result: { ...call.result, output: call.result.output.toUpperCase() } } : undefined));
    writeFileSync(join(h.dir, "notes.txt"), "quiet");
    h.provider.push(
      toolReply([{ name: "Read", input: { file_path: "secret.txt" } }, { name: "Write", input: { file_path: "w.txt", content: "original" } }, { name: "Read", input: { file_path: "notes.txt" } }]),
      textReply("ok"),
    );
    await h.session.prompt("go");
    const outputs = h.of("tool_call_finished").map((e) => e.output);
    expect(outputs[0]).toBe("Error: Read was blocked by a plugin: secrets are off limits");
    expect(readFileSync(join(h.dir, "w.txt"), "utf8")).toBe("rewritten");
    expect(outputs[2]).toBe("QUIET");
  });
});

describe("todos", () => {
  it("TodoWrite through the engine stores the list and announces a diff; an identical write announces nothing", async () => {
    const list = (status: string) => ({ todos: [{ content: "parse", status, priority: "high" }, { content: "test", status: "pending", priority: "low" }] });
    h = await createHarness({
      replies: [toolReply([{ name: "TodoWrite", input: list("in_progress") }]), toolReply([{ name: "TodoWrite", input: list("completed") }]), toolReply([{ name: "TodoWrite", input: list("completed") }]), textReply("done")],
    });
    await h.session.prompt("plan");
    const updates = h.of("todo_updated");
    expect(updates).toHaveLength(2);
    expect(updates[0]!.diff.added.map((i) => i.content)).toEqual(["parse", "test"]);
    expect(updates[1]!.diff.changed).toEqual([{ before: { content: "parse", status: "in_progress", priority: "high" }, after: { content: "parse", status: "completed", priority: "high" } }]);
    expect((await h.session.todos()).map((t) => t.status)).toEqual(["completed", "pending"]);
  });

  it("the user's edits are stored, announced, and told to the model with the next prompt", async () => {
    h = await createHarness({ replies: [textReply("noted")] });
    await h.session.editTodos({ op: "add", content: "write docs", priority: "high" });
    await h.session.editTodos({ op: "add", content: "release" });
    await h.session.editTodos({ op: "set_status", index: 0, status: "completed" });
    await h.session.editTodos({ op: "remove", index: 1 });
    expect(await h.session.todos()).toEqual([{ content: "write docs", status: "completed", priority: "high" }]);
    expect(h.of("todo_updated")).toHaveLength(4);
    await h.session.prompt("what's left?");
    const sent = h.provider.requests[0]!.messages.at(-1)!.content;
    expect(sent).toBe("[The user updated the todo list. Todo list (1/1 done):\n  [x] write docs ⚡]\n\nwhat's left?");
    await expect(h.session.editTodos({ op: "remove", index: 5 })).rejects.toThrow(/no todo item 6/);
  });
});
