import { rm } from "node:fs/promises";
import { join } from "node:path";
import { openLibsqlStore } from "../../adapters/libsql-store/mod.ts";
import { tempDir } from "../support/cli.ts";
import { recordTurnUsage, turnUsages } from "../../core/application/turn-usage-record.ts";
import { ZERO_USAGE } from "../../core/domain/usage.ts";
import { row, time, type BenchRow } from "./measure.ts";
import { syncBenchmarks } from "./sync.bench.ts";

const MESSAGES = 10_000;
/** The dashboard's history page (ui/tui/session-view.ts). */
const HISTORY_PAGE = 60;
/** A demanding turn: one reply that ran this many tool calls in parallel, each with a long output. */
const PARALLEL_CALLS = 100;
const TOOL_OUTPUT = "x".repeat(16_384);

/** libSQL on a real file in WAL mode, as users run it. */
export async function storeBenchmarks(runs: number): Promise<BenchRow[]> {
  const dir = tempDir("ursa-bench-");
  const url = `file:${join(dir, "bench.db")}`;
  const project = { root: dir, key: `path:${dir}` };
  try {
    const insertSamples: number[] = [];
    let sessionId = "";
    for (let r = 0; r < Math.max(3, Math.ceil(runs / 3)); r++) {
      const store = await openLibsqlStore({ url, deviceId: "bench" });
      sessionId = await store.sessions.createSession({ agentName: "main", project });
      const start = performance.now();
      for (let i = 0; i < MESSAGES; i++) {
        await store.messages.insertMessage(sessionId, { role: i % 2 ? "assistant" : "user", content: `message ${i} ${"lorem ipsum ".repeat(16)}`, complete: true });
      }
      insertSamples.push(performance.now() - start);
      await store.close();
    }
    const store = await openLibsqlStore({ url, deviceId: "bench" });
    const load = await time(() => store.messages.loadContext(sessionId), runs, 2);
    // A session whose every reply ended a turn with its usage line, as a real one; reopening it shows a page of them.
    const withUsage = await store.sessions.createSession({ agentName: "main", project });
    for (let i = 0; i < MESSAGES; i++) {
      await store.messages.insertMessage(withUsage, { role: i % 2 ? "assistant" : "user", content: `message ${i}`, complete: true });
      if (i % 2) await recordTurnUsage(store, withUsage, { usage: { ...ZERO_USAGE, promptTokens: 1_200 + i, completionTokens: 300 }, costUsd: 0.0123, elapsedMs: 4_200, tokensPerSecond: 71 });
    }
    const page = (await store.messages.loadMessagesBefore(withUsage, null, HISTORY_PAGE)).map((m) => m.id);
    const usageLines = await time(() => turnUsages(store.sessions, withUsage, page), runs, 2);
    // After 1,000 turns, a reply with 100 parallel calls stopped with 99 results in: what resume and compaction ask.
    const fanOut = await store.sessions.createSession({ agentName: "main", project });
    for (let i = 0; i < 2_000; i++) await store.messages.insertMessage(fanOut, { role: i % 2 ? "assistant" : "user", content: `message ${i}`, complete: true });
    await store.messages.insertMessage(fanOut, {
      role: "assistant", content: null, complete: true,
      toolCalls: Array.from({ length: PARALLEL_CALLS }, (_, i) => ({ id: `c${i}`, name: "Bash", arguments: `{"command":"make part${i}"}` })),
    });
    for (let i = 0; i < PARALLEL_CALLS - 1; i++) await store.messages.insertToolMessageWithFull(fanOut, { toolCallId: `c${i}`, content: TOOL_OUTPUT, fullContent: TOOL_OUTPUT });
    const tailQuestions = await time(() => Promise.all([store.messages.detectInterruption(fanOut), store.messages.hasPendingToolCalls(fanOut)]), runs, 2);
    await store.close();
    const resume = await time(async () => {
      const s = await openLibsqlStore({ url, deviceId: "bench" });
      await s.sessions.getSession(sessionId);
      await s.messages.detectInterruption(sessionId);
      await s.messages.loadContext(sessionId);
      await s.close();
    }, runs, 1);
    return [
      row(`libSQL: insert ${MESSAGES.toLocaleString("en")} messages one by one`, "ms", insertSamples),
      row(`libSQL: loadContext of a ${MESSAGES.toLocaleString("en")}-message session`, "ms", load, { max: 50 }),
      row(`libSQL: resume that session (open, look up, detect interruption, load)`, "ms", resume),
      row(`libSQL: detect interruption and pending calls after a reply with ${PARALLEL_CALLS} parallel calls (16 KB results)`, "ms", tailQuestions),
      row(`libSQL: usage lines of its newest ${HISTORY_PAGE}-message page, ${(MESSAGES / 2).toLocaleString("en")} turns stored (one read)`, "ms", usageLines, { max: 5 }),
      // Sync of that store to a local sqld (issue 10), in its own file.
      ...(await syncBenchmarks(runs)),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
