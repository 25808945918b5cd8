import { describe, expect, it } from "vitest";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { todoWriteTool } from "./mod.ts";

const item = (content: string, status = "pending", priority = "medium") => ({ content, status, priority }) as never;

describe("TodoWrite", () => {
  it("replaces the list and shows it with status glyphs and high-priority marks", async () => {
    const { ctx } = makeToolContext("/p");
    const result = await todoWriteTool.execute({ todos: [item("plan", "completed"), item("build", "in_progress", "high"), item("ship")] }, ctx);
    expect(result).toEqual({ success: true, output: "Todo list updated (1/3 done):\n  [x] plan\n  [→] build ⚡\n  [ ] ship" });
    expect(await ctx.todos.read()).toHaveLength(3);
  });

  it("refuses two items in progress and stores nothing", async () => {
    const { ctx } = makeToolContext("/p");
    const result = await todoWriteTool.execute({ todos: [item("a", "in_progress"), item("b", "in_progress")] }, ctx);
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/2 tasks are marked 'in_progress'/);
    expect(await ctx.todos.read()).toEqual([]);
  });

  it("says an identical rewrite changed nothing", async () => {
    const { ctx } = makeToolContext("/p");
    await todoWriteTool.execute({ todos: [item("a")] }, ctx);
    const again = await todoWriteTool.execute({ todos: [item("a")] }, ctx);
    expect(again.output).toMatch(/^Todo list unchanged \(1 tasks\)\. Do not call TodoWrite again/);
  });

  it("clears the list", async () => {
    const { ctx } = makeToolContext("/p");
    await todoWriteTool.execute({ todos: [item("a")] }, ctx);
    expect((await todoWriteTool.execute({ todos: [] }, ctx)).output).toBe("Todo list cleared.");
  });

  it("is read-only, so plan mode allows it", () => {
    expect(todoWriteTool.classify({ todos: [] })).toBe("read_only");
  });
});
