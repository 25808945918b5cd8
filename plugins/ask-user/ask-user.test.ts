import { describe, expect, it } from "vitest";
import { makeToolContext } from "../../test/support/tool-context.ts";
import { askUserTool } from "./mod.ts";

describe("AskUser", () => {
  it("passes the question and options on and returns the answer", async () => {
    const { ctx, questions } = makeToolContext("/p", { answers: ["postgres"] });
    const result = await askUserTool.execute({ question: "Which database?", options: ["postgres", "sqlite"] }, ctx);
    expect(questions).toEqual([{ question: "Which database?", options: ["postgres", "sqlite"] }]);
    expect(result).toEqual({ output: "The user answered: postgres", success: true });
  });

  it("tells the model to proceed when nobody answers", async () => {
    const { ctx } = makeToolContext("/p");
    expect((await askUserTool.execute({ question: "?" }, ctx)).output).toMatch(/did not answer.*best judgement/);
  });
});
