import { JsdiffLineChanges } from "../../adapters/jsdiff-line-changes/mod.ts";
import { createHarness } from "../support/engine-harness.ts";
import { textReply, toolReply } from "../fakes/scripted-provider.ts";
import { row, time, type BenchRow } from "./measure.ts";

/**
 * What the engine itself costs per turn, with a provider that answers instantly: storing the
 * prompt and reply, loading and assembling the context, emitting events. Measured on a real
 * libSQL file-backed store is in store.bench.ts; here :memory: isolates the engine.
 */
export async function engineBenchmarks(runs: number): Promise<BenchRow[]> {
  const h = await createHarness();
  try {
    // A session with some history, so context loading is realistic.
    for (let i = 0; i < 50; i++) await h.store.insertMessage(h.session.id, { role: i % 2 ? "assistant" : "user", content: `message ${i} ${"x".repeat(400)}`, complete: true });
    const plain = await time(async () => {
      h.provider.push(textReply("ok"));
      await h.session.prompt("hello");
    }, runs, 5);
    const withTool = await time(async () => {
      h.provider.push(toolReply([{ name: "Write", input: { file_path: "bench.txt", content: "x", overwrite: true } }]), textReply("ok"));
      await h.session.prompt("write");
    }, runs, 5);
    // Every line of a 20,000-line file rewritten (a Write of a new version): too few lines are
    // shared for a diff under the cap, which counting shows without diffing; unbounded it took seconds.
    const version = (v: string) => Array.from({ length: 20_000 }, (_, i) => `line ${i} of version ${v}\n`).join("");
    const [before, after] = [version("a"), version("b")];
    const counter = new JsdiffLineChanges();
    const rewrite = await time(() => counter.count(before, after), runs, 1);
    // Every line kept, in reverse order: only the diff can tell, and it stops at its time limit.
    const shuffled = before.split("\n").slice(0, -1).reverse().join("\n") + "\n";
    const reordered = await time(() => counter.count(before, shuffled), runs, 1);
    return [
      row("engine overhead per text turn (provider excluded)", "ms", plain, { max: 5 }),
      row("engine overhead per turn with one Write call (provider excluded)", "ms", withTool),
      row("line changes of a 20,000-line rewrite (the files pane's +/-)", "ms", rewrite, { max: 50 }),
      row("line changes of 20,000 lines reversed (the diff stops at its time limit)", "ms", reordered, { max: 150 }),
    ];
  } finally {
    await h.cleanup();
  }
}
