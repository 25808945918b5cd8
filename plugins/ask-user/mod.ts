import { definePlugin, type ToolDefinition } from "#plugin-api";

interface AskUserInput {
  question: string;
  options?: string[];
}

export const askUserTool: ToolDefinition<AskUserInput> = {
  name: "AskUser",
  description: `Ask the user a question and wait for the answer. Use it when a decision is genuinely theirs
(ambiguous requirements, a choice between approaches with real trade-offs), not for things you can find
out yourself. Give options when the answer is one of a few choices; leave them out for free text.`,
  parameters: {
    type: "object",
    properties: {
      question: { type: "string", minLength: 1 },
      options: { type: "array", items: { type: "string", minLength: 1 }, description: "Choices to offer (optional)." },
    },
    required: ["question"],
    additionalProperties: false,
  },
  classify: () => "read_only",
  async execute(input, ctx) {
    const answer = (await ctx.askUser(input.question, input.options ?? [])).trim();
    if (answer === "") {
      return {
        output: "The user did not answer (skipped, or nobody is present in this run). Proceed with your best judgement and say which assumption you made.",
        success: true,
      };
    }
    return { output: `The user answered: ${answer}`, success: true };
  },
};

export default definePlugin({
  id: "ursa.ask-user",
  version: "1.0.0",
  apiVersion: 1,
  activate(ctx) {
    ctx.registerTool(askUserTool);
  },
});
