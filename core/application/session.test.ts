import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ProviderError } from "../ports/llm-provider.ts";
import { INTERRUPTED_TURN_SENTINEL } from "./context-assembly.ts";
import { SessionService } from "./session-service.ts";
import { NOT_RUN_RESULT, STOPPED_RESULT } from "./tool-dispatch.ts";
import type { Interruption } from "../domain/session-info.ts";
import { createHarness, nextEvent, type Harness } from "../../test/support/engine-harness.ts";
import { textReply, toolReply, usage } from "../../test/fakes/scripted-provider.ts";

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

describe("a turn", () => {
  it("streams text between turn_started and turn_ended and stores a complete reply", async () => {
    h = await createHarness({ replies: [[{ type: "text_delta", text: "Hel" }, { type: "text_delta", text: "lo" }, { type: "done", usage: usage() }]] });
    const reason = await h.session.prompt("hi");
    expect(reason).toEqual({ kind: "complete" });
    const types = h.types();
    expect(types[0]).toBe("turn_started");
    expect(types.at(-1)).toBe("turn_ended");
    expect(types.filter((t) => t === "text_delta")).toHaveLength(2);
    expect(types.indexOf("response_started")).toBeLessThan(types.indexOf("text_delta"));
    expect(types).toContain("usage_reported");
    expect(h.of("turn_ended")[0]!.turnId).toBe(h.of("turn_started")[0]!.turnId);
    const context = await h.store.messages.loadContext(h.session.id);
    expect(context.map((m) => [m.role, m.content])).toEqual([["user", "hi"], ["assistant", "Hello"]]);
    expect(context[1]!.completedAt).not.toBeNull();
    expect((await h.store.sessions.getSession(h.session.id))!.title).toBe("hi");
  });

  it("keeps each turn's totals under its last message, as usage_reported said them (issue 12)", async () => {
    h = await createHarness({ replies: [textReply("one"), toolReply([{ name: "Read", input: { file_path: "none.txt" }, id: "r1" }]), textReply("two")] });
    await h.session.prompt("first");
    await h.session.prompt("second");
    const history = await h.session.history(null, 10);
    const ends = history.filter((m) => m.role === "assistant" && m.toolCalls.length === 0).map((m) => m.id);
    const getMetadata = vi.spyOn(h.store.sessions, "getMetadata");
    const listMetadata = vi.spyOn(h.store.sessions, "listMetadata");
    const kept = await h.session.turnUsages(history.map((m) => m.id));
    // One read for the whole page, not one per message.
    expect([getMetadata.mock.calls.length, listMetadata.mock.calls.length]).toEqual([0, 1]);
    expect([...kept.keys()]).toEqual(ends);
    expect([...kept.values()]).toEqual(h.of("usage_reported").map(({ usage, costUsd, elapsedMs, tokensPerSecond }) => ({ usage, costUsd, elapsedMs, tokensPerSecond })));
  });

  it("runs tools until the model answers without tool calls, and stores every step", async () => {
    h = await createHarness({
      replies: [
        toolReply([{ name: "Write", input: { file_path: "notes/a.txt", content: "alpha\n" }, id: "w1" }]),
        toolReply([{ name: "read_file", input: { file_path: "notes/a.txt" }, id: "r1" }]),
        textReply("Done: the file says alpha."),
      ],
    });
    expect(await h.session.prompt("write and read")).toEqual({ kind: "complete" });
    expect(readFileSync(join(h.dir, "notes/a.txt"), "utf8")).toBe("alpha\n");
    const finished = h.of("tool_call_finished");
    expect(finished.map((e) => [e.name, e.success])).toEqual([["Write", true], ["Read", true]]);
    expect(finished[1]!.output).toBe("alpha\n");
    const context = await h.store.messages.loadContext(h.session.id);
    expect(context.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
    // The third request carried both tool results back to the model.
    const third = h.provider.requests[2]!;
    expect(third.messages.filter((m) => m.role === "tool").map((m) => m.toolCallId)).toEqual(["w1", "r1"]);
    expect(third.tools.map((t) => t.name)).toEqual(expect.arrayContaining(["Read", "Write", "TodoWrite"]));
  });

  it("tells the model about unknown tools and invalid arguments instead of failing the turn", async () => {
    h = await createHarness({
      replies: [
        [
          { type: "tool_call_ready", call: { id: "a", name: "Teleport", arguments: "{}" } },
          { type: "tool_call_ready", call: { id: "b", name: "Read", arguments: "" } },
          { type: "tool_call_ready", call: { id: "c", name: "Read", arguments: "{not json" } },
          { type: "done", usage: usage() },
        ],
        textReply("ok"),
      ],
    });
    await h.session.prompt("go");
    const outputs = h.of("tool_call_finished").map((e) => e.output);
    expect(outputs[0]).toMatch(/unknown tool "Teleport".*Read, Write/);
    expect(outputs[1]).toMatch(/input.file_path is required/);
    expect(outputs[2]).toMatch(/invalid JSON arguments for Read/);
    expect(h.of("turn_ended")[0]!.reason.kind).toBe("complete");
  });

  it("runs consecutive read-only calls concurrently", async () => {
    const order: string[] = [];
    const slowRead = (name: string) => ({
      name,
      description: "test",
      parameters: { type: "object" },
      classify: () => "read_only" as const,
      async execute() {
        order.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`end ${name}`);
        return { output: name, success: true };
      },
    });
    h = await createHarness({ extraTools: [slowRead("SlowA"), slowRead("SlowB")], replies: [toolReply([{ name: "SlowA", input: {} }, { name: "SlowB", input: {} }]), textReply("ok")] });
    await h.session.prompt("go");
    expect(order.slice(0, 2)).toEqual(["start SlowA", "start SlowB"]);
    // Results are stored in the model's order even when they finish in another.
    const tools = (await h.store.messages.loadContext(h.session.id)).filter((m) => m.role === "tool");
    expect(tools.map((m) => m.content)).toEqual(["SlowA", "SlowB"]);
  });
});

describe("approvals", () => {
  it("waits for the matching approval id in safe mode and ignores others", async () => {
    h = await createHarness({ mode: "safe", replies: [toolReply([{ name: "Write", input: { file_path: "x.txt", content: "x" } }]), textReply("written")] });
    const turn = h.session.prompt("write x");
    const request = await nextEvent(h, "approval_requested");
    expect(request.toolName).toBe("Write");
    expect(request.effect).toBe("local_mutation");
    expect(request.preview).toMatchObject({ kind: "write_new", lineCount: 1 });
    h.session.send({ type: "approval_response", id: "not-the-id", decision: { decision: "approve" } });
    await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(join(h.dir, "x.txt"))).toBe(false);
    h.session.send({ type: "approval_response", id: request.id, decision: { decision: "approve" } });
    expect(await turn).toEqual({ kind: "complete" });
    expect(readFileSync(join(h.dir, "x.txt"), "utf8")).toBe("x");
  });

  it("passes a rejection with feedback to the model", async () => {
    h = await createHarness({ mode: "safe", replies: [toolReply([{ name: "Write", input: { file_path: "x.txt", content: "x" } }]), textReply("understood")] });
    const turn = h.session.prompt("write x");
    const request = await nextEvent(h, "approval_requested");
    h.session.send({ type: "approval_response", id: request.id, decision: { decision: "reject_with_feedback", feedback: "use y.txt" } });
    await turn;
    expect(existsSync(join(h.dir, "x.txt"))).toBe(false);
    const toolMessage = h.provider.requests[1]!.messages.find((m) => m.role === "tool")!;
    expect(toolMessage.content).toBe("The user rejected this action with feedback: use y.txt");
  });

  it("blocks mutations in plan mode without asking", async () => {
    h = await createHarness({ mode: "plan", replies: [toolReply([{ name: "Write", input: { file_path: "x.txt", content: "x" } }]), textReply("planned")] });
    await h.session.prompt("write x");
    expect(h.of("approval_requested")).toHaveLength(0);
    expect(h.of("action_blocked")[0]).toMatchObject({ toolName: "Write", detail: "Write x.txt" });
    expect(existsSync(join(h.dir, "x.txt"))).toBe(false);
  });

  it("asks in auto mode for a write outside the project", async () => {
    h = await createHarness({ mode: "auto", replies: [toolReply([{ name: "Write", input: { file_path: "/etc/ursa-test-never", content: "x" } }]), textReply("ok")] });
    const turn = h.session.prompt("write outside");
    const request = await nextEvent(h, "approval_requested");
    h.session.send({ type: "approval_response", id: request.id, decision: { decision: "reject" } });
    await turn;
    expect(h.of("tool_call_finished")[0]!.output).toMatch(/user rejected/);
  });

  it("an interrupt while waiting for approval cancels the turn", async () => {
    h = await createHarness({
      mode: "safe",
      replies: [toolReply([{ name: "Write", input: { file_path: "x.txt", content: "x" }, id: "w1" }, { name: "Write", input: { file_path: "y.txt", content: "y" }, id: "w2" }]), textReply("fine")],
    });
    const turn = h.session.prompt("write x");
    await nextEvent(h, "approval_requested");
    h.session.interrupt();
    expect(await turn).toEqual({ kind: "cancelled" });
    expect(existsSync(join(h.dir, "x.txt"))).toBe(false);
    // Neither call ran, and the store says so: nothing is left "running, outcome unknown".
    const results = (await h.store.messages.loadAllMessages(h.session.id)).filter((m) => m.role === "tool");
    expect(results.map((m) => m.toolCallId)).toEqual(["w1", "w2"]);
    expect(results.every((m) => /^Not run/.test(m.content ?? ""))).toBe(true);
    expect(await h.session.prompt("next")).toEqual({ kind: "complete" });
    expect(JSON.stringify(h.provider.requests[1]!.messages)).not.toContain("No result");
  });
});

describe("cancellation", () => {
  it("an interrupt in a read-only batch stores 'Not run' for a call stopped before it started, and 'stopped by the user' with its output so far for the one that ran", async () => {
    let running!: () => void;
    const isRunning = new Promise<void>((r) => (running = r));
    const untilAborted = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
    const runs = {
      name: "Runs",
      description: "test",
      parameters: { type: "object" },
      classify: () => "read_only" as const,
      async execute(_input: unknown, ctx: { signal: AbortSignal; emitOutputLine: (line: string, isStderr: boolean) => void }) {
        ctx.emitOutputLine("step 1 done", false);
        ctx.emitOutputLine("warning: slow", true);
        running();
        return untilAborted(ctx.signal);
      },
    };
    // Its check is still going when the turn stops: the tool itself never ran.
    const checks = { ...runs, name: "Checks", validate: (_input: unknown, ctx: { signal: AbortSignal }) => untilAborted(ctx.signal), execute: async () => ({ output: "ran", success: true }) };
    h = await createHarness({ extraTools: [runs, checks], replies: [toolReply([{ name: "Runs", input: {}, id: "r1" }, { name: "Checks", input: {}, id: "c1" }]), textReply("fine")] });
    const turn = h.session.prompt("go");
    await isRunning;
    h.session.interrupt();
    expect(await turn).toEqual({ kind: "cancelled" });
    const stopped = `${STOPPED_RESULT}\nOutput so far:\nstep 1 done\nstderr: warning: slow`;
    const results = (await h.store.messages.loadAllMessages(h.session.id)).filter((m) => m.role === "tool");
    expect(results.map((m) => [m.toolCallId, m.content])).toEqual([["r1", stopped], ["c1", NOT_RUN_RESULT]]);
    // Nothing is left "running, outcome unknown" for a resume to report.
    const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, makeSession: ({ id }) => h.newSessionFor(id) });
    expect(await sessions.interruption(h.session.id)).toEqual({ kind: "tool" });
    expect(await h.session.prompt("next")).toEqual({ kind: "complete" });
    const sent = h.provider.requests[1]!.messages.filter((m) => m.role === "tool");
    expect(sent.map((m) => [m.toolCallId, m.content])).toEqual([["r1", stopped], ["c1", NOT_RUN_RESULT]]);
  });

  it("keeps partial text unmarked, leaves it out of the next request, and runs the next turn normally", async () => {
    h = await createHarness({ replies: [{ chunks: [{ type: "text_delta", text: "partial answ" }], waitForAbort: true }, textReply("fresh")] });
    const turn = h.session.prompt("first");
    await nextEvent(h, "text_delta");
    h.session.interrupt();
    expect(await turn).toEqual({ kind: "cancelled" });
    const all = await h.store.messages.loadAllMessages(h.session.id);
    const partial = all.find((m) => m.role === "assistant")!;
    expect(partial.content).toBe("partial answ");
    expect(partial.completedAt).toBeNull();
    expect(await h.session.prompt("second")).toEqual({ kind: "complete" });
    const second = h.provider.requests[1]!;
    expect(second.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "first"],
      ["assistant", INTERRUPTED_TURN_SENTINEL],
      ["user", "second"],
    ]);
    // The sentinel is never stored.
    expect((await h.store.messages.loadAllMessages(h.session.id)).some((m) => m.content === INTERRUPTED_TURN_SENTINEL)).toBe(false);
  });
});

describe("the moment a prompt is sent", () => {
  it("an interrupt right after sending cancels that turn, and the prompt is kept", async () => {
    h = await createHarness({ replies: [textReply("should not be asked for")] });
    const turn = h.session.prompt("stop me");
    expect(h.session.isRunning).toBe(true);
    h.session.interrupt();
    expect(await turn).toEqual({ kind: "cancelled" });
    expect(h.provider.requests).toHaveLength(0);
    expect((await h.store.messages.loadAllMessages(h.session.id)).map((m) => m.content)).toEqual(["stop me"]);
  });

  it("a second prompt sent before the first is stored is queued, not started as a second turn", async () => {
    h = await createHarness({ replies: [textReply("one answer")] });
    const first = h.session.prompt("first");
    const second = h.session.prompt("second");
    expect(second).toBe(first);
    await first;
    expect(h.provider.requests).toHaveLength(1);
    expect(h.provider.requests[0]!.messages.map((m) => m.content)).toEqual(["first\n\nsecond"]);
    expect(h.of("queued_sent").map((e) => e.texts)).toEqual([["second"]]);
  });
});

describe("queued input and the loop cap", () => {
  it("joins texts queued during a turn into one user message before the next request", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const waitTool = {
      name: "Wait",
      description: "waits",
      parameters: { type: "object" },
      classify: () => "read_only" as const,
      async execute() {
        await gate;
        return { output: "waited", success: true };
      },
    };
    h = await createHarness({ extraTools: [waitTool], replies: [toolReply([{ name: "Wait", input: {} }]), textReply("ok")] });
    const turn = h.session.prompt("start");
    await nextEvent(h, "tool_call_started");
    void h.session.prompt("a");
    h.session.send({ type: "queue_next", text: "b" });
    release();
    await turn;
    const last = h.provider.requests[1]!.messages.at(-1)!;
    expect(last).toMatchObject({ role: "user", content: "a\n\nb" });
    // Said once stored, before the request that takes them, so a view can drop its "(queued)" mark.
    expect(h.of("queued_sent").map((e) => e.texts)).toEqual([["a", "b"]]);
    expect(h.types().indexOf("queued_sent")).toBeLessThan(h.types().lastIndexOf("response_started"));
  });

  it("pauses at the loop cap until a decision arrives", async () => {
    const forever = () => toolReply([{ name: "Read", input: { file_path: "f.txt" } }]);
    h = await createHarness({ loopCap: 2, replies: [forever, forever, forever, textReply("stopped")] });
    writeFileSync(join(h.dir, "f.txt"), "f");
    const turn = h.session.prompt("loop");
    const cap = await nextEvent(h, "loop_cap_reached");
    expect(cap).toMatchObject({ cap: 2, recentTools: ["Read", "Read"] });
    h.session.send({ type: "loop_decision", action: "continue50" });
    await turn;
    expect(h.provider.requests).toHaveLength(4);

    const capsBefore = h.of("loop_cap_reached").length;
    const eventsBefore = h.events.length;
    h.provider.push(forever, forever);
    const second = h.session.prompt("again");
    await nextEvent(h, "loop_cap_reached", eventsBefore);
    expect(h.of("loop_cap_reached").length).toBe(capsBefore + 1);
    h.session.send({ type: "loop_decision", action: "stop" });
    expect(await second).toEqual({ kind: "complete" });
  });
});

/** How the session's last turn was left, as the service reads it, also on a resume (a fresh object, as after a restart); that object's next turn clears it. */
async function expectLeftOverUntilNextTurn(h: Harness, left: Interruption): Promise<void> {
  const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, makeSession: ({ id }) => h.newSessionFor(id) });
  expect(await sessions.interruption(h.session.id)).toEqual(left);
  const resumed = await sessions.resume(h.session.id);
  expect(resumed.interruption).toEqual(left);
  await resumed.session.runTurn();
  expect(await sessions.interruption(h.session.id)).toBeNull();
}

describe("provider failures", () => {
  it("retries rate limits before anything streamed, warning each time", async () => {
    const limited = () => ({ error: new ProviderError("rate_limited", "429 rate limited", { status: 429 }) });
    h = await createHarness({ replies: [limited, limited, textReply("finally")] });
    expect(await h.session.prompt("hi")).toEqual({ kind: "complete" });
    expect(h.of("warn").filter((w) => /Rate limited\. Retrying/.test(w.message))).toHaveLength(2);
    expect(h.provider.requests).toHaveLength(3);
  });

  it("does not retry after text streamed; the turn ends with the error and the partial is not complete", async () => {
    h = await createHarness({ replies: [{ chunks: [{ type: "text_delta", text: "half" }], error: new ProviderError("network", "connection dropped mid-stream") }] });
    const reason = await h.session.prompt("hi");
    expect(reason).toEqual({ kind: "error", message: "connection dropped mid-stream" });
    expect(h.provider.requests).toHaveLength(1);
    expect(h.of("error")[0]!.message).toBe("connection dropped mid-stream");
    expect((await h.store.messages.loadContext(h.session.id)).map((m) => m.role)).toEqual(["user"]);
  });

  it("fails clearly on a non-retryable error", async () => {
    h = await createHarness({ replies: [{ error: new ProviderError("auth", "Anthropic rejected the API key (401). Set ANTHROPIC_API_KEY to a valid key.") }] });
    const reason = await h.session.prompt("hi");
    expect(reason).toMatchObject({ kind: "error", message: expect.stringContaining("ANTHROPIC_API_KEY") });
    expect(h.provider.requests).toHaveLength(1);
  });

  it("says and stores why a turn failed, so a restart shows failed, not interrupted; an interruption or a good turn clears it (issue 12)", async () => {
    const refused = () => ({ error: new ProviderError("auth", "Anthropic rejected the API key (401). Set ANTHROPIC_API_KEY to a valid key.", { status: 401 }) });
    h = await createHarness({ replies: [refused, textReply("fine now")] });
    await h.session.prompt("hi");
    const said = "Anthropic rejected the API key (401). Set ANTHROPIC_API_KEY to a valid key.";
    expect(h.of("turn_failed").map((e) => e.reason)).toEqual([said]);
    expect(h.types().slice(-3)).toEqual(["turn_failed", "usage_reported", "turn_ended"]);
    await expectLeftOverUntilNextTurn(h, { kind: "failed", reason: said });
  });

  it("stores a failure in the words `ursa -p` prints, which name its cause (a base URL ending in /v1), not the kind of error", async () => {
    const message =
      "Anthropic answered 404 because the base URL http://127.0.0.1:9/v1 ends in /v1 (requests went to http://127.0.0.1:9/v1/v1/messages). Set ANTHROPIC_BASE_URL (or --base-url) to http://127.0.0.1:9.";
    h = await createHarness({ replies: [{ error: new ProviderError("not_found", message, { status: 404 }) }] });
    await h.session.prompt("hi");
    expect(h.of("error").map((e) => e.message)).toEqual([message]);
    expect(h.of("turn_failed").map((e) => e.reason)).toEqual([message]);
    expect(await h.store.sessions.getMetadata(h.session.id, "turn_failure")).toBe(message);
  });

  it("a turn stopped at the loop cap says and stores so: a restart shows stopped at the loop cap, not interrupted; the next turn clears it", async () => {
    const forever = () => toolReply([{ name: "Read", input: { file_path: "f.txt" } }]);
    h = await createHarness({ loopCap: 1, replies: [forever, textReply("went on")] });
    writeFileSync(join(h.dir, "f.txt"), "f");
    const turn = h.session.prompt("loop");
    await nextEvent(h, "loop_cap_reached");
    h.session.send({ type: "loop_decision", action: "stop" });
    expect(await turn).toEqual({ kind: "complete" });
    expect(h.of("turn_stopped").map((e) => e.reason)).toEqual(["loop cap"]);
    expect(h.of("turn_failed")).toEqual([]);
    expect(h.types().slice(-3)).toEqual(["turn_stopped", "usage_reported", "turn_ended"]);
    // The history ends on a tool result nobody answered: without the stop stored it read "interrupted".
    await expectLeftOverUntilNextTurn(h, { kind: "stopped", reason: "loop cap" });
  });

  it("a failure stored by another process after this session opened is cleared by its next good turn", async () => {
    h = await createHarness({ replies: [textReply("fine")] });
    const sessions = new SessionService({ sessions: h.store.sessions, messages: h.store.messages, agent: h.session.agent, makeSession: ({ id }) => h.newSessionFor(id) });
    // An `ursa -p --resume` elsewhere failed on this session (or a device's failure was pulled).
    await h.store.sessions.setMetadata(h.session.id, "turn_failure", "401 unauthorized");
    await h.store.sessions.setMetadata(h.session.id, "turn_stopped", "loop cap");
    expect(await sessions.interruption(h.session.id)).toEqual({ kind: "failed", reason: "401 unauthorized" });
    await h.session.prompt("hi");
    expect(await sessions.interruption(h.session.id)).toBeNull();
  });

  it("a turn limit is a failure; a rate limit that outlasts the retries too", async () => {
    h = await createHarness({ replies: [toolReply([{ name: "Read", input: { file_path: "x" }, id: "r1" }]), ...Array.from({ length: 6 }, () => () => ({ error: new ProviderError("rate_limited", "Anthropic rate limit reached (429): slow down", { status: 429 }) }))] });
    await h.session.prompt("go", { limits: { maxTurns: 1 } });
    expect(h.of("turn_failed").map((e) => e.reason)).toEqual(["turn limit: 1 model call"]);
    await h.session.prompt("again");
    expect(h.of("turn_failed").map((e) => e.reason)).toEqual(["turn limit: 1 model call", "Anthropic rate limit reached (429): slow down"]);
  });

  it("compacts once and retries once on a context overflow", async () => {
    h = await createHarness({
      replies: [
        { error: new ProviderError("context_overflow", "prompt is too long") },
        textReply("<analysis>x</analysis><summary>We talked about six things.</summary>"),
        textReply("answer after compaction"),
      ],
    });
    for (let i = 0; i < 6; i++) {
      await h.store.messages.insertMessage(h.session.id, { role: i % 2 ? "assistant" : "user", content: `m${i}`, complete: true });
    }
    expect(await h.session.prompt("next")).toEqual({ kind: "complete" });
    expect(h.of("compacted")).toMatchObject([{ trigger: "overflow", archived: 3, preserved: 4 }]);
    const retried = h.provider.requests[2]!;
    expect(retried.messages[0]!.content).toContain("We talked about six things.");
    expect(retried.messages.at(-1)!.content).toBe("next");
  });
});

describe("context management", () => {
  it("compacts before the request when the context passes 85%", async () => {
    h = await createHarness({ contextWindow: 8_000, replies: [textReply("<summary>short summary</summary>"), textReply("fits now")] });
    for (let i = 0; i < 20; i++) {
      await h.store.messages.insertMessage(h.session.id, { role: i % 2 ? "assistant" : "user", content: `${i} ${"x".repeat(1_500)}`, complete: true });
    }
    await h.session.prompt("go on");
    expect(h.of("compacted")).toMatchObject([{ trigger: "auto", archived: 10, preserved: 11 }]);
    const usages = h.of("context_usage");
    expect(usages[0]!.max).toBe(8_000);
    expect(h.provider.requests[0]!.messages[0]!.content).toContain("<conversation>");
    const active = await h.store.messages.loadContext(h.session.id);
    expect(active[0]!.content).toContain("short summary");
  });

  it("reports context usage every iteration", async () => {
    h = await createHarness({ replies: [toolReply([{ name: "Write", input: { file_path: "a", content: "a" } }]), textReply("ok")] });
    await h.session.prompt("hi");
    expect(h.of("context_usage").length).toBeGreaterThanOrEqual(2);
  });
});

describe("sessions", () => {
  it("run concurrently on one agent without mixing their events", async () => {
    h = await createHarness({ replies: [] });
    const second = await h.newSession();
    h.provider.push(textReply("one"), textReply("two"));
    await Promise.all([h.session.prompt("a"), second.prompt("b")]);
    const bySession = (id: string) => h.events.filter((e) => e.sessionId === id && e.type === "turn_ended");
    expect(bySession(h.session.id)).toHaveLength(1);
    expect(bySession(second.id)).toHaveLength(1);
    expect((await h.store.messages.loadContext(second.id)).map((m) => m.content)).toEqual(["b", expect.stringMatching(/one|two/)]);
  });

  it("saves the trust mode so a resumed session gets it back", async () => {
    h = await createHarness();
    await h.session.setMode("plan");
    expect(await h.store.sessions.getSessionMode(h.session.id)).toBe("plan");
    expect(h.of("status_changed").at(-1)!.mode).toBe("plan");
  });

  it("a slow sink neither blocks the engine nor loses or reorders events", async () => {
    h = await createHarness({ replies: [textReply("a".repeat(10))] });
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.bus.attach({
      async handle(e) {
        // Stuck until the test lets it go: the whole turn runs while this sink has seen nothing.
        await gate;
        seen.push(e.type);
      },
    });
    await h.session.prompt("hi");
    const emitted = h.types().slice(h.types().indexOf("turn_started"));
    expect(h.types()).toContain("turn_ended");
    expect(seen).toEqual([]);
    release();
    await vi.waitFor(() => expect(seen).toHaveLength(emitted.length));
    expect(seen).toEqual(emitted);
  });

});
