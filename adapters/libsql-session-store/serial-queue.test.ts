import { describe, expect, it } from "vitest";
import { SerialQueue } from "./serial-queue.ts";

describe("SerialQueue", () => {
  it("runs tasks one at a time in call order, past failures", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          resolve(name);
        }, ms);
      });
    const results = Promise.allSettled([
      queue.run(task("a", 20)),
      queue.run(() => Promise.reject(new Error("boom"))),
      queue.run(task("b", 1)),
    ]);
    expect((await results).map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "boom", "b"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b"]);
  });
});
