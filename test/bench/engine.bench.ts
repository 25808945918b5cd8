import { createHarness } from "../support/engine-harness.ts";
import { textReply, toolReply } from "../fakes/scripted-provider.ts";
import { row, time, type BenchRow } from "./measure.ts";

/**
 * What the engine itself costs per turn, with a provider that answers instantly: storing the
 * prompt and reply, loading and assembling the context, emitting events. Measured on a real
 * libSQL file-backed store is in store.bench.ts; here :memory: isolates the engine.
 */
export async function engineBenchmarks(runs: number): Promise<BenchRow[]> {
  const h = await createHarness({ store: "libsql" });
  try {
    // A session with some history, so context loading is realistic.
    for (let i = 0; i < 50; i++) await h.store.messages.insertMessage(h.session.id, { role: i % 2 ? "assistant" : "user", content: `message ${i} ${"x".repeat(400)}`, complete: true });
    const plain = await time(async () => {
      h.provider.push(textReply("ok"));
      await h.session.prompt("hello");
    }, runs, 5);
    const withTool = await time(async () => {
      h.provider.push(toolReply([{ name: "Write", input: { file_path: "bench.txt", content: "x", overwrite: true } }]), textReply("ok"));
      await h.session.prompt("write");
    }, runs, 5);
    return [
      row("engine overhead per text turn (provider excluded)", "ms", plain, { max: 5 }),
      row("engine overhead per turn with one Write call (provider excluded)", "ms", withTool),
    ];
  } finally {
    await h.cleanup();
  }
}
