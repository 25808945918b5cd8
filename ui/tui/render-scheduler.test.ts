import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KeyDecoder, type Key } from "./keys.ts";
import { RenderScheduler } from "./render-scheduler.ts";

describe("RenderScheduler", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("draws at most once per interval however many requests arrive", () => {
    let frames = 0;
    const s = new RenderScheduler(() => frames++, { intervalMs: 16, now: () => Date.now() });
    for (let i = 0; i < 1_000; i++) {
      s.request();
      vi.advanceTimersByTime(1);
    }
    // 1,000 ms of continuous requests: about 60 frames, never more than one per 16 ms.
    expect(frames).toBeGreaterThanOrEqual(55);
    expect(frames).toBeLessThanOrEqual(63);
  });
});

describe("KeyDecoder", () => {
  it("merges blessed's double Enter, reads Alt+Enter and holds a lone Escape until the chunk ends", async () => {
    const keys: Key[] = [];
    const d = new KeyDecoder((k) => keys.push(k));
    d.feed("\r", { name: "enter" });
    d.feed("\r", { name: "return" });
    d.feed("\x1b", { name: "escape" });
    d.feed("\r", { name: "enter" });
    d.feed("\r", { name: "return" });
    d.feed("x", { name: "x" });
    d.feed("\x1b", { name: "escape" });
    await new Promise((r) => setImmediate(r));
    expect(keys.map((k) => `${k.meta ? "M-" : ""}${k.name}${k.ch ? `:${k.ch}` : ""}`)).toEqual(["enter", "M-enter", "char:x", "escape"]);
  });
});
