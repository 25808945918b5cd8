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

describe("SerialQueue with a signal", () => {
  it("drops a task whose signal fires while it waits, and runs the ones behind it", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let release!: () => void;
    const first = queue.run(() => new Promise<void>((resolve) => (release = resolve)).then(() => log.push("first")));
    const controller = new AbortController();
    const dropped = queue.run(async () => log.push("dropped"), controller.signal);
    const third = queue.run(async () => log.push("third"));
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ name: "AbortError" });
    release();
    await Promise.all([first, third]);
    expect(log).toEqual(["first", "third"]);
  });

  it("rejects at once when the signal has already fired, running nothing", async () => {
    const queue = new SerialQueue();
    let ran = false;
    await expect(queue.run(async () => (ran = true), AbortSignal.abort())).rejects.toMatchObject({ name: "AbortError" });
    expect(ran).toBe(false);
  });

  it("lets a started task finish and return its result although its signal fires", async () => {
    const queue = new SerialQueue();
    const controller = new AbortController();
    let release!: () => void;
    const running = queue.run(() => new Promise<string>((resolve) => (release = () => resolve("done"))), controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    release();
    expect(await running).toBe("done");
  });
});
