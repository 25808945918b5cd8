import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, nextEvent, type Harness } from "../../test/support/engine-harness.ts";
import { SessionService } from "./session-service.ts";
import { textReply, toolReply } from "../../test/fakes/scripted-provider.ts";

let h: Harness;
afterEach(async () => h?.cleanup());

const task = (prompt: string) => toolReply([{ name: "Task", input: { description: "look around", prompt }, id: "t1" }]);

describe("sub-agents (the Task tool)", () => {
  it("run a child session with a fresh context and return its answer; the child is stored under the parent", async () => {
    h = await createHarness({ replies: [task("Count the files."), textReply("There are 3 files."), textReply("The sub-agent says 3.")] });
    await h.session.prompt("how many files?");
    const started = h.of("subagent_started")[0]!;
    expect(started).toMatchObject({ sessionId: h.session.id, agentName: "task", description: "look around" });
    expect(h.of("subagent_finished")[0]).toMatchObject({ childSessionId: started.childSessionId, reason: { kind: "complete" } });
    // The child saw only its own prompt.
    expect(h.provider.requests[1]!.messages.map((m) => m.content)).toEqual(["Count the files."]);
    expect(h.of("tool_call_finished")[0]!.output).toBe(`There are 3 files.\n\n[sub-agent session ${started.childSessionId}.]`);
    const child = await h.store.sessions.getSession(started.childSessionId);
    expect(child).toMatchObject({ parentId: h.session.id, title: "look around", agentName: "task" });
    expect(h.events.filter((e) => e.sessionId === started.childSessionId && e.type === "turn_ended")).toHaveLength(1);
  });

  it("cannot ask the user: destructive calls are refused to it, AskUser gets no answer, the rest runs", async () => {
    h = await createHarness({
      mode: "auto",
      replies: [
        task("Tidy up."),
        toolReply([{ name: "Write", input: { file_path: "notes.txt", content: "n" } }, { name: "Bash", input: { command: "rm -rf src" } }, { name: "AskUser", input: { question: "ok?" } }]),
        textReply("Wrote notes; could not delete."),
        textReply("done"),
      ],
    });
    await h.session.prompt("tidy");
    expect(h.of("approval_requested")).toHaveLength(0);
    // The question is a fact (for sinks), answered at once with nothing: nobody is there.
    expect(h.of("ask_user_requested").map((e) => e.sessionId)).toEqual([expect.not.stringMatching(h.session.id)]);
    expect(readFileSync(join(h.dir, "notes.txt"), "utf8")).toBe("n");
    const childResults = h.of("tool_call_finished").filter((e) => e.sessionId !== h.session.id).map((e) => e.output);
    expect(childResults[1]).toMatch(/blocked and not executed: a sub-agent may not do this/);
    expect(childResults[2]).toMatch(/did not answer/);
  });

  it("in safe mode may only read: handing work to it does not get around the approval", async () => {
    h = await createHarness({
      mode: "safe",
      replies: [task("Write notes."), toolReply([{ name: "Write", input: { file_path: "notes.txt", content: "n" } }]), textReply("Could not write."), textReply("done")],
    });
    await h.session.prompt("notes please");
    expect(h.of("approval_requested")).toHaveLength(0);
    expect(existsSync(join(h.dir, "notes.txt"))).toBe(false);
    const childResult = h.of("tool_call_finished").find((e) => e.sessionId !== h.session.id)!;
    expect(childResult.output).toMatch(/in safe mode a sub-agent may only read/);
  });

  it("an interrupt of the parent interrupts the sub-agent", async () => {
    h = await createHarness({ replies: [task("Work slowly."), { chunks: [{ type: "text_delta", text: "working" }], waitForAbort: true }] });
    const turn = h.session.prompt("go");
    await nextEvent(h, "subagent_started");
    await new Promise((r) => setTimeout(r, 20));
    h.session.interrupt();
    expect(await turn).toEqual({ kind: "cancelled" });
    expect(h.of("subagent_finished")[0]!.reason).toEqual({ kind: "cancelled" });
  });

  it("a sub-agent cannot start another, and --continue never picks a sub-agent's session", async () => {
    h = await createHarness({ replies: [task("Delegate further."), task("again"), textReply("I did it myself."), textReply("ok")] });
    await h.session.prompt("go");
    const nested = h.of("tool_call_finished").find((e) => e.sessionId !== h.session.id)!;
    expect(nested.output).toBe("Error: a sub-agent cannot start another sub-agent; do the work yourself.");
    // The child was updated last, but continuing means the user's own session.
    const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, makeSession: ({ id }) => h.newSessionFor(id) });
    expect((await sessions.continueLatest()).session.id).toBe(h.session.id);
  });

  it("opening a working sub-agent's session shares the running one; once it is done the user can take it over", async () => {
    h = await createHarness({
      mode: "safe",
      replies: [
        task("Work slowly."),
        { chunks: [{ type: "text_delta", text: "working" }], waitForAbort: true },
        toolReply([{ name: "Write", input: { file_path: "later.txt", content: "x" } }]),
      ],
    });
    const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, makeSession: ({ id }) => h.newSessionFor(id) });
    const { session: parent } = await sessions.resume(h.session.id);
    const turn = parent.prompt("go");
    const started = await nextEvent(h, "subagent_started");
    // Working: streaming its reply (an interrupt before that would stop it before it asked the model).
    await nextEvent(h, "text_delta", h.events.indexOf(started));
    const opened = await sessions.resume(started.childSessionId);
    expect(opened.session.isRunning).toBe(true);
    expect(opened.interruption).toBeNull();
    parent.interrupt();
    await turn;
    // Now an ordinary session of the user's: its changes ask, as in any safe-mode session.
    const answered = opened.session.prompt("write later.txt");
    await nextEvent(h, "approval_requested");
    opened.session.interrupt();
    await answered;
  });

  it("interrupting the sub-agent alone stops only it: the parent is told and carries on", async () => {
    h = await createHarness({ replies: [task("Work slowly."), { chunks: [{ type: "text_delta", text: "working" }], waitForAbort: true }, textReply("I will do it myself.")] });
    const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, makeSession: ({ id }) => h.newSessionFor(id) });
    const { session: parent } = await sessions.resume(h.session.id);
    const turn = parent.prompt("go");
    const started = await nextEvent(h, "subagent_started");
    await nextEvent(h, "text_delta"); // the sub-agent is streaming
    (await sessions.resume(started.childSessionId)).session.interrupt();
    expect(await turn).toEqual({ kind: "complete" });
    const result = h.of("tool_call_finished").find((e) => e.sessionId === h.session.id)!;
    expect(result).toMatchObject({ success: false });
    expect(result.output).toMatch(/It was interrupted\.\]$/);
    expect(await h.store.messages.lastAssistantMessage(h.session.id)).toBe("I will do it myself.");
  });

  it("follows its parent's trust mode while it works: switching to safe mid-task stops its writes", async () => {
    h = await createHarness({
      mode: "auto",
      replies: [
        task("Write notes."),
        () => {
          void h.session.setMode("safe"); // the user presses Shift+Tab while the sub-agent works
          return toolReply([{ name: "Write", input: { file_path: "notes.txt", content: "n" } }]);
        },
        textReply("Could not write."),
        textReply("done"),
      ],
    });
    await h.session.prompt("notes please");
    expect(existsSync(join(h.dir, "notes.txt"))).toBe(false);
    const childResult = h.of("tool_call_finished").find((e) => e.sessionId !== h.session.id)!;
    expect(childResult.output).toMatch(/in safe mode a sub-agent may only read/);
  });
});
